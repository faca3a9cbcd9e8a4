import type { IDataObject } from 'n8n-workflow';

import { forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { buildContactBody, contactFieldProperties } from '../../helpers/contactFields';
import { contactsApiRequest } from '../../transport';
import { locationOptions, readLocationId } from '../common';

export interface Prepared {
	body: IDataObject;
}

export const create: NodeOperation<Prepared> = {
	description: forOperation('contact', 'create', [
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: contactFieldProperties('create'),
		},
		locationOptions,
	]),

	async prepare(itemIndex, validate) {
		const locationId = await readLocationId(this, itemIndex, validate);
		const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const body = await buildContactBody(this, 'create', validate, fields, locationId);
		if (!body.email && !body.phone && !body.firstName && !body.lastName && !body.name) {
			validate.fail(
				'Additional Fields',
				'a contact needs at least one of Email, Phone, First Name, Last Name or Full Name',
			);
		}
		return { body: { ...body, locationId } };
	},

	async run({ body }, itemIndex) {
		// A plain create is not idempotent: it is never retried after an ambiguous failure.
		const response = await contactsApiRequest<{ contact: IDataObject }>(this, {
			method: 'POST',
			path: '/contacts/',
			body,
			idempotent: false,
			scope: 'contacts.write',
			itemIndex,
		});
		return response.contact;
	},
};
