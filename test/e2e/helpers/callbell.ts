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
import type { IDataObject } from 'n8n-workflow';

import { CALLBELL_DEMO, startCallbell, type CallbellSandbox } from '../../harness/callbell';
import { useSandboxCredential } from './e2e';

export type { CallbellDemo, CallbellSandbox } from '../../harness/callbell';
export { CALLBELL_DEMO };

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
	return useSandboxCredential(
		async () => await startCallbell(options.sandbox || {}),
		'callbellApi',
		(url) => callbellCredentialData(url, options.credential),
		'Callbell sandbox',
	);
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
