import { listResource } from '../list';

/** GET /numbers (SPEC; company-admin key). Every number with its target (user, office, …). */
export const { operations, operationProperty } = listResource({
	resource: 'number',
	plural: 'numbers',
	path: '/numbers',
	filters: [],
	query() {
		return {};
	},
});
