import type { IDataObject } from 'n8n-workflow';

import { forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { callbellApiRequest } from '../../transport';

export const get: NodeOperation<Record<string, never>> = {
	description: forOperation('plan', 'get', []),

	prepare() {
		return {};
	},

	async run(_prepared, itemIndex) {
		return await callbellApiRequest<IDataObject>(this, { method: 'GET', path: '/plan', idempotent: true, itemIndex });
	},
};
