import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listedOptions } from '../../../shared/descriptions';
import type { Validator } from '../../../shared/validation';
import { readIdList } from '../common';
import { contactSetOperation } from '../contactRecordOperations';

export const followersProperty: INodeProperties = listedOptions('Follower', 'followers', 'getUsers',
	'Users who follow the contact.', { required: true },
);

export function readFollowers(ctx: IExecuteFunctions, itemIndex: number, validate: Validator): string[] {
	return readIdList(ctx, itemIndex, validate, 'followers', 'Followers');
}

/**
 * Follower → Add or Remove: POST or DELETE /contacts/{contactId}/followers with
 * `{followers: [...]}`. The API answers with the contact's followers now and the ones this
 * call changed (`followersAdded` / `followersRemoved`); the output keeps both.
 */
export function followerChange(operation: 'add' | 'remove', method: 'POST' | 'DELETE', changed: 'followersAdded' | 'followersRemoved') {
	return contactSetOperation<Partial<Record<'followers' | typeof changed, string[]>>>({
		resource: 'follower',
		operation,
		method,
		property: followersProperty,
		readValues: readFollowers,
		output: (contactId, _followers, response) => ({
			success: true,
			contactId,
			followers: response.followers ?? [],
			[changed]: response[changed] ?? [],
		}),
	});
}
