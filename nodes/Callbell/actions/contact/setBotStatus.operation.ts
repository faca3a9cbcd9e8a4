import type { IDataObject } from 'n8n-workflow';

import { choice, forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { readBotStatus } from '../../helpers/contactFields';
import { callbellApiRequest, pathSegment } from '../../transport';
import { BOT_STATUS_OPTIONS, contactLocator, readContactUuid } from '../common';

export const setBotStatus: NodeOperation<{ uuid: string; status: string }> = {
	description: forOperation('contact', 'setBotStatus', [
		contactLocator(),
		choice('Bot Status', 'botStatus', BOT_STATUS_OPTIONS, 'bot_end', {
			description: 'Start or stop the bot for this contact. A bot must be enabled in the account.',
		}),
	]),

	prepare(itemIndex, validate) {
		return {
			uuid: readContactUuid(this, itemIndex, validate),
			status: readBotStatus(validate, this.getNodeParameter('botStatus', itemIndex, '')),
		};
	},

	async run({ uuid, status }, itemIndex) {
		// Setting a state twice leaves the same state: safe to retry.
		const response = await callbellApiRequest<{ bot?: IDataObject }>(this, {
			method: 'POST',
			path: `/contacts/${pathSegment(uuid)}/bot`,
			body: { status },
			idempotent: true,
			itemIndex,
			subject: `contact "${uuid}" (or a bot for it)`,
		});
		return { contactUuid: uuid, ...(response.bot ?? {}) };
	},
};
