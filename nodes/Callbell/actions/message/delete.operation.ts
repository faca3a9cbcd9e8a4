import type { NodeOperation } from '../../../shared/items';
import { callbellApiRequest, pathSegment } from '../../transport';
import { readId } from '../common';
import { messageUuid } from './fields';

/**
 * The docs' title says DELETE /messages/:uuid; their snippet sends DELETE /messages with a
 * {uuid} body. The node follows the title.
 */
export const deleteMessage: NodeOperation<{ uuid: string }> = {
	description: messageUuid('delete', 'The UUID of the message to delete'),

	prepare(itemIndex, validate) {
		return { uuid: readId(this, itemIndex, validate, 'messageUuid', 'Message UUID') };
	},

	async run({ uuid }, itemIndex) {
		await callbellApiRequest(this, {
			method: 'DELETE',
			path: `/messages/${pathSegment(uuid)}`,
			idempotent: true,
			itemIndex,
			subject: `message "${uuid}"`,
		});
		return { uuid, deleted: true };
	},
};
