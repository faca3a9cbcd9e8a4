import type { IDataObject } from 'n8n-workflow';

import type { NodeOperation } from '../../../shared/items';
import { callbellApiRequest, pathSegment } from '../../transport';
import { readId } from '../common';
import { messageUuid } from './fields';

export const getStatus: NodeOperation<{ uuid: string }> = {
	description: messageUuid('getStatus', 'The UUID Callbell returned when the message was sent'),

	prepare(itemIndex, validate) {
		return { uuid: readId(this, itemIndex, validate, 'messageUuid', 'Message UUID') };
	},

	async run({ uuid }, itemIndex) {
		const response = await callbellApiRequest<{ message?: IDataObject }>(this, {
			method: 'GET',
			path: `/messages/status/${pathSegment(uuid)}`,
			idempotent: true,
			itemIndex,
			subject: `message "${uuid}"`,
		});
		return response.message ?? { uuid };
	},
};
