import { pathSegment } from '../../transport';
import { oneOf, readLocator, teamLocator } from '../common';
import { listOperation } from '../generic';

/** Team members carry email, name and availability; the docs give them no UUID. */
export const getMembers = listOperation('team', 'getMembers', {
	path: '/teams',
	key: 'users',
	leading: [teamLocator()],
	pathFor(validate, itemIndex) {
		return `/teams/${pathSegment(readLocator(this, itemIndex, validate, 'teamUuid', 'Team'))}/members`;
	},
	subject: 'the team',
	filters: [
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			options: [
				{ name: 'Available', value: 'available' },
				{ name: 'Away', value: 'away' },
			],
			default: 'available',
			description: 'Only members with this availability',
		},
	],
	readFilters(filters, validate) {
		return filters.status !== undefined ? { status: oneOf(validate, 'Status (status)', filters.status, ['available', 'away']) } : {};
	},
});
