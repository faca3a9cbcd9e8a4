import { forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { normalizeContact } from '../../helpers/contactFields';
import { callbellApiRequest, pathSegment } from '../../transport';
import { contactLocator, funnelLocator, readContactUuid, readLocator } from '../common';

/**
 * The docs contradict themselves here: the page title says PUT
 * /contacts/:uuid/conversation/update_funnel, its curl snippet POST
 * /contacts/:uuid/messages/update_funnel. The node follows the page title.
 */
export const updateFunnel: NodeOperation<{ uuid: string; funnelId: string }> = {
	description: forOperation('contact', 'updateFunnel', [contactLocator(), funnelLocator()]),

	prepare(itemIndex, validate) {
		return {
			uuid: readContactUuid(this, itemIndex, validate),
			funnelId: readLocator(this, itemIndex, validate, 'funnelId', 'Funnel'),
		};
	},

	async run({ uuid, funnelId }, itemIndex) {
		const response = await callbellApiRequest<{ contact?: unknown }>(this, {
			method: 'PUT',
			path: `/contacts/${pathSegment(uuid)}/conversation/update_funnel`,
			body: { funnel_id: funnelId },
			idempotent: true,
			itemIndex,
			subject: `contact "${uuid}"`,
		});
		return normalizeContact(response.contact);
	},
};
