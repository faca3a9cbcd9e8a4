/**
 * (b) The editor's credential "Test" button (POST /rest/credentials/test) for contactsApi,
 * against the Contacts sandbox.
 */
import { CONTACTS_DEMO } from '../harness/sandboxes';
import { contactsCredentialData, createCredential, e2eState, n8nApi } from './helpers/e2e';

describe('Contacts API credential test in n8n', () => {
	it('succeeds with the demo token', async () => {
		const id = e2eState().credentials.contactsApi;
		expect(id).toBeDefined();
		await expect(n8nApi().testCredential(id!)).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	it('fails for a bad token with the API answer', async () => {
		const id = await createCredential('contactsApi', contactsCredentialData(e2eState().sandboxes.contacts.url, { token: 'pit-not-a-real-token' }));
		try {
			const result = await n8nApi().testCredential(id);
			expect(result.status).toBe('Error');
			// n8n 2.41 reports the HTTP status text of a declarative test request ("Unauthorized")
			// unless the credential's test.rules map the status code to a message.
			expect(result.message).toMatch(/Unauthorized|Invalid token/i);
		} finally {
			await n8nApi().deleteCredential(id);
		}
	});

	it('tests unsaved edits of a stored credential (the dialog sends them as data)', async () => {
		const id = e2eState().credentials.contactsApi!;
		const bad = await n8nApi().testCredential(id, { token: 'pit-edited-but-wrong' });
		expect(bad.status).toBe('Error');
		const good = await n8nApi().testCredential(id, { token: CONTACTS_DEMO.tokens.readonly });
		expect(good.status).toBe('OK');
	});

	it('fails when the API cannot be reached', async () => {
		const id = e2eState().credentials.contactsApi!;
		const result = await n8nApi().testCredential(id, { customBaseUrl: 'http://127.0.0.1:9' });
		expect(result).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
	});
});
