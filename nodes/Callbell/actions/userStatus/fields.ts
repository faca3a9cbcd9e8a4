import { requiredString } from '../../../shared/descriptions';
import type { INodeProperties } from 'n8n-workflow';

/** Callbell has no endpoint that lists users, so the user is given by UUID. */
export const userUuidField: INodeProperties = requiredString('User UUID', 'userUuid', {
	placeholder: 'e.g. 414a6d692bd645ed803f2e7ce360d4c8',
	description: "The Callbell user's UUID (Callbell's API has no list of users to pick from)",
});
