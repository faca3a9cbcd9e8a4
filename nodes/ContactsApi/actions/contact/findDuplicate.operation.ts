import type { IDataObject } from 'n8n-workflow';

import { forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { contactsApiRequest } from '../../transport';
import { locationOptions, readLocationId } from '../common';
import { readSimplify, simplifyContacts, simplifyProperties } from './simplify';

export interface Prepared {
	qs: IDataObject;
	simplify: boolean;
}

export const findDuplicate: NodeOperation<Prepared> = {
	description: forOperation('contact', 'findDuplicate', [
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description: 'Email to look for. Give Email, Phone or both.',
		},
		{
			displayName: 'Phone',
			name: 'phone',
			type: 'string',
			placeholder: '+14155552671',
			default: '',
			description: 'Phone number to look for (E.164). Give Email, Phone or both.',
		},
		...simplifyProperties,
		locationOptions,
	]),

	async prepare(itemIndex, validate) {
		const email = String(this.getNodeParameter('email', itemIndex, '') ?? '').trim();
		const phone = String(this.getNodeParameter('phone', itemIndex, '') ?? '').trim();
		if (!email && !phone) validate.fail('Email (email) or Phone (phone)', 'give at least one of them');
		const qs: IDataObject = {};
		if (email) qs.email = validate.email('Email (email)', email);
		if (phone) qs.number = validate.phone('Phone (phone)', phone);
		const locationId = await readLocationId(this, itemIndex, validate);
		return { qs: { locationId, ...qs }, simplify: readSimplify(this, itemIndex) };
	},

	async run({ qs, simplify }, itemIndex) {
		const response = await contactsApiRequest<{ contact?: IDataObject | null }>(this, {
			method: 'GET',
			path: '/contacts/search/duplicate',
			qs,
			idempotent: true,
			scope: 'contacts.readonly',
			itemIndex,
		});
		// One item either way, so a following IF node can branch on `found`.
		const contact = response.contact ?? null;
		if (contact === null) return { found: false, contact };
		return { found: true, contact: simplify ? (await simplifyContacts(this, [contact]))[0] : contact };
	},
};
