import type { INodePropertyOptions } from 'n8n-workflow';

import { operationSelector, standardOperations } from '../../../shared/router';
import { create } from './create.operation';
import { deleteContact } from './delete.operation';
import { findDuplicate } from './findDuplicate.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { getManyByBusiness } from './getManyByBusiness.operation';
import { search } from './search.operation';
import { update } from './update.operation';
import { upsert } from './upsert.operation';

export const operations = {
	create,
	delete: deleteContact,
	findDuplicate,
	get,
	getAll,
	getManyByBusiness,
	search,
	update,
	upsert,
};

export const resource: INodePropertyOptions = { name: 'Contact', value: 'contact' };

export const operationProperty = operationSelector(resource, 'create', [
	...standardOperations({ one: 'a contact', many: 'contacts' }, ['create', 'delete', 'get', 'getAll', 'update']),
	{
		name: 'Create or Update',
		value: 'upsert',
		description: 'Create a new record, or update the current one if it already exists (upsert)',
		action: 'Create or update a contact',
	},
	{
		name: 'Find Duplicate',
		value: 'findDuplicate',
		description: 'Find the contact that has an email or phone',
		action: 'Find a duplicate contact',
	},
	{
		name: 'Get Many by Business',
		value: 'getManyByBusiness',
		description: 'Get the contacts of a business',
		action: 'Get many contacts of a business',
	},
	{
		name: 'Search',
		value: 'search',
		description: 'Search contacts with filters and sorting',
		action: 'Search contacts',
	},
]);
