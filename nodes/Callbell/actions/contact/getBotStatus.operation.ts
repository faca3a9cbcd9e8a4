import type { IDataObject } from 'n8n-workflow';

import { forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { callbellApiRequest, pathSegment } from '../../transport';
import { contactLocator, readContactUuid } from '../common';

/** The contact's bot ("bot" is the only bot API: there is no list of bots). */
export const getBotStatus: NodeOperation<{ uuid: string }> = {
	description: forOperation('contact', 'getBotStatus', [contactLocator()]),

	prepare(itemIndex, validate) {
		return { uuid: readContactUuid(this, itemIndex, validate) };
	},

	async run({ uuid }, itemIndex) {
		const response = await callbellApiRequest<{ bot?: IDataObject }>(this, {
			method: 'GET',
			path: `/contacts/${pathSegment(uuid)}/bot`,
			idempotent: true,
			itemIndex,
			subject: `contact "${uuid}" (or a bot for it)`,
		});
		return { contactUuid: uuid, ...(response.bot ?? {}) };
	},
};
