import type { IDataObject } from 'n8n-workflow';

import { forOperation, requiredString } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { callbellApiRequest } from '../../transport';
import { requiredText } from '../common';

export const create: NodeOperation<{ name: string }> = {
	description: forOperation('customStatus', 'create', [
		requiredString('Name', 'name', {
			placeholder: 'e.g. Lunch',
			description: 'Name of the status agents can show (assign it with User Status → Set)',
		}),
	]),

	prepare(itemIndex, validate) {
		return { name: requiredText(validate, 'Name (name)', this.getNodeParameter('name', itemIndex, ''), 255).trim() };
	},

	async run({ name }, itemIndex) {
		const response = await callbellApiRequest<{ customStatus?: IDataObject }>(this, {
			method: 'POST',
			path: '/custom_statuses',
			body: { name },
			idempotent: false,
			itemIndex,
			action: 'create the custom status',
		});
		return response.customStatus ?? {};
	},
};
