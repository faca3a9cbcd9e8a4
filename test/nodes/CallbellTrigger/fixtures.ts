/** Shared set-up of the Callbell Trigger tests: sandbox, credential, harness, payloads. */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { startWebhookServer } from '../../harness/webhook';
import type { WebhookServer, WebhookServerOptions } from '../../harness/webhook';

const callbell = require('../../sandbox/callbell/server');
export const deliver: {
	deliverEvent(sandbox: unknown, event: string, payload: unknown, options?: IDataObject): Promise<Delivery>;
	replay(sandbox: unknown, delivery: Delivery, options?: IDataObject): Promise<Delivery>;
	sendConnectionCheck(sandbox: unknown, options?: IDataObject): Promise<Delivery>;
	signatureHeader(secret: string, rawBody: Buffer | string, options?: IDataObject): string;
	nowSeconds(): number;
} = require('../../sandbox/callbell/deliver');

export const CALLBELL_DEMO: { apiKey: string; revokedApiKey: string } = callbell.CALLBELL_DEMO;

export interface Delivery {
	status: number;
	body: unknown;
	text: string;
	headers: Record<string, string>;
	rawBody: Buffer;
	signature?: string;
	url: string;
}

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	body: IDataObject | undefined;
	headers: Record<string, string>;
	status: number | string | undefined;
}

export interface CallbellSandbox {
	url: string;
	store: {
		webhook: { url: string; subscriptions: string[]; createdAt: string; enabled: boolean } | null;
		deliveries: IDataObject[];
		otherReceivers: Record<string, unknown[]>;
		apiKeys: Map<string, IDataObject>;
		webhookSubscribable?: string[];
		webhookLogWithoutHeaders?: boolean;
		webhookLogOldestFirst?: boolean;
		webhookLogPerRecord?: boolean;
	};
	requests: RecordedRequest[];
	faults: { inject(fault: IDataObject): void; clear(): void };
	specViolations(): string[];
	clearSpecViolations(): void;
	clearRequests(): void;
	close(): Promise<void>;
}

export async function startSandbox(): Promise<CallbellSandbox> {
	return await callbell.startCallbellSandbox({ rateLimit: { enabled: false } });
}

/**
 * A sandbox for the whole test file, handed to `use` once started; after each test the mocks are
 * restored and the sandbox must have seen no request that breaks Callbell's documented API.
 */
export function useSandbox(use: (sandbox: CallbellSandbox) => void): void {
	let sandbox: CallbellSandbox;
	beforeAll(async () => {
		sandbox = await startSandbox();
		use(sandbox);
	});
	afterAll(async () => {
		await sandbox.close();
	});
	afterEach(() => {
		jest.restoreAllMocks();
		expect(sandbox.specViolations()).toEqual([]);
	});
}

export const SECRET = 'whsec_n8nTest_4Hq9Zr2Lx7Wc5Vb8Mk3Pn6';

/** Every event with a page under Callbell's docs/api/reference/webhooks/ (the sandbox's list). */
export const ALL_EVENTS: string[] = require('../../sandbox/callbell/routes/webhooks').WEBHOOK_EVENTS;

export function credentials(
	sandbox: CallbellSandbox,
	overrides: Partial<ICredentialDataDecryptedObject> = {},
): Record<string, ICredentialDataDecryptedObject> {
	return { callbellApi: { apiKey: CALLBELL_DEMO.apiKey, baseUrl: sandbox.url, signingSecret: '', ...overrides } };
}

export async function startTrigger(
	sandbox: CallbellSandbox,
	options: Partial<WebhookServerOptions> & { events?: string[]; secret?: string; replaceExisting?: boolean } = {},
): Promise<WebhookServer> {
	const { events = ALL_EVENTS, secret = '', replaceExisting, ...rest } = options;
	return await startWebhookServer({
		type: 'callbellTrigger',
		parameters: { events, ...(replaceExisting === undefined ? {} : { replaceExistingWebhook: replaceExisting }) },
		credentials: credentials(sandbox, { signingSecret: secret }),
		...rest,
	});
}

export function requestsTo(sandbox: CallbellSandbox, method: string, path: string): RecordedRequest[] {
	return sandbox.requests.filter((r) => r.method === method && r.path === path);
}

const contact = {
	uuid: 'eb2b914a977e4ab896e7b886698b3eac',
	name: 'Marta Rossi',
	phoneNumber: '+393331234567',
	avatarUrl: null,
	createdAt: '2024-03-01T10:00:00Z',
	source: 'whatsapp',
	href: 'https://dash.callbell.eu/contacts/eb2b914a977e4ab896e7b886698b3eac',
	conversationHref: 'https://dash.callbell.eu/chat/2d5fa1e3c4b24b7c9e0a7b1c2d3e4f50',
	tags: ['vip'],
	assignedUser: 'alice@demo-shop.test',
	customFields: { 'Order number': '1042' },
};

const member = { email: 'alice@demo-shop.test', name: 'Alice Agent', available: true, lastUpdatedAt: '2024-03-01T10:05:00Z' };

/** One realistic payload per event, shaped after docs/api/reference/webhooks/**. */
export const EVENT_PAYLOADS: Record<string, IDataObject> = {
	message_created: {
		to: '393331234567',
		from: '441234567890',
		text: 'Ciao! Is my order on its way? ✓ "quoted" \u00e9',
		attachments: [],
		status: 'received',
		channel: 'whatsapp',
		contact,
		createdAt: '2024-03-01T10:06:29.000+01:00',
		metadata: { campaign: 'spring' },
	},
	message_status_updated: {
		uuid: '7f3c2a1b9d8e4f60a1b2c3d4e5f60718',
		status: 'read',
		contact,
		messageStatusPayload: { timestamp: '2024-03-01T10:07:00Z' },
		metadata: null,
	},
	contact_created: contact,
	contact_updated: { ...contact, tags: ['vip', 'repeat-buyer'] },
	contact_deleted: { uuid: contact.uuid, deleted: true },
	conversation_opened: {
		source: 'whatsapp',
		href: contact.conversationHref,
		contact,
		createdAt: '2024-03-01T10:06:29Z',
		closedAt: null,
		closingReason: null,
	},
	conversation_closed: {
		source: 'whatsapp',
		href: contact.conversationHref,
		contact,
		createdAt: '2024-03-01T10:06:29Z',
		closedAt: '2024-03-01T11:00:00Z',
		closingReason: 'Resolved',
	},
	agent_status_updated: { ...member, available: false },
	agent_session_updated: { action: 'user_logged_in', user: member },
	team_membership_updated: {
		team: { uuid: '35402552d90c4041b6bcb9a3249c0263', name: 'Support', default: false, members: 3, createdAt: '2024-02-16T10:12:55Z' },
		user: member,
		reason: 'agent_added',
		lastUpdateAt: '2024-03-01T10:10:00Z',
	},
};
