import { succeeded } from '../apiQuirks';
import { enrolmentOperation } from './fields';

// Removing a contact that is not enrolled is a no-op, so repeating is safe. The spec gives
// the DELETE the same body as the add (CreateWorkflowDto).
export const remove = enrolmentOperation(
	'remove',
	'DELETE',
	'Event start time of the enrolment to remove, as the API accepts it on removal too.',
	({ contactId, workflowId }, response) => ({ success: succeeded(response), contactId, workflowId }),
);
