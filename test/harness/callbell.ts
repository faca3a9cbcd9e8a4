/**
 * Typed access to the Callbell sandbox (test/sandbox/callbell/server.js) for the TypeScript
 * tests, the engine tests' and the e2e suites' alike.
 */
import type { RecordedRequest } from './sandboxes';

// Plain CommonJS, shared with the start command.
const callbellServer = require('../sandbox/callbell/server');

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
	faults: {
		inject(fault: { kind: string; count?: number; skip?: number; method?: string; path?: string | RegExp; delayMs?: number }): void;
		clear(): void;
	};
	limiter: { configure(o: { max?: number; intervalMs?: number; enabled?: boolean }): void; enabled: boolean };
	specViolations(): string[];
	clearSpecViolations(): void;
	clearRequests(): void;
	close(): Promise<void>;
}

/** A Callbell sandbox seeded with the demo account; options go to startCallbellSandbox. */
export async function startCallbell(options: Record<string, unknown> = {}): Promise<CallbellSandbox> {
	// Tests that are not about rate limits must not trip over the default 300 requests/second.
	return (await callbellServer.startCallbellSandbox({ rateLimit: { max: 100_000, intervalMs: 1000 }, ...options })) as CallbellSandbox;
}
