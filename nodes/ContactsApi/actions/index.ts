import { createRouter } from '../../shared/router';
import * as appointment from './appointment';
import * as bulk from './bulk';
import * as campaign from './campaign';
import * as contact from './contact';
import * as follower from './follower';
import * as note from './note';
import * as tag from './tag';
import * as task from './task';
import * as workflow from './workflow';

/** The node's resources, in the order of its "Resource" selector. */
export const router = createRouter('contact', [appointment, bulk, campaign, contact, follower, note, tag, task, workflow]);
