import type { IDataObject } from 'n8n-workflow';

import { collection, forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { buildContactBody } from '../../helpers/contactBody';
import { contactFieldProperties } from '../../helpers/contactFieldProperties';
import { customFieldMapper, withMappedCustomFields } from '../../helpers/customFields';
import { markWritesWhere } from '../../../shared/sync/write';
import { guardContactWrite } from '../../helpers/echoGuard';
import { contactsApiRequest } from '../../transport';
import { locationOverride, readLocationId } from '../common';

export interface Prepared {
	body: IDataObject;
	idempotent: boolean;
	untyped?: string;
}

interface UpsertResponse {
	new?: boolean;
	contact?: IDataObject;
	traceId?: string;
}

export const upsert: NodeOperation<Prepared> = {
	clearsFields: true,
	description: forOperation('contact', 'upsert', [
		{
			displayName:
				'Updates the contact whose Email or Phone matches (give at least one), or creates it; empty fields stay unchanged, and the expression {{ null }} clears one.',
			name: 'upsertNotice',
			type: 'notice',
			default: '',
		},
		collection('additionalFields', contactFieldProperties('upsert'), { displayName: 'Contact Fields' }),
		customFieldMapper,
		collection('options', [
			{
				displayName: 'Create New If Duplicates Allowed',
				name: 'createNewIfDuplicateAllowed',
				type: 'boolean',
				default: false,
				description:
					'Whether to always create a new contact when the location allows duplicate contacts. Such a request is not retried after an ambiguous failure, since it could create the contact twice.',
			},
			locationOverride,
			markWritesWhere('An upsert does not know the contact before it writes: this n8n process remembers the write (regular mode).'),
		]),
	]),

	async prepare(itemIndex, validate) {
		const locationId = await readLocationId(this, itemIndex, validate);
		const fields = withMappedCustomFields(this, itemIndex, this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject);
		const { body, untyped } = await buildContactBody(this, 'upsert', validate, fields, locationId);
		if (!body.email && !body.phone) {
			// Without a match key every call would create a contact: not an upsert, and unsafe to retry.
			validate.fail('Contact Fields → Email or Phone', 'an upsert needs Email or Phone to find the contact');
		}
		const createNew = this.getNodeParameter('options.createNewIfDuplicateAllowed', itemIndex, false) as boolean;
		if (createNew) body.createNewIfDuplicateAllowed = true;
		return { body: { ...body, locationId }, idempotent: !createNew, untyped };
	},

	async run({ body, idempotent, untyped }, itemIndex) {
		const guard = await guardContactWrite(this, itemIndex, undefined, body, async () => body.locationId as string, { upsert: true });
		const response = await contactsApiRequest<UpsertResponse>(this, {
			method: 'POST',
			path: '/contacts/upsert',
			body: guard.body,
			idempotent,
			scope: 'contacts.write',
			itemIndex,
			uncheckedInput: untyped,
		});
		return guard.finish({ ...(response.contact ?? {}), new: response.new === true });
	},
};
