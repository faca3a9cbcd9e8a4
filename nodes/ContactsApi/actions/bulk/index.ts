import type { INodePropertyOptions } from 'n8n-workflow';

import { operationSelector } from '../../../shared/router';
import { assignBusiness } from './assignBusiness.operation';
import { updateTags } from './updateTags.operation';

export const operations = { assignBusiness, updateTags };

export const resource: INodePropertyOptions = { name: 'Bulk', value: 'bulk' };

export const operationProperty = operationSelector(resource, 'assignBusiness', [
	{ name: 'Assign Business', value: 'assignBusiness', description: 'Add or remove many contacts to or from a business', action: 'Add or remove many contacts to or from a business' },
	{ name: 'Update Tags', value: 'updateTags', description: 'Add or remove tags on many contacts', action: 'Add or remove tags on many contacts' },
]);
