import { succeeded } from '../apiQuirks';
import { enrolmentOperation } from './fields';

// Treated as idempotent: enrolment is keyed by contact and workflow, so a repeated add meets
// the existing enrolment (at most updating eventStartTime) rather than starting a second
// one. A workflow set to allow re-entry is the one case this assumption has not been
// checked against the live API.
export const add = enrolmentOperation(
	'add',
	'POST',
	'Time the workflow treats as the start of the event, for time-relative steps.',
	({ contactId, workflowId, body }, response) => ({ success: succeeded(response), contactId, workflowId, ...body }),
);
