import { contactSetOperation } from '../contactRecordOperations';
import { followersProperty, readFollowers } from './fields';

// Removing a user who does not follow the contact is a no-op.
export const remove = contactSetOperation<{ followers?: string[]; followersRemoved?: string[] }>({
	resource: 'follower',
	operation: 'remove',
	method: 'DELETE',
	property: followersProperty,
	readValues: readFollowers,
	// The API answers with the remaining followers and the ones this call removed.
	output: (contactId, _followers, response) => ({
		success: true,
		contactId,
		followers: response.followers ?? [],
		followersRemoved: response.followersRemoved ?? [],
	}),
});
