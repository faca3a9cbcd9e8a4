import type { IDataObject } from 'n8n-workflow';

import { collection, forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import {
	CLEARABLE_FIELDS,
	clearedFields,
	contactDetailFields,
	contactDetails,
	firstNameField,
	lastNameField,
} from '../../helpers/contactFields';
import { guardDialpadContactWrite, guardOptions, runGuarded } from '../../helpers/echoGuard';
import { dialpadApiRequest, pathSegment } from '../../transport';
import { contactLocator, readContactId, setText } from '../common';

export interface Prepared {
	contactId: string;
	body: IDataObject;
}

export const update: NodeOperation<Prepared> = {
	description: forOperation('contact', 'update', [
		contactLocator(),
		collection('updateFields', [firstNameField, lastNameField, ...contactDetailFields]),
		{
			displayName: 'Fields to Clear',
			name: 'clearFields',
			type: 'multiOptions',
			options: CLEARABLE_FIELDS,
			default: [],
			description: 'Fields to empty on purpose (an empty field above leaves the value unchanged)',
		},
		guardOptions('update'),
	]),

	prepare(itemIndex, validate) {
		const contactId = readContactId(this, itemIndex, validate);
		const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		const body: IDataObject = {};
		setText(body, 'first_name', fields.firstName);
		setText(body, 'last_name', fields.lastName);
		Object.assign(body, contactDetails(validate, fields));
		Object.assign(body, clearedFields(validate, this.getNodeParameter('clearFields', itemIndex, []), body));
		if (Object.keys(body).length === 0) {
			validate.fail('Update Fields (updateFields)', 'set at least one field to change or to clear');
		}
		return { contactId, body };
	},

	async run({ contactId, body }, itemIndex) {
		const guard = await guardDialpadContactWrite(this, itemIndex, contactId, body);
		return await runGuarded(guard, async (sent) =>
			await dialpadApiRequest(this, {
				method: 'PATCH',
				path: `/contacts/${pathSegment(contactId)}`,
				body: sent,
				idempotent: true,
				itemIndex,
				subject: `contact "${contactId}"`,
			}),
		);
	},
};
