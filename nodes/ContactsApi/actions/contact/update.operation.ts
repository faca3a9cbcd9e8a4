import type { IDataObject } from 'n8n-workflow';

import { collection, forOperation } from '../../../shared/descriptions';
import { clearNotice } from '../../../shared/optional';
import type { NodeOperation } from '../../../shared/items';
import { buildContactBody } from '../../helpers/contactBody';
import { contactFieldProperties } from '../../helpers/contactFieldProperties';
import { customFieldMapper, withMappedCustomFields } from '../../helpers/customFields';
import { HIGHLEVEL_MARK, markWritesWhere, runGuarded, skipUnchangedOption } from '../../../shared/sync/write';
import { Validator } from '../../../shared/validation';
import { guardContactWrite } from '../../helpers/echoGuard';
import { contactsApiRequest, pathSegment } from '../../transport';
import { contactLocator, locationOverride, readContactId, readLocationId } from '../common';

export interface Prepared {
	contactId: string;
	body: IDataObject;
	untyped?: string;
}

export const update: NodeOperation<Prepared> = {
	clearsFields: true,
	description: forOperation('contact', 'update', [
		contactLocator(),
		clearNotice,
		collection('updateFields', contactFieldProperties('update')),
		customFieldMapper,
		collection('options', [
			{
				...locationOverride,
				description:
					"Sub-account whose custom field definitions format the custom field values. Leave empty to use the credential's.",
			},
			markWritesWhere(HIGHLEVEL_MARK),
			skipUnchangedOption,
		]),
	]),

	async prepare(itemIndex, validate) {
		const contactId = readContactId(this, itemIndex, validate);
		const fields = withMappedCustomFields(this, itemIndex, this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject);
		// A Location ID override given is checked even when no custom field needs it.
		if (this.getNodeParameter('options.locationId', itemIndex, '')) await readLocationId(this, itemIndex, validate);
		// The location matters only for custom field types, so it is required only then.
		const { body, untyped } = await buildContactBody(this, 'update', validate, fields, async () => await readLocationId(this, itemIndex, validate));
		if (Object.keys(body).length === 0) {
			validate.fail('Update Fields (updateFields)', 'set at least one field to change or clear');
		}
		return { contactId, body, untyped };
	},

	async run({ contactId, body, untyped }, itemIndex) {
		const location = async () => await readLocationId(this, itemIndex, new Validator(this, itemIndex));
		const guard = await guardContactWrite(this, itemIndex, contactId, body, location, {});
		return await runGuarded(guard, async (sent) => {
			const response = await contactsApiRequest<{ contact: IDataObject }>(this, {
				method: 'PUT',
				path: `/contacts/${pathSegment(contactId)}`,
				body: sent,
				idempotent: true,
				scope: 'contacts.write',
				itemIndex,
				uncheckedInput: untyped,
			});
			return response.contact;
		});
	},
};
