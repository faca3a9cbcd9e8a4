import type { IDataObject } from 'n8n-workflow';

import { oneOf, openChoice, SOURCE_OPTIONS } from '../common';
import { listOperation } from '../generic';

export const getAll = listOperation('channel', 'getAll', {
	path: '/channels',
	key: 'channels',
	filters: [
		{
			displayName: 'Active',
			name: 'active',
			type: 'options',
			options: [
				{ name: 'Active Only', value: 'true' },
				{ name: 'Inactive Only', value: 'false' },
			],
			default: 'true',
		},
		{
			displayName: 'Type',
			name: 'type',
			type: 'options',
			options: SOURCE_OPTIONS,
			default: 'whatsapp',
			description: 'Only channels of this platform',
		},
	],
	readFilters(filters, validate) {
		const qs: IDataObject = {};
		if (filters.type !== undefined) qs.type = openChoice(validate, 'Type (type)', filters.type);
		if (filters.active !== undefined) qs.active = oneOf(validate, 'Active (active)', String(filters.active), ['true', 'false']) === 'true';
		return qs;
	},
});
