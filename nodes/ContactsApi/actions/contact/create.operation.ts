import type { IDataObject, NodeApiError } from 'n8n-workflow';

import { choice, collection, forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { apiResponseBody } from '../../../shared/items';
import { isEmptyValue } from '../../../shared/optional';
import { buildContactBody } from '../../helpers/contactBody';
import { contactFieldProperties } from '../../helpers/contactFieldProperties';
import { customFieldMapper, withMappedCustomFields } from '../../helpers/customFields';
import { HIGHLEVEL_MARK, markWritesWhere } from '../../../shared/sync/write';
import { guardContactWrite } from '../../helpers/echoGuard';
import { contactsApiRequest, duplicateOf, pathSegment } from '../../transport';
import { locationOverride, readLocationId } from '../common';

type IfExists = 'fail' | 'return' | 'update';

export interface Prepared {
	body: IDataObject;
	ifExists: IfExists;
	untyped?: string;
}

const IF_EXISTS: IfExists[] = ['fail', 'return', 'update'];

/** Fields UpdateContactDto lacks: an "update it" after a duplicate cannot send them. */
const NOT_UPDATABLE = ['locationId', 'companyName', 'gender'];

export const create: NodeOperation<Prepared> = {
	description: forOperation('contact', 'create', [
		// Email and Phone come first: one of them (or a name) is what every create sets, and
		// they are what the location's duplicate check matches on.
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description: 'Give Email, Phone or a name (in Additional Fields)',
			displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } },
		},
		{
			displayName: 'Phone',
			name: 'phone',
			type: 'string',
			placeholder: '+14155552671',
			default: '',
			description: 'International format with the country code; spaces, dashes and brackets are fine',
			displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } },
		},
		// Version 1 kept Email and Phone here; its saved workflows must keep them.
		collection(
			'additionalFields',
			contactFieldProperties('create').map((p) =>
				p.name === 'email' || p.name === 'phone' ? { ...p, displayOptions: { show: { '@version': [1] } } } : p,
			),
		),
		customFieldMapper,
		collection('options', [
			choice('If Contact Exists', 'ifExists', [
				{ name: 'Fail', value: 'fail', description: "The item fails; the error keeps the existing contact's ID" },
				{ name: 'Return It', value: 'return', description: 'Output the existing contact unchanged' },
				{
					name: 'Update It',
					value: 'update',
					description: 'Write these fields to the existing contact (except Company Name and Gender, which the API does not update)',
				},
			], 'fail', { description: 'What to do when the location does not allow duplicates and a contact with this email or phone exists (the API names it in its answer)' }),
			locationOverride,
			markWritesWhere(HIGHLEVEL_MARK),
		]),
	]),

	async prepare(itemIndex, validate) {
		const locationId = await readLocationId(this, itemIndex, validate);
		const fields = withMappedCustomFields(this, itemIndex, { ...(this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject) });
		// Version 1 has them in Additional Fields; 1.1 up front.
		for (const key of ['email', 'phone']) {
			const upFront = this.getNodeParameter(key, itemIndex, '') as unknown;
			if (!isEmptyValue(upFront)) fields[key] = upFront as string;
		}
		const { body, untyped } = await buildContactBody(this, 'create', validate, fields, locationId);
		if (!body.email && !body.phone && !body.firstName && !body.lastName && !body.name) {
			validate.fail(
				'Email, Phone or Additional Fields',
				'a contact needs at least one of Email, Phone, First Name, Last Name or Full Name',
			);
		}
		const ifExists = String(this.getNodeParameter('options.ifExists', itemIndex, 'fail')) as IfExists;
		if (!IF_EXISTS.includes(ifExists)) {
			validate.fail('Options → If Contact Exists (ifExists)', `"${ifExists}" is not one of ${IF_EXISTS.join(', ')}`);
		}
		return { body: { ...body, locationId }, ifExists, untyped };
	},

	async run({ body, ifExists, untyped }, itemIndex) {
		// A plain create is not idempotent: it is never retried after an ambiguous failure.
		let failure: NodeApiError | undefined;
		// The stamp assumes a new record; the "update it" path below sends the body unstamped.
		const guard = await guardContactWrite(this, itemIndex, undefined, body, async () => body.locationId as string, { known: {} });
		const created = await contactsApiRequest<{ contact: IDataObject }>(this, {
			method: 'POST',
			path: '/contacts/',
			body: guard.body,
			idempotent: false,
			scope: 'contacts.write',
			itemIndex,
			uncheckedInput: untyped,
		}).catch((error: NodeApiError) => {
			failure = error;
			return undefined;
		});
		if (created) return guard.finish(created.contact);
		const existing = ifExists === 'fail' ? undefined : duplicateOf(apiResponseBody(failure));
		if (!existing) throw failure as NodeApiError;
		const path = `/contacts/${pathSegment(existing.contactId)}`;
		if (ifExists === 'return') {
			const found = await contactsApiRequest<{ contact: IDataObject }>(this, {
				method: 'GET',
				path,
				idempotent: true,
				scope: 'contacts.readonly',
				itemIndex,
			});
			return { ...found.contact, existed: true };
		}
		const update = Object.fromEntries(Object.entries(body).filter(([key]) => !NOT_UPDATABLE.includes(key)));
		const updated = await contactsApiRequest<{ contact: IDataObject }>(this, {
			method: 'PUT',
			path,
			body: update,
			idempotent: true,
			scope: 'contacts.write',
			itemIndex,
			uncheckedInput: untyped,
		});
		return { ...updated.contact, existed: true };
	},
};
