import { listResource } from '../list';

/** GET /users (SPEC): `email` filters by address; `limit` is deliberately not sent. */
export const { resource, operations, operationProperty } = listResource({
	resource: { name: 'User', value: 'user' },
	plural: 'users',
	path: '/users',
	filters: [
		{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', description: 'Only the user with this email address' },
	],
	query(validate, filters) {
		return filters.email ? { email: validate.email('Email (email)', filters.email) } : {};
	},
});
