import type { IDataObject } from 'n8n-workflow';

import { collection, forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { normalizeContact } from '../../helpers/contactFields';
import { callbellApiRequest, pathSegment } from '../../transport';
import { contactLocator, readContactUuid } from '../common';
import { includeFieldTypesOption } from './getAll.operation';

export interface Prepared {
	uuid: string;
	qs: IDataObject;
}

export const get: NodeOperation<Prepared> = {
	description: forOperation('contact', 'get', [
		contactLocator(),
		collection('options', [includeFieldTypesOption]),
	]),

	prepare(itemIndex, validate) {
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		return {
			uuid: readContactUuid(this, itemIndex, validate),
			qs: options.includeFieldTypes === true ? { include_field_types: true } : {},
		};
	},

	async run({ uuid, qs }, itemIndex) {
		// The docs' example answers `{contact: [ … ]}`: normalizeContact takes the one element.
		const response = await callbellApiRequest<{ contact?: unknown }>(this, {
			method: 'GET',
			path: `/contacts/${pathSegment(uuid)}`,
			qs,
			idempotent: true,
			itemIndex,
			subject: `contact "${uuid}"`,
		});
		return normalizeContact(response.contact);
	},
};
