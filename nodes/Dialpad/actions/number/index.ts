import { listResource } from '../list';

/** GET /numbers (SPEC; company-admin key). Every number with its target (user, office, …). */
export const { resource, operations, operationProperty } = listResource({
	resource: { name: 'Number', value: 'number' },
	plural: 'numbers',
	path: '/numbers',
	filters: [],
	query() {
		return {};
	},
});
