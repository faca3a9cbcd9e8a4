import { forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { callbellApiRequest, pathSegment } from '../../transport';
import { readId } from '../common';
import { userUuidField } from './fields';

export const clear: NodeOperation<{ uuid: string }> = {
	description: forOperation('userStatus', 'clear', [userUuidField]),

	prepare(itemIndex, validate) {
		return { uuid: readId(this, itemIndex, validate, 'userUuid', 'User UUID') };
	},

	async run({ uuid }, itemIndex) {
		await callbellApiRequest(this, {
			method: 'DELETE',
			path: `/users/${pathSegment(uuid)}/status`,
			idempotent: true,
			itemIndex,
			subject: `user "${uuid}"`,
		});
		return { userUuid: uuid, cleared: true };
	},
};
