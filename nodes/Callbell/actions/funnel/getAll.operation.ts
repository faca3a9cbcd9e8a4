import type { IDataObject } from 'n8n-workflow';

import { forOperation, readLimit, returnAllAndLimit } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { callbellApiRequest } from '../../transport';

/** GET /funnels answers the whole list at once (no pages), sorted here by position. */
export const getAll: NodeOperation<{ limit?: number }> = {
	description: forOperation('funnel', 'getAll', returnAllAndLimit()),

	prepare(itemIndex, validate) {
		return { limit: readLimit(this, itemIndex, validate) };
	},

	async run({ limit }, itemIndex) {
		const response = await callbellApiRequest<{ funnels?: IDataObject[] }>(this, {
			method: 'GET',
			path: '/funnels',
			idempotent: true,
			itemIndex,
		});
		const funnels = [...(response.funnels ?? [])].sort((a, b) => Number(a.position ?? 0) - Number(b.position ?? 0));
		return limit === undefined ? funnels : funnels.slice(0, limit);
	},
};
