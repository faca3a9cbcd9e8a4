import { byId, DEMO, runDialpad, sent, useSandbox } from './helpers';
import { testCredential } from '../../harness/credentialTest';
import { dialpadCredential } from '../../harness/sandboxes';

const sandbox = useSandbox();

describe('Dialpad node: API errors, retries and redaction', () => {
	it('401: names the credential and never shows the key, even when the API echoes it', async () => {
		const result = await runDialpad(sandbox(), { resource: 'user', operation: 'getAll', returnAll: true }, { credential: { apiKey: DEMO.revokedApiKey } });
		expect(result.error?.message).toBe('Dialpad rejected the API key (401: The API key [redacted] has been revoked)');
		// Revoked, not mistyped: the advice is to make a new key; and it was sent once.
		expect(result.error?.description).toMatch(/^The key was revoked or deleted in Dialpad .*make a new key/);
		expect(sandbox().requests.map((r) => r.status)).toEqual([401]);
		expect(JSON.stringify(result.run.data.resultData.error)).not.toContain(DEMO.revokedApiKey);
	});

	it('401 for an unknown key: sent once, advice names the key and the Environment', async () => {
		const result = await runDialpad(sandbox(), { resource: 'user', operation: 'getAll', returnAll: true }, { credential: { apiKey: 'dp_not_a_key_000000000000' } });
		expect(result.error?.message).toBe('Dialpad rejected the API key (401: Invalid or missing API key)');
		expect(result.error?.description).toMatch(/^Check the API key and the Environment in the Dialpad API credential \(now http:\/\/127\.0\.0\.1:\d+\/api\/v2\)/);
		expect(sandbox().requests.map((r) => r.status)).toEqual([401]);
	});

	it('404 with Continue On Fail: one error item keeping what the API said; the other items go on', async () => {
		const result = await runDialpad(
			sandbox(),
			{ resource: 'contact', operation: 'get', contactId: byId('={{ $json.id }}') },
			{ input: [{ id: 'shared_contact_missing' }, { id: DEMO.contacts.ada }], continueOnFail: true },
		);
		expect(result.items[0].json).toMatchObject({ error: 'Not found: contact "shared_contact_missing" does not exist in Dialpad (Contact not found)', httpCode: '404' });
		expect(result.items[1].json).toMatchObject({ id: DEMO.contacts.ada });
	});

	it('400: shows Dialpad\'s own message', async () => {
		const result = await runDialpad(sandbox(), { resource: 'contact', operation: 'getAll', returnAll: true, scope: 'local', userId: byId('123') });
		expect(result.error?.httpCode).toBe('404');
		expect(result.error?.message).toBe('Not found: the record does not exist in Dialpad (User not found)');
	});

	it('429 then success: a GET is retried after backing off', async () => {
		sandbox().faults.inject({ kind: '429', method: 'GET', path: '/api/v2/offices', count: 2 });
		const result = await runDialpad(sandbox(), { resource: 'office', operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(sent(sandbox(), 'GET', '/offices').map((r) => r.status)).toEqual([429, 429, 200]);
	}, 60_000);

	it('5xx: idempotent calls are retried, a create is not', async () => {
		sandbox().faults.inject({ kind: '503', method: 'PUT', path: '/api/v2/contacts' });
		const upsert = await runDialpad(sandbox(), { resource: 'contact', operation: 'upsert', uid: 'retry-me', firstName: 'Re', lastName: 'Try' });
		expect(upsert.error).toBeUndefined();
		expect(sent(sandbox(), 'PUT', '/contacts').map((r) => r.status)).toEqual([503, 200]);
		sandbox().faults.inject({ kind: '503', method: 'POST', path: '/api/v2/contacts' });
		const create = await runDialpad(sandbox(), { resource: 'contact', operation: 'create', contactType: 'shared', firstName: 'No', lastName: 'Retry' });
		expect(create.error?.message).toBe('Dialpad failed with status 503: Service Unavailable');
		expect(create.error?.description).toMatch(/It was not retried, because repeating it could create the contact twice/);
		expect(sent(sandbox(), 'POST', '/contacts')).toHaveLength(1);
	}, 60_000);

	it('a DELETE whose answer was lost counts as done when the retry finds nothing', async () => {
		sandbox().faults.inject({ kind: 'reset-after', method: 'DELETE' });
		const result = await runDialpad(sandbox(), { resource: 'contact', operation: 'delete', contactId: byId(DEMO.contacts.grace) });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ id: DEMO.contacts.grace, deleted: true });
	}, 60_000);
});

describe('Dialpad API credential test', () => {
	it('passes with an admin key, explains a user key and a wrong key', async () => {
		expect(await testCredential('dialpadApi', dialpadCredential(sandbox()).dialpadApi)).toEqual({ status: 'OK', message: 'Connection successful!' });
		const user = await testCredential('dialpadApi', dialpadCredential(sandbox(), { apiKey: DEMO.userApiKey }).dialpadApi);
		expect(user.message).toMatch(/not a company-admin key/);
		const wrong = await testCredential('dialpadApi', dialpadCredential(sandbox(), { apiKey: 'nope' }).dialpadApi);
		expect(wrong).toEqual({ status: 'Error', message: expect.stringMatching(/^Invalid API key: Dialpad rejected it/) });
		expect(sent(sandbox(), 'GET', '/company').every((r) => r.headers.authorization?.startsWith('Bearer '))).toBe(true);
	});
});
