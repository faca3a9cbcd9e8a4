import { forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { dialpadApiRequest, pathSegment } from '../../transport';
import { contactLocator, readContactId } from '../common';

export const get: NodeOperation<{ contactId: string }> = {
	description: forOperation('contact', 'get', [contactLocator()]),

	prepare(itemIndex, validate) {
		return { contactId: readContactId(this, itemIndex, validate) };
	},

	async run({ contactId }, itemIndex) {
		return await dialpadApiRequest(this, {
			method: 'GET',
			path: `/contacts/${pathSegment(contactId)}`,
			idempotent: true,
			itemIndex,
			subject: `contact "${contactId}"`,
		});
	},
};
