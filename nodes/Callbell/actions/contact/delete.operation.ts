import type { IDataObject } from 'n8n-workflow';

import { forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { callbellApiRequest, pathSegment } from '../../transport';
import { contactLocator, readContactUuid } from '../common';

export const deleteContact: NodeOperation<{ uuid: string }> = {
	description: forOperation('contact', 'delete', [
		contactLocator({ description: 'The contact to delete. This cannot be undone.' }),
	]),

	prepare(itemIndex, validate) {
		return { uuid: readContactUuid(this, itemIndex, validate) };
	},

	async run({ uuid }, itemIndex) {
		const response = await callbellApiRequest<IDataObject>(this, {
			method: 'DELETE',
			path: `/contacts/${pathSegment(uuid)}`,
			idempotent: true,
			itemIndex,
			subject: `contact "${uuid}"`,
		});
		return { uuid, deleted: true, status: response?.status ?? 'contact was destroyed' };
	},
};
