import type { IDataObject } from 'n8n-workflow';

import { forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { callbellApiRequest, pathSegment } from '../../transport';
import { customStatusLocator, readLocator } from '../common';

/** The docs' snippet uses /custom_status/:id; the page title /custom_statuses/:id, as here. */
export const deleteCustomStatus: NodeOperation<{ id: string }> = {
	description: forOperation('customStatus', 'delete', [
		customStatusLocator({ description: 'The custom status to delete. This cannot be undone.' }),
	]),

	prepare(itemIndex, validate) {
		return { id: readLocator(this, itemIndex, validate, 'customStatusId', 'Custom Status') };
	},

	async run({ id }, itemIndex) {
		const response = await callbellApiRequest<IDataObject>(this, {
			method: 'DELETE',
			path: `/custom_statuses/${pathSegment(id)}`,
			idempotent: true,
			itemIndex,
			subject: `custom status "${id}"`,
		});
		return { id, deleted: true, status: response?.status ?? 'custom status was destroyed' };
	},
};
