/** Typed access to the JavaScript sandbox servers for the TypeScript tests. */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

const contacts = require('../sandbox/contacts/server');
const seed = require('../sandbox/contacts/seed');

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

export interface Sandbox {
	url: string;
	port: number;
	requests: RecordedRequest[];
	faults: { inject(fault: { kind: string; count?: number; method?: string; path?: string | RegExp; delayMs?: number; headers?: Record<string, string> }): void; clear(): void };
	limiter: { configure(o: { max?: number; intervalMs?: number; retryAfter?: boolean; enabled?: boolean }): void; enabled: boolean };
	specViolations(): string[];
	clearSpecViolations(): void;
	clearRequests(): void;
	close(): Promise<void>;
}

export const CONTACTS_DEMO: {
	locationId: string;
	otherLocationId: string;
	tokens: { write: string; readonly: string; noLookups: string; otherLocation: string };
	oauth: { clientId: string; clientSecret: string };
} = seed.DEMO;

export async function startContactsSandbox(options: Record<string, unknown> = {}): Promise<Sandbox> {
	return await contacts.startContactsSandbox({ rateLimit: { max: 100000, intervalMs: 10000 }, ...options });
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
