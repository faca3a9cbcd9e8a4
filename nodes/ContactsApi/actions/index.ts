import type { INodeProperties } from 'n8n-workflow';

import { createRouter } from '../../shared/router';
import * as appointment from './appointment';
import * as bulk from './bulk';
import * as campaign from './campaign';
import * as contact from './contact';
import * as follower from './follower';
import * as note from './note';
import * as tag from './tag';
import * as task from './task';
import * as workflow from './workflow';

/** Every resource of the node; add a resource here and in `resourceProperty`. */
const resources = {
	appointment,
	bulk,
	campaign,
	contact,
	follower,
	note,
	tag,
	task,
	workflow,
};

const resourceProperty: INodeProperties = {
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

export const router = createRouter(resourceProperty, resources);
