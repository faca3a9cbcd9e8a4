import type { IDataObject } from 'n8n-workflow';

import { forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { namesAndDetails, readNamesAndDetails } from '../../helpers/contactFields';
import { guardDialpadUpsert, guardOptions, runGuarded } from '../../helpers/echoGuard';
import { dialpadApiRequest } from '../../transport';

/**
 * PUT /contacts (Dialpad's "create or update"): keyed by a `uid` the caller chooses, which
 * Dialpad embeds in the contact's generated ID, so the same uid always lands on the same
 * company-shared contact. Dialpad has no search by phone or email, so this is how a sync
 * avoids duplicates: use the CRM's contact ID as the uid.
 */
export const upsert: NodeOperation<{ body: IDataObject }> = {
	description: forOperation('contact', 'upsert', [
		{
			displayName: 'Your Key for This Contact (UID)',
			name: 'uid',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. crm-contact-42',
			// A hint shows under the field; a description only in a tooltip.
			hint: 'Any unique text you choose, for example the contact\'s ID in your CRM: the same UID always updates the same Dialpad contact',
			description:
				'Your own unique key for this contact, for example its ID in your CRM. The same UID always updates the same company contact.',
		},
		...namesAndDetails,
		guardOptions('upsert'),
	]),

	prepare(itemIndex, validate) {
		const uid = validate.id('UID (uid)', this.getNodeParameter('uid', itemIndex, ''));
		return {
			body: {
				uid,
				...readNamesAndDetails(this, itemIndex, validate),
			},
		};
	},

	async run({ body }, itemIndex) {
		// Idempotent by construction: the uid decides which contact it writes. The contact's id
		// is known only from the answer, so a marked upsert goes into the ledger afterwards.
		const guard = await guardDialpadUpsert(this, itemIndex, String(body.uid), body);
		return await runGuarded(guard, async (sent) =>
			await dialpadApiRequest(this, {
				method: 'PUT',
				path: '/contacts',
				body: sent,
				idempotent: true,
				itemIndex,
				action: 'create or update the contact',
			}),
		);
	},
};
