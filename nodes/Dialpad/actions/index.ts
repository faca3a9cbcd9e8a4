import { createRouter } from '../../shared/router';
import * as call from './call';
import * as contact from './contact';
import * as number from './number';
import * as office from './office';
import * as sms from './sms';
import * as user from './user';

/** The node's resources, in the order of its "Resource" selector. */
export const router = createRouter('contact', [call, contact, number, office, sms, user]);
