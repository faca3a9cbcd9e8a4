import type { IDataObject } from 'n8n-workflow';

import { choice } from '../../../shared/descriptions';
import { oneOf, openChoice, SOURCE_OPTIONS } from '../common';
import { listOperation } from '../generic';

export const getAll = listOperation('channel', 'getAll', {
	path: '/channels',
	key: 'channels',
	filters: [
		choice('Active', 'active', [
			{ name: 'Active Only', value: 'true' },
			{ name: 'Inactive Only', value: 'false' },
		], 'true'),
		choice('Type', 'type', SOURCE_OPTIONS, 'whatsapp', { description: 'Only channels of this platform' }),
	],
	readFilters(filters, validate) {
		const qs: IDataObject = {};
		if (filters.type !== undefined) qs.type = openChoice(validate, 'Type (type)', filters.type);
		if (filters.active !== undefined) qs.active = oneOf(validate, 'Active (active)', String(filters.active), ['true', 'false']) === 'true';
		return qs;
	},
});
