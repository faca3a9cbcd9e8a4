import type { IDataObject } from 'n8n-workflow';

import { choice, forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { oneOfValues, readLocator } from '../../../shared/locators';
import { namesAndDetails, readNamesAndDetails } from '../../helpers/contactFields';
import { guardDialpadContactWrite, guardOptions, runGuarded } from '../../helpers/echoGuard';
import { dialpadApiRequest } from '../../transport';
import { integerId, userLocator } from '../common';

export const create: NodeOperation<{ body: IDataObject }> = {
	description: forOperation('contact', 'create', [
		choice('Contact Type', 'contactType', [
			{ name: 'Company (Shared)', value: 'shared', description: 'Visible to everyone in the company' },
			{ name: 'Local (One User)', value: 'local', description: "In one user's own contacts" },
		], 'shared'),
		userLocator({
			displayName: 'Owner',
			description: 'The user whose local contact this is',
			displayOptions: { show: { contactType: ['local'] } },
		}),
		...namesAndDetails,
		guardOptions('create'),
	]),

	prepare(itemIndex, validate) {
		const type = oneOfValues(validate, 'Contact Type (contactType)', this.getNodeParameter('contactType', itemIndex, 'shared'), ['shared', 'local']);
		const body: IDataObject = {
			...readNamesAndDetails(this, itemIndex, validate),
		};
		if (type === 'local') {
			body.owner_id = integerId(validate, 'Owner (userId)', readLocator(this, itemIndex, validate, 'userId', 'Owner'));
		}
		return { body };
	},

	async run({ body }, itemIndex) {
		// Not idempotent: never retried after an ambiguous failure (it could make a second contact).
		const guard = await guardDialpadContactWrite(this, itemIndex, undefined, body);
		return await runGuarded(guard, async (sent) =>
			await dialpadApiRequest(this, {
				method: 'POST',
				path: '/contacts',
				body: sent,
				idempotent: false,
				itemIndex,
				action: 'create the contact',
			}),
		);
	},
};
