/**
 * (b) The editor's credential "Test" button (POST /rest/credentials/test) for contactsApi
 * and callbellApi, against the sandboxes. A failed declarative test shows the message of the
 * credential's test.rules for the status code, not n8n's bare status text.
 */
import { CONTACTS_DEMO } from '../harness/sandboxes';
import { CALLBELL_DEMO, callbellCredentialData } from './helpers/callbell';
import { contactsCredentialData, createCredential, e2eState, n8nApi } from './helpers/e2e';

const CONTACTS_401 = /^The API rejected the Private Integration token\. A token works only on the host of the platform that made it/;
const CONTACTS_403 = /^Insufficient scopes or no access to this location: /;
const CALLBELL_401 = /^Invalid API key: Callbell rejected it\./;

describe('Contacts API credential test in n8n', () => {
	it('succeeds with the demo token', async () => {
		const id = e2eState().credentials.contactsApi;
		expect(id).toBeDefined();
		await expect(n8nApi().testCredential(id!)).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	it('fails for a bad token with the message for 401', async () => {
		const id = await createCredential('contactsApi', contactsCredentialData(e2eState().sandboxes.contacts.url, { token: 'pit-not-a-real-token' }));
		try {
			const result = await n8nApi().testCredential(id);
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(CONTACTS_401);
			expect(result.message).not.toContain('pit-not-a-real-token');
		} finally {
			await n8nApi().deleteCredential(id);
		}
	});

	it('fails for a token of another location with the message for 403', async () => {
		const id = e2eState().credentials.contactsApi!;
		const result = await n8nApi().testCredential(id, { token: CONTACTS_DEMO.tokens.otherLocation });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(CONTACTS_403);
	});

	it('tests unsaved edits of a stored credential (the dialog sends them as data)', async () => {
		const id = e2eState().credentials.contactsApi!;
		const bad = await n8nApi().testCredential(id, { token: 'pit-edited-but-wrong' });
		expect(bad).toEqual({ status: 'Error', message: expect.stringMatching(CONTACTS_401) });
		const good = await n8nApi().testCredential(id, { token: CONTACTS_DEMO.tokens.readonly });
		expect(good.status).toBe('OK');
	});

	it('fails when the API cannot be reached', async () => {
		const id = e2eState().credentials.contactsApi!;
		const result = await n8nApi().testCredential(id, { customBaseUrl: 'http://127.0.0.1:9' });
		expect(result).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
	});
});

describe('Callbell API credential test in n8n', () => {
	it('succeeds with the demo key', async () => {
		const id = e2eState().credentials.callbellApi;
		expect(id).toBeDefined();
		await expect(n8nApi().testCredential(id!)).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	it('fails for a wrong or revoked key with the message for 401, never echoing the key', async () => {
		const url = e2eState().sandboxes.callbell!.url;
		const id = await createCredential('callbellApi', callbellCredentialData(url, { apiKey: 'test_sbx_wrong_key_000000000' }));
		try {
			const wrong = await n8nApi().testCredential(id);
			expect(wrong).toEqual({ status: 'Error', message: expect.stringMatching(CALLBELL_401) });
			// The sandbox's 401 for a revoked key quotes the key, as some APIs do.
			const revoked = await n8nApi().testCredential(id, { apiKey: CALLBELL_DEMO.revokedApiKey });
			expect(revoked).toEqual({ status: 'Error', message: expect.stringMatching(CALLBELL_401) });
			expect(revoked.message).not.toContain(CALLBELL_DEMO.revokedApiKey);
		} finally {
			await n8nApi().deleteCredential(id);
		}
	});
});
