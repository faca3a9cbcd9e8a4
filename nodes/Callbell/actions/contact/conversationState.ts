import { forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import type { Validator } from '../../../shared/validation';
import { normalizeContact } from '../../helpers/contactFields';
import { callbellApiRequest, pathSegment } from '../../transport';
import { contactLocator, readContactUuid } from '../common';

/** Open and Close differ only in the last path segment. */
export function openOrClose(state: 'open' | 'close'): NodeOperation<{ uuid: string }> {
	const operation = state === 'open' ? 'openConversation' : 'closeConversation';
	return {
		description: forOperation('contact', operation, [contactLocator()]),

		prepare(itemIndex: number, validate: Validator) {
			return { uuid: readContactUuid(this, itemIndex, validate) };
		},

		async run({ uuid }, itemIndex) {
			// Opening an open conversation (or closing a closed one) changes nothing: safe to retry.
			const response = await callbellApiRequest<{ contact?: unknown }>(this, {
				method: 'POST',
				path: `/contacts/${pathSegment(uuid)}/conversation/${state}`,
				idempotent: true,
				itemIndex,
				subject: `contact "${uuid}"`,
			});
			return normalizeContact(response.contact);
		},
	};
}
