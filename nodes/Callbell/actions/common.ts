import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { locator, oneOfValues, readLocator } from '../../shared/locators';
import type { Validator } from '../../shared/validation';
import { callbellApiRequest, pathSegment } from '../transport';

export { locator, readLocator };

export const contactLocator = (overrides: Partial<INodeProperties> = {}) =>
	locator(
		{
			displayName: 'Contact',
			name: 'contactUuid',
			searchMethod: 'searchContacts',
			placeholder: 'e.g. 414a6d692bd645ed803f2e7ce360d4c8',
			description: 'The contact to act on (its Callbell UUID)',
		},
		overrides,
	);

export const channelLocator = (overrides: Partial<INodeProperties> = {}) =>
	locator(
		{
			displayName: 'Channel',
			name: 'channelUuid',
			searchMethod: 'searchChannels',
			placeholder: 'e.g. 7c996996fea947f4a1d5a11e7fac84db',
			description: 'The channel (WhatsApp number, Instagram account, …)',
		},
		overrides,
	);

/**
 * The optional channel of a collection (Create Contact, Find by Phone): the same searchable
 * picker, not required. Its list follows the chosen Source (searchChannels).
 */
export const optionalChannelLocator = (description: string) => channelLocator({ required: false, description });

/**
 * The ID in a picker's value: a resource locator inside a collection arrives as
 * { __rl, mode, value }; a plain string (an expression, or a workflow saved when the field
 * was a plain list) is taken as it is.
 */
export function locatorValue(raw: unknown): unknown {
	return raw && typeof raw === 'object' && '__rl' in raw ? (raw as IDataObject).value : raw;
}

// Channel platforms read in this execution, per channel (one GET per channel, not per item).
const channelTypes = new WeakMap<object, Map<string, Promise<string>>>();

/**
 * The platform of a channel ("whatsapp", "instagram", "telegram", "facebook"), which Send
 * Message must repeat as `from`: GET /channels/:uuid (callbell-api.md, channels) → channel.type.
 * Read once per channel and execution, before any message is sent. Errors: the API's 404 for
 * an unknown channel; NodeOperationError naming Channel for a type the send endpoint lacks.
 */
export async function channelTypeOf(ctx: IExecuteFunctions, uuid: string, itemIndex: number): Promise<string> {
	let cache = channelTypes.get(ctx);
	if (!cache) channelTypes.set(ctx, (cache = new Map()));
	if (!cache.has(uuid)) {
		const request = callbellApiRequest<{ channel?: IDataObject }>(ctx, {
			method: 'GET',
			path: `/channels/${pathSegment(uuid)}`,
			idempotent: true,
			itemIndex,
			action: 'read the channel to send from',
			subject: `channel "${uuid}"`,
		}).then((response) => String(response.channel?.type ?? ''));
		cache.set(uuid, request);
	}
	const type = await cache.get(uuid)!;
	if (!SOURCE_OPTIONS.some((o) => o.value === type)) {
		throw new NodeOperationError(ctx.getNode(), `Invalid Channel (channelUuid) in item ${itemIndex}: Callbell gives it the platform "${type}", which Send Message cannot send from`, { itemIndex });
	}
	return type;
}

export const teamLocator = (overrides: Partial<INodeProperties> = {}) =>
	locator(
		{
			displayName: 'Team',
			name: 'teamUuid',
			searchMethod: 'searchTeams',
			placeholder: 'e.g. ad42a09715814e6483b1c5debd6a2dbc',
			description: 'The team (inbox)',
		},
		overrides,
	);

export const templateLocator = (overrides: Partial<INodeProperties> = {}) =>
	locator(
		{
			displayName: 'Template',
			name: 'templateUuid',
			searchMethod: 'searchTemplates',
			placeholder: 'e.g. d980fb66fd5043d3ace1aa06ba044342',
			description: 'The WhatsApp message template',
		},
		overrides,
	);

export const funnelLocator = (overrides: Partial<INodeProperties> = {}) =>
	locator(
		{
			displayName: 'Funnel',
			name: 'funnelId',
			searchMethod: 'searchFunnels',
			placeholder: 'e.g. 1cd7845e-6b93-453d-b015-9dce35d16f39',
			description: 'The funnel stage to move the conversation to',
		},
		overrides,
	);

export const customStatusLocator = (overrides: Partial<INodeProperties> = {}) =>
	locator(
		{
			displayName: 'Custom Status',
			name: 'customStatusId',
			searchMethod: 'searchCustomStatuses',
			placeholder: 'e.g. 0d6041a2-8b88-49ec-a99b-a88a078a16c1',
			description: 'The custom status',
		},
		overrides,
	);

export function readContactUuid(ctx: IExecuteFunctions, itemIndex: number, validate: Validator): string {
	return readLocator(ctx, itemIndex, validate, 'contactUuid', 'Contact');
}

/**
 * A plain ID text parameter, trimmed and validated: the locator reader, which reads a plain value
 * as it is (n8n's `extractValue` applies to resource locators only).
 */
export const readId = readLocator;

/** Lists are page-numbered; this option starts the walk at a later page. */
export const startPageOption: INodeProperties = {
	displayName: 'Start Page',
	name: 'page',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 1,
	description: 'Page to start from (Callbell numbers pages from 1). Return All continues to the last page.',
};

export function readStartPage(ctx: IExecuteFunctions, itemIndex: number, validate: Validator): number {
	const value = ctx.getNodeParameter('options.page', itemIndex, 1);
	return validate.integer('Start Page (page)', value, 1, 1_000_000);
}

export const SOURCE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Facebook Messenger', value: 'facebook' },
	{ name: 'Instagram', value: 'instagram' },
	{ name: 'Telegram', value: 'telegram' },
	{ name: 'WhatsApp', value: 'whatsapp' },
];

export const BOT_STATUS_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Start (Bot Replies)', value: 'bot_start', description: 'The bot answers when the contact writes' },
	{ name: 'End (Bot Stays Silent)', value: 'bot_end', description: 'Take the conversation over from the bot' },
];

export const BOT_STATUSES = BOT_STATUS_OPTIONS.map((o) => String(o.value));

/** An options value that must be one of the offered ones (expressions can send anything). */
export const oneOf = oneOfValues;

/**
 * A value of a list Callbell may extend (sources, channel types): the offered ones, or any
 * other the API returned or sends in its webhooks. Only its shape is checked; Callbell
 * judges values the node does not know.
 */
export function openChoice(validate: Validator, label: string, value: unknown): string {
	const text = String(value ?? '').trim();
	if (!/^[a-z][a-z0-9_]*$/i.test(text)) validate.fail(label, `"${text}" is not a value such as ${SOURCE_OPTIONS.map((o) => String(o.value)).join(', ')}`);
	return text;
}

/** Text that must not be empty, with an optional maximum length. */
export function requiredText(validate: Validator, label: string, value: unknown, max?: number): string {
	const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
	if (text.trim() === '') validate.fail(label, 'it must not be empty');
	if (max !== undefined && text.length > max) validate.fail(label, `it is ${text.length} characters long; Callbell accepts at most ${max}`);
	return text;
}
