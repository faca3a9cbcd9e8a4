import { choice } from '../../../shared/descriptions';
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
		choice('Status', 'status', [
			{ name: 'Available', value: 'available' },
			{ name: 'Away', value: 'away' },
		], 'available', { description: 'Only members with this availability' }),
	],
	readFilters(filters, validate) {
		return filters.status !== undefined ? { status: oneOf(validate, 'Status (status)', filters.status, ['available', 'away']) } : {};
	},
});
