import type { IDataObject } from 'n8n-workflow';

import { forOperation, listedOptions } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { locationOptions, readLocationId } from '../common';
import { addOrRemove, bulkRequest, contactIdsProperty, readAddOrRemove, readContactIds } from './fields';

export interface Prepared {
	type: 'add' | 'remove';
	body: IDataObject;
}

export const updateTags: NodeOperation<Prepared> = {
	description: forOperation('bulk', 'updateTags', [
		addOrRemove('tagAction', 'Add Tags', 'Remove Tags'),
		contactIdsProperty,
		{
			displayName: 'Remove All Tags',
			name: 'removeAllTags',
			type: 'boolean',
			default: false,
			description: 'Whether to remove every tag of the contacts instead of the ones listed',
			displayOptions: { show: { tagAction: ['remove'] } },
		},
		listedOptions('Tag', 'tags', 'getTags',
			'Tags to add or remove.', { displayOptions: { hide: { removeAllTags: [true] } } },
		),
		locationOptions,
	]),

	async prepare(itemIndex, validate) {
		const type = readAddOrRemove(this, itemIndex, validate, 'tagAction');
		const contacts = readContactIds(this, itemIndex, validate);
		const removeAllTags = type === 'remove' && (this.getNodeParameter('removeAllTags', itemIndex, false) as boolean);
		const rawTags = removeAllTags ? [] : (this.getNodeParameter('tags', itemIndex, []) as unknown);
		const tagList = Array.isArray(rawTags) ? rawTags : String(rawTags ?? '').split(',');
		const tags = removeAllTags ? [] : validate.nonEmptyList('Tag Names or IDs (tags)', tagList.map(String));
		const locationId = await readLocationId(this, itemIndex, validate);
		const body: IDataObject = { locationId, contacts, tags };
		if (removeAllTags) body.removeAllTags = true;
		return { type, body };
	},

	async run({ type, body }, itemIndex) {
		// Adding or removing the same tags twice ends in the same state, so retries are safe.
		return await bulkRequest(this, `/contacts/bulk/tags/update/${type}`, body, itemIndex);
	},
};
