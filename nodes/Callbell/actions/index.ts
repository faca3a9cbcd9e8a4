import type { INodeProperties } from 'n8n-workflow';

import type { NodeOperation } from '../../shared/items';
import * as channel from './channel';
import * as contact from './contact';
import * as customStatus from './customStatus';
import * as funnel from './funnel';
import * as message from './message';
import * as plan from './plan';
import * as team from './team';
import * as template from './template';
import * as userStatus from './userStatus';
import * as webhookEvent from './webhookEvent';

interface Resource {
	operations: Record<string, NodeOperation<never>>;
	operationProperty: INodeProperties;
}

/** Every resource of the node; add a resource here and in `resourceProperty`. */
export const resources = {
	channel,
	contact,
	customStatus,
	funnel,
	message,
	plan,
	team,
	template,
	userStatus,
	webhookEvent,
} as unknown as Record<string, Resource>;

export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Channel', value: 'channel' },
		{ name: 'Contact', value: 'contact' },
		{ name: 'Custom Status', value: 'customStatus' },
		{ name: 'Funnel', value: 'funnel' },
		{ name: 'Message', value: 'message' },
		{ name: 'Plan', value: 'plan' },
		{ name: 'Team', value: 'team' },
		{ name: 'Template', value: 'template' },
		{ name: 'User Status', value: 'userStatus' },
		{ name: 'Webhook Delivery Event', value: 'webhookEvent' },
	],
	default: 'message',
};

export function allProperties(): INodeProperties[] {
	const props: INodeProperties[] = [resourceProperty];
	for (const resource of Object.values(resources)) {
		props.push(resource.operationProperty);
		for (const op of Object.values(resource.operations)) props.push(...op.description);
	}
	return props;
}

export function findOperation(resource: string, operation: string): NodeOperation<unknown> | undefined {
	return resources[resource]?.operations[operation] as NodeOperation<unknown> | undefined;
}
