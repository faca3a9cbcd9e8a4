import type { INodeProperties } from 'n8n-workflow';

import { createRouter } from '../../shared/router';
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

/** Every resource of the node; add a resource here and in `resourceProperty`. */
const resources = {
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
};

const resourceProperty: INodeProperties = {
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

export const router = createRouter(resourceProperty, resources);
