/**
 * The API hosts of the Contacts API, shared by both credentials so that they default alike.
 * Sources: HighLevel's API reference (services.leadconnectorhq.com, the host its marketplace
 * OAuth2 tokens and Private Integration tokens are issued for) and the Taskee Portal seeds
 * (portalapi.taskee.ai, a white label of it with its own tokens). A token works only on the host
 * of the platform that issued it.
 */
import type { INodePropertyOptions } from 'n8n-workflow';

export const HIGHLEVEL_HOST = 'https://services.leadconnectorhq.com';
export const TASKEE_HOST = 'https://portalapi.taskee.ai';

/** New credentials of either kind start on HighLevel's own host. */
export const DEFAULT_BASE_URL = HIGHLEVEL_HOST;

export const BASE_URL_OPTIONS: INodePropertyOptions[] = [
	{ name: 'HighLevel / LeadConnector (services.leadconnectorhq.com)', value: HIGHLEVEL_HOST },
	{ name: 'Taskee Portal (portalapi.taskee.ai)', value: TASKEE_HOST },
	{ name: 'Custom (Another White Label)', value: 'custom' },
];

export const BASE_URL_DESCRIPTION =
	'The platform your token comes from: a token made in HighLevel (or LeadConnector) works only with HighLevel / LeadConnector, one made in Taskee Portal only with Taskee Portal';
