import { forOperation, requiredString } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { normalizeContact } from '../../helpers/contactFields';
import { callbellApiRequest, pathSegment } from '../../transport';
import { readId } from '../common';

export const getByBsuid: NodeOperation<{ bsuid: string }> = {
	description: forOperation('contact', 'getByBsuid', [
		requiredString('BSUID', 'bsuid', {
			placeholder: 'e.g. US.13491208655302741918',
			description: "The contact's WhatsApp Business Suite User ID",
		}),
	]),

	prepare(itemIndex, validate) {
		return { bsuid: readId(this, itemIndex, validate, 'bsuid', 'BSUID') };
	},

	async run({ bsuid }, itemIndex) {
		const response = await callbellApiRequest<{ contact?: unknown }>(this, {
			method: 'GET',
			path: `/contacts/bsuid/${pathSegment(bsuid)}`,
			idempotent: true,
			itemIndex,
			subject: `a contact with the BSUID "${bsuid}"`,
		});
		return normalizeContact(response.contact);
	},
};
