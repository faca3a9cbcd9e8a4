/** Typed access to the JavaScript sandbox servers for the TypeScript tests. */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

const contacts = require('../sandbox/contacts/server');
const seed = require('../sandbox/contacts/seed');
const dialpad = require('../sandbox/dialpad/server');

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	queryAll: Array<[string, string]>;
	headers: Record<string, string>;
	rawBody: string;
	body: unknown;
	status: number | string | undefined;
	at: number;
}

/** One webhook a sandbox sent (or will send) after a write: test/sandbox/emitter.js. */
export interface WebhookLogEntry {
	seq: number;
	recordId: string | null;
	/** 'api': a write through the API (the pack's included); 'human': a human edit. */
	origin: 'api' | 'human';
	name: string;
	event: any;
	emittedAt: number;
	sentAt: number | null;
	rows: Array<{ status: number | null; url?: string; answer?: unknown; error?: string }> | null;
	done: Promise<WebhookLogEntry['rows']>;
}

/** The webhook sender of a sandbox (test/sandbox/emitter.js). */
export interface WebhookEmitter {
	delayMs: number | [number, number];
	enabled: boolean;
	log: WebhookLogEntry[];
	hold(match: (entry: WebhookLogEntry, event: any) => boolean): { readonly count: number; release(): Promise<void> };
	onEmit(listener: (entry: WebhookLogEntry, event: any) => void): () => void;
	idle(): Promise<void>;
	pending(): number;
	stop(): void;
}

export interface Sandbox {
	/** Sends the signed webhook of every write (API or human edit) after its delay. */
	webhooks: WebhookEmitter;
	/** A person's edit in the service's own app (then its webhook): see the sandbox's server.js. */
	humanEdit(spec: Record<string, unknown>): any;
	url: string;
	port: number;
	requests: RecordedRequest[];
	faults: { inject(fault: { kind: string; count?: number; skip?: number; method?: string; path?: string | RegExp; delayMs?: number; headers?: Record<string, string> }): void; clear(): void };
	limiter: { configure(o: { max?: number; intervalMs?: number; retryAfter?: boolean; enabled?: boolean }): void; enabled: boolean };
	specViolations(): string[];
	clearSpecViolations(): void;
	clearRequests(): void;
	close(): Promise<void>;
}

export const CONTACTS_DEMO: {
	locationId: string;
	otherLocationId: string;
	tokens: { write: string; readonly: string; noLookups: string; otherLocation: string; readonly401: string; company: string; expired: string };
	oauth: { clientId: string; clientSecret: string };
} = seed.DEMO;

export async function startContactsSandbox(options: Record<string, unknown> = {}): Promise<Sandbox> {
	return await contacts.startContactsSandbox({ rateLimit: { max: 100000, intervalMs: 10000 }, ...options });
}

/** What the per-file life cycle of useSandboxFile needs of a sandbox. */
export interface CheckedSandbox {
	specViolations(): string[];
	clearSpecViolations(): void;
	clearRequests(): void;
	faults: { clear(): void };
	close(): Promise<void>;
}

/**
 * Registers a test file's life cycle around one sandbox: `start` runs before the file's tests
 * and its sandbox is handed to `onStart` (the file's own beforeAll hooks run after it), it
 * closes after them, and after each test the request log and any faults left over are
 * cleared and the test must have caused no spec violation. Returns the sandbox's getter.
 */
export function useSandboxFile<S extends CheckedSandbox>(start: () => Promise<S>, onStart?: (sandbox: S) => void): () => S {
	let sandbox: S;
	beforeAll(async () => {
		sandbox = await start();
		onStart?.(sandbox);
	});
	afterAll(async () => {
		await sandbox.close();
	});
	afterEach(() => {
		const violations = sandbox.specViolations();
		// Cleared first, so one failing test does not spill into the next.
		sandbox.clearSpecViolations();
		sandbox.clearRequests();
		sandbox.faults.clear();
		expect(violations).toEqual([]);
	});
	return () => sandbox;
}

/** useSandboxFile around one Contacts sandbox with no seeded contacts. */
export function useContactsSandbox(onStart: (sandbox: Sandbox) => void): void {
	useSandboxFile(async () => await startContactsSandbox({ contacts: 0 }), onStart);
}

export function contactsCredential(sandbox: Sandbox, overrides: Partial<ICredentialDataDecryptedObject> = {}): Record<string, ICredentialDataDecryptedObject> {
	return {
		contactsApi: {
			token: CONTACTS_DEMO.tokens.write,
			locationId: CONTACTS_DEMO.locationId,
			baseUrl: 'custom',
			customBaseUrl: sandbox.url,
			apiVersion: '2021-07-28',
			...overrides,
		},
	};
}

export const DIALPAD_DEMO: {
	apiKey: string;
	userApiKey: string;
	revokedApiKey: string;
	companyId: string;
	offices: Record<'main' | 'berlin', string>;
	users: Record<'alice' | 'bob' | 'carla', { id: string; email: string; name: string; number: string }>;
	officeNumber: string;
	contacts: Record<'ada' | 'grace' | 'aliceLocal', string>;
	calls: Record<'answered' | 'missed' | 'older', string>;
} = dialpad.DIALPAD_DEMO;

/**
 * How the Dialpad sandbox records an int64 ID a client sent as a JSON number: exact as
 * { $int64: digits } from 16 digits on (beyond what a JavaScript number keeps), a number below.
 */
export function dialpadInt64(id: string): { $int64: string } | number {
	return id.length >= 16 ? { $int64: id } : Number(id);
}

export interface DialpadSandbox extends Sandbox {
	pageSize: number;
	// The sandbox's in-memory state (plain JavaScript, see test/sandbox/dialpad/store.js).
	store: any;
	endpointLimiter: { enabled: boolean; configure(o: Record<string, unknown>): void };
}

/** The Dialpad sandbox; the company-wide 20 requests/second limit is lifted unless given. */
export async function startDialpadSandbox(options: Record<string, unknown> = {}): Promise<DialpadSandbox> {
	return (await dialpad.startDialpadSandbox({ rateLimit: { max: 100_000, intervalMs: 1000 }, ...options })) as DialpadSandbox;
}

export function dialpadCredential(sandbox: { url: string }, overrides: Partial<ICredentialDataDecryptedObject> = {}): Record<string, ICredentialDataDecryptedObject> {
	return { dialpadApi: { apiKey: DIALPAD_DEMO.apiKey, environment: 'custom', customBaseUrl: sandbox.url, ...overrides } };
}
