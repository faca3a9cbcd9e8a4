import { customStatusLocator } from '../common';
import { renameOperation } from '../generic';

export const update = renameOperation('customStatus', {
	locator: customStatusLocator(),
	label: 'Custom Status',
	path: '/custom_statuses',
	key: 'customStatus',
	noun: 'custom status',
	field: 'name',
	fieldLabel: 'Name',
	fieldDescription: 'The new name of the custom status',
	method: 'PUT',
});
