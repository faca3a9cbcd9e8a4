import { customStatusLocator } from '../common';
import { getOperation } from '../generic';

export const get = getOperation('customStatus', {
	locator: customStatusLocator(),
	label: 'Custom Status',
	path: '/custom_statuses',
	key: 'customStatus',
	noun: 'custom status',
});
