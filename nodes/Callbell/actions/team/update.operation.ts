import { teamLocator } from '../common';
import { renameOperation } from '../generic';

export const update = renameOperation('team', {
	locator: teamLocator(),
	label: 'Team',
	path: '/teams',
	key: 'team',
	noun: 'team',
	field: 'name',
	fieldLabel: 'Name',
	fieldDescription: 'The new name of the team',
	method: 'PATCH',
});
