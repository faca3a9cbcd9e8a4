import { templateLocator } from '../common';
import { renameOperation } from '../generic';

export const update = renameOperation('template', {
	locator: templateLocator(),
	label: 'Template',
	path: '/templates',
	key: 'template',
	noun: 'template',
	field: 'title',
	fieldLabel: 'Title',
	fieldDescription: 'The new title of the template (its text cannot be changed)',
	method: 'PATCH',
});
