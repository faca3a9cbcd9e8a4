/**
 * A Callbell sandbox of one e2e test file, with an n8n credential pointing at it (the
 * Callbell counterpart of useContactsSandbox in ./e2e.ts):
 *
 *   const cb = useCallbellSandbox({ sandbox: { pageSize: 5 } });
 *   it('…', async () => {
 *     await runNodeWorkflow('callbell', { resource: 'contact', … }, { callbellApi: cb.credentialId });
 *     expect(cb.sandbox.store.contacts.size).toBe(13);
 *   });
 */
import * as path from 'path';
import type { IDataObject } from 'n8n-workflow';

import type { RecordedRequest } from '../../harness/sandboxes';
import { createCredential, n8nApi } from './e2e';

// Plain CommonJS, shared with the start command.
const callbellServer = require('../../sandbox/callbell/server');

/** The fixed ids of the Callbell sandbox's demo data (test/sandbox/callbell/seed.js). */
export interface CallbellDemo {
	apiKey: string;
	/** The account's webhook signing secret (the demo signs its deliveries with it). */
	signingSecret: string;
	revokedApiKey: string;
	users: Record<'olivia' | 'alice' | 'bob' | 'carla', { uuid: string; email: string; name: string }>;
	teams: Record<'support' | 'sales' | 'billing', string>;
	channels: Record<'whatsapp' | 'whatsappQr' | 'instagram' | 'telegram', string>;
	templates: Record<'welcome' | 'orderUpdate' | 'promoImage' | 'invoiceDocument' | 'pending' | 'rejected', string>;
	funnels: Record<'newLead' | 'qualified' | 'won', string>;
	customStatuses: Record<'vacationing' | 'inMeeting', string>;
	contacts: Record<'john' | 'mario' | 'ada', string>;
	phones: Record<'john' | 'mario', string>;
	bsuids: Record<'john', string>;
	messages: Record<'johnSent', string>;
}

export const CALLBELL_DEMO: CallbellDemo = callbellServer.CALLBELL_DEMO;

export interface CallbellSandbox {
	url: string;
	port: number;
	pageSize: number;
	requests: RecordedRequest[];
	/** The in-memory state (plain JavaScript, see test/sandbox/callbell/store.js). */
	store: any;
	faults: { inject(fault: { kind: string; count?: number; method?: string; path?: string | RegExp; delayMs?: number }): void; clear(): void };
	limiter: { configure(o: { max?: number; intervalMs?: number; enabled?: boolean }): void; enabled: boolean };
	specViolations(): string[];
	clearSpecViolations(): void;
	clearRequests(): void;
	close(): Promise<void>;
}

export interface CallbellContext {
	sandbox: CallbellSandbox;
	credentialId: string;
}

/** Callbell credential data for a sandbox (the demo API key by default). */
export function callbellCredentialData(url: string, overrides: IDataObject = {}): IDataObject {
	return { apiKey: CALLBELL_DEMO.apiKey, baseUrl: url, ...overrides };
}

/**
 * Starts a Callbell sandbox for this test file (seeded with the demo account; options go to
 * startCallbellSandbox, e.g. { pageSize, webhookEvents, contacts }) and a callbellApi
 * credential in n8n, in beforeAll; closes both in afterAll. After each test it fails on
 * requests the docs do not allow and clears the request log.
 */
export function useCallbellSandbox(options: { sandbox?: Record<string, unknown>; credential?: IDataObject } = {}): CallbellContext {
	const ctx = {} as CallbellContext;
	beforeAll(async () => {
		// Tests that are not about rate limits must not trip over the default 300 requests/second.
		ctx.sandbox = (await callbellServer.startCallbellSandbox({
			rateLimit: { max: 100_000, intervalMs: 1000 },
			...(options.sandbox || {}),
		})) as CallbellSandbox;
		ctx.credentialId = await createCredential(
			'callbellApi',
			callbellCredentialData(ctx.sandbox.url, options.credential),
			`Callbell sandbox ${path.basename(expect.getState().testPath || '')}`,
		);
	});
	afterEach(() => {
		if (!ctx.sandbox) return;
		expect(ctx.sandbox.specViolations()).toEqual([]);
		ctx.sandbox.clearSpecViolations();
		ctx.sandbox.clearRequests();
	});
	afterAll(async () => {
		if (ctx.credentialId) await n8nApi().deleteCredential(ctx.credentialId).catch(() => undefined);
		if (ctx.sandbox) await ctx.sandbox.close();
	});
	return ctx;
}

/** A Callbell sandbox message as stored (test/sandbox/callbell/store.js insertMessage). */
export interface StoredMessage {
	uuid: string;
	contactUuid: string;
	text: string | null;
	status: string;
	type: string;
	templateUuid: string | null;
	metadata: IDataObject | null;
}

/** Every stored message of a contact, oldest first. */
export function messagesOf(sandbox: CallbellSandbox, contactUuid: string): StoredMessage[] {
	return ([...sandbox.store.messages.values()] as StoredMessage[]).filter((m) => m.contactUuid === contactUuid);
}
