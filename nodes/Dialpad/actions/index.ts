import type { INodeProperties } from 'n8n-workflow';

import { createRouter } from '../../shared/router';
import * as call from './call';
import * as contact from './contact';
import * as number from './number';
import * as office from './office';
import * as sms from './sms';
import * as user from './user';

const resources = { call, contact, number, office, sms, user };

const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Call', value: 'call' },
		{ name: 'Contact', value: 'contact' },
		{ name: 'Number', value: 'number' },
		{ name: 'Office', value: 'office' },
		{ name: 'SMS', value: 'sms' },
		{ name: 'User', value: 'user' },
	],
	default: 'contact',
};

export const router = createRouter(resourceProperty, resources);
