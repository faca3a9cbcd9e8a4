import { membershipOperation } from './fields';

// Removing a contact that is not (or no longer) in the campaign is a no-op.
export const remove = membershipOperation('remove', 'DELETE');
