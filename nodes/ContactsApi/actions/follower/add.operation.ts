import { contactSetOperation } from '../contactRecordOperations';
import { followersProperty, readFollowers } from './fields';

// A user who already follows the contact is not added again.
export const add = contactSetOperation<{ followers?: string[]; followersAdded?: string[] }>({
	resource: 'follower',
	operation: 'add',
	method: 'POST',
	property: followersProperty,
	readValues: readFollowers,
	// The API answers with all followers now and the ones this call actually added.
	output: (contactId, _followers, response) => ({
		success: true,
		contactId,
		followers: response.followers ?? [],
		followersAdded: response.followersAdded ?? [],
	}),
});
