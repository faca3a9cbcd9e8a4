import type { IDataObject } from 'n8n-workflow';

import { collection, forOperation, readLimit, returnAllAndLimit } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { fetchPages, pathSegment } from '../../transport';
import { contactLocator, readContactUuid, readStartPage, startPageOption } from '../common';

export interface Prepared {
	uuid: string;
	limit?: number;
	startPage: number;
}

export const getMessages: NodeOperation<Prepared> = {
	description: forOperation('contact', 'getMessages', [
		contactLocator(),
		...returnAllAndLimit(),
		collection('options', [startPageOption]),
	]),

	prepare(itemIndex, validate) {
		return {
			uuid: readContactUuid(this, itemIndex, validate),
			limit: readLimit(this, itemIndex, validate),
			startPage: readStartPage(this, itemIndex, validate),
		};
	},

	async run({ uuid, limit, startPage }, itemIndex) {
		// Newest first, as Callbell sorts them.
		const rows = await fetchPages(this, {
			path: `/contacts/${pathSegment(uuid)}/messages`,
			key: 'messages',
			limit,
			startPage,
			itemIndex,
			subject: `contact "${uuid}"`,
		});
		return rows.map((m): IDataObject => ({ ...m, contactUuid: uuid }));
	},
};
