import { createRouter } from '../../shared/router';
import * as channel from './channel';
import * as contact from './contact';
import * as customStatus from './customStatus';
import * as funnel from './funnel';
import * as message from './message';
import * as plan from './plan';
import * as team from './team';
import * as template from './template';
import * as userStatus from './userStatus';
import * as webhookEvent from './webhookEvent';

/** The node's resources, in the order of its "Resource" selector. */
export const router = createRouter('message', [channel, contact, customStatus, funnel, message, plan, team, template, userStatus, webhookEvent]);
