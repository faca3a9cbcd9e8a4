import type { IDataObject } from 'n8n-workflow';

import { choice, forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { callbellApiRequest, pathSegment } from '../../transport';
import { customStatusLocator, oneOf, readId, readLocator } from '../common';
import { userUuidField } from './fields';

export interface Prepared {
	uuid: string;
	body: IDataObject;
}

export const set: NodeOperation<Prepared> = {
	description: forOperation('userStatus', 'set', [
		userUuidField,
		choice('Availability', 'availability', [
			{ name: 'Available', value: 'available' },
			{ name: 'Away', value: 'away' },
			{ name: 'Keep Current', value: 'keep' },
		], 'available'),
		choice('Custom Status', 'customStatusAction', [
			{ name: 'Keep Current', value: 'keep' },
			{ name: 'Remove', value: 'remove', description: "Clear the user's custom status" },
			{ name: 'Set', value: 'set', description: 'Show one of the custom statuses' },
		], 'keep'),
		customStatusLocator({
			displayName: 'Status to Show',
			displayOptions: { show: { customStatusAction: ['set'] } },
		}),
	]),

	prepare(itemIndex, validate) {
		const uuid = readId(this, itemIndex, validate, 'userUuid', 'User UUID');
		const availability = oneOf(validate, 'Availability (availability)', this.getNodeParameter('availability', itemIndex, 'keep'), ['available', 'away', 'keep']);
		const action = oneOf(validate, 'Custom Status (customStatusAction)', this.getNodeParameter('customStatusAction', itemIndex, 'keep'), ['keep', 'remove', 'set']);
		const body: IDataObject = {};
		if (availability !== 'keep') body.available = availability === 'available';
		// null unassigns the custom status (put_user_status.md).
		if (action === 'remove') body.custom_status_uuid = null;
		if (action === 'set') body.custom_status_uuid = readLocator(this, itemIndex, validate, 'customStatusId', 'Status to Show');
		if (Object.keys(body).length === 0) {
			validate.fail('Availability (availability)', 'nothing to change: choose an availability or a custom status action');
		}
		return { uuid, body };
	},

	async run({ uuid, body }, itemIndex) {
		const response = await callbellApiRequest<{ user_status?: IDataObject }>(this, {
			method: 'PUT',
			path: `/users/${pathSegment(uuid)}/status`,
			body,
			idempotent: true,
			itemIndex,
			subject: `user "${uuid}" (or the custom status)`,
		});
		return { userUuid: uuid, ...(response.user_status ?? {}) };
	},
};
