import type { INodeProperties } from 'n8n-workflow';

import type { NodeOperation } from '../../shared/items';
import * as appointment from './appointment';
import * as bulk from './bulk';
import * as campaign from './campaign';
import * as contact from './contact';
import * as follower from './follower';
import * as note from './note';
import * as tag from './tag';
import * as task from './task';
import * as workflow from './workflow';

interface Resource {
	operations: Record<string, NodeOperation<never>>;
	operationProperty: INodeProperties;
}

/** Every resource of the node; add a resource here and in `resourceProperty`. */
export const resources = {
	appointment,
	bulk,
	campaign,
	contact,
	follower,
	note,
	tag,
	task,
	workflow,
} as unknown as Record<string, Resource>;

export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Appointment', value: 'appointment' },
		{ name: 'Bulk', value: 'bulk' },
		{ name: 'Campaign', value: 'campaign' },
		{ name: 'Contact', value: 'contact' },
		{ name: 'Follower', value: 'follower' },
		{ name: 'Note', value: 'note' },
		{ name: 'Tag', value: 'tag' },
		{ name: 'Task', value: 'task' },
		{ name: 'Workflow', value: 'workflow' },
	],
	default: 'contact',
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
