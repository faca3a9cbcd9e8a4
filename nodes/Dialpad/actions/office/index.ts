import { listResource } from '../list';

/** GET /offices (SPEC): `active_only`. */
export const { resource, operations, operationProperty } = listResource({
	resource: { name: 'Office', value: 'office' },
	plural: 'offices',
	path: '/offices',
	filters: [{ displayName: 'Active Only', name: 'activeOnly', type: 'boolean', default: false, description: 'Whether to list only active offices' }],
	query(_validate, filters) {
		return filters.activeOnly === true ? { active_only: true } : {};
	},
});
