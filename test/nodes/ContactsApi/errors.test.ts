import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { DEFAULT_RETRY_POLICY } from '../../../nodes/shared/retry';
import { insertContact, storeOf } from '../../harness/contactsStore';
import { runNode, type NodeRun } from '../../harness/engine';
import { CONTACTS_DEMO, contactsCredential, startContactsSandbox, type Sandbox, useContactsSandbox } from '../../harness/sandboxes';

let sandbox: Sandbox;
const defaultBaseDelay = DEFAULT_RETRY_POLICY.baseDelayMs;

useContactsSandbox((started) => (sandbox = started));
beforeAll(() => {
	// Same policy (attempts, backoff shape), shorter steps: keeps the 5xx/reset tests fast.
	// Waits the server asks for (Retry-After, X-RateLimit-*) are not affected.
	DEFAULT_RETRY_POLICY.baseDelayMs = 20;
});
afterAll(() => {
	DEFAULT_RETRY_POLICY.baseDelayMs = defaultBaseDelay;
});
afterEach(() => {
	sandbox.limiter.configure({ max: 100000, intervalMs: 10000, retryAfter: false, enabled: true });
});

interface RunOptions {
	input?: IDataObject[];
	credential?: ICredentialDataDecryptedObject;
	continueOnFail?: boolean;
}

async function run(parameters: INodeParameters, options: RunOptions = {}) {
	return await runNode({
		type: 'contactsApi',
		parameters,
		credentials: contactsCredential(sandbox, options.credential ?? {}),
		input: options.input,
		continueOnFail: options.continueOnFail,
	});
}

function seed(fields: IDataObject = {}) {
	return insertContact(sandbox, { locationId: CONTACTS_DEMO.locationId, ...fields });
}

const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });
const calls = (method: string, path?: string) => sandbox.requests.filter((r) => r.method === method && (!path || r.path === path));
const statuses = () => sandbox.requests.map((r) => r.status);

/** Every secret of the sandbox, and the one used by the run. */
function secrets(extra: string[] = []): string[] {
	return [...Object.values(CONTACTS_DEMO.tokens), CONTACTS_DEMO.oauth.clientSecret, ...extra];
}

/** The run data, the items and the error (message, description, the whole object) carry no token. */
function expectNoSecrets(result: NodeRun, extra: string[] = []) {
	const error = result.error as (Error & { description?: string; cause?: unknown }) | undefined;
	const texts = [
		JSON.stringify(result.items),
		JSON.stringify(result.run),
		error ? error.message : '',
		error ? String(error.description ?? '') : '',
		error ? JSON.stringify(error) : '',
		error ? JSON.stringify(error, Object.getOwnPropertyNames(error)) : '',
		error?.cause ? JSON.stringify(error.cause) : '',
		error ? String(error.stack ?? '') : '',
	];
	for (const secret of secrets(extra)) {
		for (const text of texts) expect(text).not.toContain(secret);
	}
}

describe('Contacts API node: errors and resilience', () => {
	describe('429 bursts', () => {
		it('retries 429s using the X-RateLimit-* window (no Retry-After): every item done once', async () => {
			// 2 per second: the third of 8 back-to-back gets is refused even on a slow, loaded machine.
			sandbox.limiter.configure({ max: 2, intervalMs: 1000, retryAfter: false, enabled: true });
			const contacts = Array.from({ length: 8 }, (_, i) => seed({ firstName: `Burst${i}` }));
			const result = await run({ resource: 'contact', operation: 'get', contactId: byId('={{ $json.id }}') }, { input: contacts.map((c) => ({ id: c.id })) });
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json.id)).toEqual(contacts.map((c) => c.id));
			expect(result.items.map((i) => i.pairedItem)).toEqual(contacts.map((_, n) => ({ item: n })));
			expect(statuses().filter((s) => s === 429).length).toBeGreaterThan(0);
			expect(statuses().filter((s) => s === 200)).toHaveLength(8);
			expectNoSecrets(result);
		});

		it('honours Retry-After and never duplicates a create that got a 429', async () => {
			sandbox.limiter.configure({ max: 2, intervalMs: 1000, retryAfter: true, enabled: true });
			const input = Array.from({ length: 4 }, (_, i) => ({ email: `ratelimited${i}@example.com` }));
			const result = await run({ resource: 'contact', operation: 'create', additionalFields: { email: '={{ $json.email }}' } }, { input });
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json.email)).toEqual(input.map((i) => i.email));
			const posts = calls('POST', '/contacts/');
			expect(posts.filter((r) => r.status === 201)).toHaveLength(4);
			const limited = sandbox.requests.findIndex((r) => r.status === 429);
			expect(limited).toBeGreaterThan(-1);
			// Retry-After is given in whole seconds (1 here): the retry waited for it.
			expect(sandbox.requests[limited + 1].at - sandbox.requests[limited].at).toBeGreaterThanOrEqual(900);
			for (const email of input.map((i) => i.email)) {
				expect([...storeOf(sandbox).contacts.values()].filter((c) => c.email === email)).toHaveLength(1);
			}
		});

		it('gets every upsert of a burst through, each contact stored once', async () => {
			// A window wide enough that the burst hits the limit however slowly the machine runs.
			sandbox.limiter.configure({ max: 2, intervalMs: 1000, retryAfter: false, enabled: true });
			const input = Array.from({ length: 9 }, (_, i) => ({ email: `burst-upsert${i % 3}@example.com`, city: `City${i}` }));
			const result = await run(
				{ resource: 'contact', operation: 'upsert', additionalFields: { email: '={{ $json.email }}', city: '={{ $json.city }}' } },
				{ input },
			);
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => [i.json.email, i.json.city, i.json.new])).toEqual(
				input.map((i, n) => [i.email, i.city, n < 3]),
			);
			expect(statuses().filter((s) => s === 429).length).toBeGreaterThan(0);
			expect(statuses().filter((s) => s === 200)).toHaveLength(9);
			for (const n of [0, 1, 2]) {
				const stored = [...storeOf(sandbox).contacts.values()].filter((c) => c.email === `burst-upsert${n}@example.com`);
				expect(stored).toHaveLength(1);
				expect(stored[0].city).toBe(`City${n + 6}`);
			}
		});

		it('reports a lasting 429 with a message that says so', async () => {
			sandbox.faults.inject({ kind: '429', count: 6, method: 'GET', headers: { 'Retry-After': '0' } });
			const c = seed();
			const result = await run({ resource: 'contact', operation: 'get', contactId: byId(c.id) });
			expect(result.error?.message).toMatch(/Rate limit reached: the API still answered 429 after 6 attempts/);
			expect(sandbox.requests).toHaveLength(6);
		});
	});

	describe('injected faults', () => {
		it('retries reads through 500, 503 and a dropped connection: no item lost', async () => {
			const contacts = [seed({ firstName: 'R0' }), seed({ firstName: 'R1' }), seed({ firstName: 'R2' })];
			sandbox.faults.inject({ kind: '500', method: 'GET' });
			sandbox.faults.inject({ kind: '503', method: 'GET' });
			sandbox.faults.inject({ kind: 'reset', method: 'GET' });
			const result = await run(
				{ resource: 'contact', operation: 'get', contactId: byId('={{ $json.id }}') },
				{ input: contacts.map((c) => ({ id: c.id })) },
			);
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json.firstName)).toEqual(['R0', 'R1', 'R2']);
			expect(statuses()).toEqual([500, 503, 'reset', 200, 200, 200]);
			expectNoSecrets(result);
		});

		it('retries a Return All page that failed, and returns every contact once', async () => {
			const fresh = await startContactsSandbox({ contacts: 0 });
			try {
				for (let i = 0; i < 250; i++) insertContact(fresh, { locationId: CONTACTS_DEMO.locationId, firstName: `P${i}` });
				fresh.faults.inject({ kind: 'reset', method: 'GET', path: '/contacts/' });
				fresh.faults.inject({ kind: '503', method: 'GET', path: '/contacts/' });
				const result = await runNode({ type: 'contactsApi', parameters: { resource: 'contact', operation: 'getAll', returnAll: true }, credentials: contactsCredential(fresh) });
				expect(result.error).toBeUndefined();
				const ids = result.items.map((i) => i.json.id);
				expect(ids).toHaveLength(250);
				expect(new Set(ids).size).toBe(250);
				expect(fresh.requests.map((r) => r.status)).toEqual(['reset', 503, 200, 200, 200]);
				for (const r of fresh.requests) expect(r.query.locationId).toBe(CONTACTS_DEMO.locationId);
				expect(fresh.specViolations()).toEqual([]);
			} finally {
				await fresh.close();
			}
		});

		it('retries an update (PUT) after a 503 and a delete after a lost answer', async () => {
			const c = seed({ firstName: 'Before' });
			sandbox.faults.inject({ kind: '503', method: 'PUT' });
			const updated = await run({ resource: 'contact', operation: 'update', contactId: byId(c.id), updateFields: { firstName: 'After' } });
			expect(updated.error).toBeUndefined();
			expect(updated.items[0].json).toMatchObject({ id: c.id, firstName: 'After' });
			expect(calls('PUT').map((r) => r.status)).toEqual([503, 200]);

			sandbox.clearRequests();
			sandbox.faults.inject({ kind: 'reset-after', method: 'DELETE' });
			const deleted = await run({ resource: 'contact', operation: 'delete', contactId: byId(c.id) });
			// The first DELETE worked but its answer was lost; the retry finds nothing left to delete.
			expect(deleted.error).toBeUndefined();
			expect(calls('DELETE').map((r) => r.status)).toEqual(['reset-after', 404]);
			expect(deleted.items.map((i) => i.json)).toEqual([{ id: c.id, deleted: true }]);
			expect(storeOf(sandbox).contacts.has(c.id)).toBe(false);
		});

		it('retries an upsert after a lost answer and a 500 without making a duplicate', async () => {
			sandbox.faults.inject({ kind: 'reset-after', method: 'POST', path: '/contacts/upsert' });
			sandbox.faults.inject({ kind: '500', method: 'POST', path: '/contacts/upsert' });
			const result = await run({ resource: 'contact', operation: 'upsert', additionalFields: { email: 'flaky-upsert@example.com', firstName: 'Flaky' } });
			expect(result.error).toBeUndefined();
			expect(calls('POST', '/contacts/upsert').map((r) => r.status)).toEqual(['reset-after', 500, 200]);
			expect(result.items).toHaveLength(1);
			expect(result.items[0].json).toMatchObject({ email: 'flaky-upsert@example.com', firstName: 'Flaky' });
			expect([...storeOf(sandbox).contacts.values()].filter((c) => c.email === 'flaky-upsert@example.com')).toHaveLength(1);
		});

		it('never retries an upsert that may create a new contact (createNewIfDuplicateAllowed)', async () => {
			sandbox.faults.inject({ kind: 'reset-after', method: 'POST', path: '/contacts/upsert' });
			const result = await run(
				{ resource: 'contact', operation: 'upsert', additionalFields: { email: 'always-new@example.com' }, options: { createNewIfDuplicateAllowed: true } },
				{ continueOnFail: true },
			);
			expect(calls('POST', '/contacts/upsert')).toHaveLength(1);
			expect(result.items[0].json.description).toMatch(/not retried/);
		});

		it.each([
			['reset-after', 'Could not reach the Contacts API'],
			['500', 'The Contacts API failed with status 500'],
		])('does not retry a create that hit %s: one POST, and the error item says why', async (kind, message) => {
			sandbox.faults.inject({ kind, method: 'POST', path: '/contacts/' });
			const email = `once-${kind}@example.com`;
			const result = await run({ resource: 'contact', operation: 'create', additionalFields: { email } }, { continueOnFail: true });
			expect(result.error).toBeUndefined();
			expect(calls('POST', '/contacts/')).toHaveLength(1);
			expect(result.items).toHaveLength(1);
			expect(result.items[0].pairedItem).toEqual({ item: 0 });
			expect(result.items[0].json.error).toContain(message);
			expect(result.items[0].json.description).toMatch(/It was not retried: repeating a create could make a duplicate/);
			// After 'reset-after' the contact exists although the node could not know it.
			const stored = [...storeOf(sandbox).contacts.values()].filter((c) => c.email === email);
			expect(stored).toHaveLength(kind === 'reset-after' ? 1 : 0);
			expectNoSecrets(result);
		});
	});

	describe('authentication, scopes, location and version', () => {
		it('names the missing scope when a read-only token creates', async () => {
			const result = await run({ resource: 'contact', operation: 'create', additionalFields: { email: 'scope@example.com' } }, { credential: { token: CONTACTS_DEMO.tokens.readonly } });
			expect(result.error?.message).toMatch(/Permission denied: the token lacks contacts\.write/);
			expect(result.error?.description).toMatch(/grant contacts\.write/);
			expect(result.error?.httpCode).toBe('403');
			expect(sandbox.requests).toHaveLength(1);
			expectNoSecrets(result);
		});

		it('reports a wrong token as an authentication failure (401), without echoing it', async () => {
			const wrong = 'pit-wrong-token-0000000000000000';
			const result = await run({ resource: 'contact', operation: 'getAll', returnAll: false, limit: 1 }, { credential: { token: wrong } });
			expect(result.error?.message).toMatch(/Authentication failed: the API rejected the token \(401/);
			expect(result.error?.description).toMatch(/Private Integration token/);
			// Sent once: n8n-core's re-send after a 401 (its pre-authentication path) is turned off
			// for key credentials, which have nothing to refresh.
			expect(sandbox.requests.map((r) => r.status)).toEqual([401]);
			expectNoSecrets(result, [wrong]);
		});

		// Each documented or field-seen reason for a 401/403 gets advice about that cause, and a
		// refusal no retry can change is sent once (n8n-core used to re-send every 401).
		it.each([
			[
				'a scope refused with 401 "not authorized for this scope" (read)',
				CONTACTS_DEMO.tokens.readonly401,
				'get',
				/^Permission denied: the token lacks contacts\.readonly \(401 The token is not authorized for this scope\.\)$/,
				/grant contacts\.readonly\. The token stays the same: do not replace it\./,
			],
			[
				'a scope refused with 403 "Insufficient scopes" (write)',
				CONTACTS_DEMO.tokens.readonly,
				'update',
				/^Permission denied: the token lacks contacts\.write \(403 Insufficient scopes\)$/,
				/grant contacts\.write\. The token stays the same/,
			],
			[
				'an agency (company) token on a location route',
				CONTACTS_DEMO.tokens.company,
				'get',
				/^The token is an agency \(company\) token, but this operation needs a sub-account \(location\) token \(401 This authClass type/,
				/Create the Private Integration inside the sub-account/,
			],
			['a token for another location', CONTACTS_DEMO.tokens.otherLocation, 'get', /^Permission denied for location "loc_demo_0001" \(403 The token does not have access to this location\)$/, /Check the Location ID/],
			['an expired (rotated-out) token', CONTACTS_DEMO.tokens.expired, 'get', /^Authentication failed: the token is no longer valid \(401 The token has expired\)$/, /7-day overlap ends.*paste the current token/],
			['a wrong token', 'pit-not-a-token-000000000000000000', 'get', /^Authentication failed: the API rejected the token \(401 Invalid token\)$/, /copy it again from Settings → Private Integrations.*Base URL/],
		])('%s: advice about that cause, sent once', async (_name, token, operation, message, description) => {
			const contact = seed({ firstName: 'Refused' });
			const params: INodeParameters = operation === 'update' ? { contactId: byId(contact.id), updateFields: { firstName: 'X' } } : { contactId: byId(contact.id) };
			const result = await run({ resource: 'contact', operation, ...params }, { credential: { token } });
			expect(result.error?.message).toMatch(message);
			expect(result.error?.description).toMatch(description);
			expect(sandbox.requests).toHaveLength(1);
			expectNoSecrets(result, [token]);
		});

		it('names the location when the token belongs to another one (403)', async () => {
			const result = await run({ resource: 'contact', operation: 'search', returnAll: false, limit: 5 }, { credential: { token: CONTACTS_DEMO.tokens.otherLocation } });
			expect(result.error?.message).toMatch(new RegExp(`Permission denied for location "${CONTACTS_DEMO.locationId}"`));
			expect(result.error?.description).toMatch(/Location ID/);
			expectNoSecrets(result);
		});

		it('defaults an empty API Version to 2021-07-28', async () => {
			const result = await run({ resource: 'contact', operation: 'getAll', returnAll: false, limit: 1 }, { credential: { apiVersion: '' } });
			expect(result.error).toBeUndefined();
			expect(sandbox.requests[0].headers.version).toBe('2021-07-28');
		});

		it('reports a wrong API Version (400) with the value to use', async () => {
			const result = await run({ resource: 'contact', operation: 'getAll', returnAll: false, limit: 1 }, { credential: { apiVersion: '2020-01-01' } });
			expect(sandbox.requests[0].headers.version).toBe('2020-01-01');
			expect(result.error?.message).toMatch(/Bad request: Unsupported Version header: 2020-01-01/);
			expect(result.error?.description).toBe('Set "API Version" in the credential to 2021-07-28.');
			expect(sandbox.requests).toHaveLength(1);
		});

		it.each([
			['getAll', { returnAll: true }],
			['search', { returnAll: true }],
			['create', { additionalFields: { email: 'noloc@example.com' } }],
			['upsert', { additionalFields: { email: 'noloc@example.com' } }],
			['findDuplicate', { email: 'noloc@example.com' }],
			['getManyByBusiness', { businessId: 'biz_1', returnAll: true }],
		])('stops %s before any request when no location is set anywhere', async (operation, params) => {
			const result = await run({ resource: 'contact', operation, ...params } as INodeParameters, { credential: { locationId: '' } });
			expect(result.error?.message).toBe('Invalid Location ID (locationId) in item 0: no location is set');
			expect(result.error?.description).toMatch(/Set the Location ID in the credential or in the node options/);
			// InputError is shared/validation's NodeOperationError subclass.
			expect(result.error?.name).toBe('InputError');
			expect(sandbox.requests).toHaveLength(0);
		});

		it('stops bulk operations before any request when no location is set anywhere', async () => {
			const result = await run({ resource: 'bulk', operation: 'updateTags', tagAction: 'add', contactIds: 'abc', tags: ['vip'] }, { credential: { locationId: '' } });
			expect(result.error?.message).toBe('Invalid Location ID (locationId) in item 0: no location is set');
			expect(sandbox.requests).toHaveLength(0);
		});

		it('uses the node option location over the credential', async () => {
			const result = await run({ resource: 'contact', operation: 'getAll', returnAll: false, limit: 1, options: { locationId: CONTACTS_DEMO.otherLocationId } });
			expect(sandbox.requests[0].query.locationId).toBe(CONTACTS_DEMO.otherLocationId);
			// The write token has no access there: the message names the location that was used.
			expect(result.error?.message).toMatch(new RegExp(`Permission denied for location "${CONTACTS_DEMO.otherLocationId}"`));
		});
	});

	describe('secrets', () => {
		it('keeps the token out of items, errors and run data on success and on API errors', async () => {
			const c = seed({ firstName: 'Secretive' });
			const ok = await run({ resource: 'contact', operation: 'get', contactId: byId(c.id) });
			expect(ok.error).toBeUndefined();
			expectNoSecrets(ok);

			const notFound = await run({ resource: 'contact', operation: 'get', contactId: byId('missingContact000001') });
			expect(notFound.error?.message).toMatch(/Not found/);
			expectNoSecrets(notFound);

			const rejected = await run({ resource: 'contact', operation: 'update', contactId: byId(c.id), updateFields: { assignedTo: 'noSuchUser' } }, { continueOnFail: true });
			expect(rejected.items[0].json.error).toMatch(/The API rejected the input: assignedTo must be a valid user id/);
			expectNoSecrets(rejected);
		});

		it('redacts a token the API echoes back in an error body', async () => {
			sandbox.faults.inject({ kind: '400', method: 'GET', message: `upstream said: Bearer ${CONTACTS_DEMO.tokens.write} and ${CONTACTS_DEMO.tokens.write}` } as never);
			const c = seed();
			const result = await run({ resource: 'contact', operation: 'get', contactId: byId(c.id) }, { continueOnFail: false });
			expect(result.error?.message).toMatch(/^Bad request: upstream said/);
			expect(result.error?.message).toMatch(/\[redacted\]/);
			expectNoSecrets(result);
		});
	});

	describe('Continue On Fail', () => {
		it('bad input in the middle item: 3 items out, the middle an error item, only 2 requests', async () => {
			const input = [{ email: 'cof-a@example.com' }, { email: 'not-an-email' }, { email: 'cof-c@example.com' }];
			const result = await run({ resource: 'contact', operation: 'create', additionalFields: { email: '={{ $json.email }}' } }, { input, continueOnFail: true });
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(3);
			expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(result.items[0].json).toMatchObject({ email: 'cof-a@example.com' });
			expect(result.items[1].json).toEqual({ error: 'Invalid Email (email) in item 1: "not-an-email" is not an email address' });
			expect(result.items[2].json).toMatchObject({ email: 'cof-c@example.com' });
			expect(sandbox.requests).toHaveLength(2);
		});

		it('an API failure in the middle item: 3 items out, each request sent once', async () => {
			const a = seed({ firstName: 'A' });
			const c = seed({ firstName: 'C' });
			const input = [{ id: a.id }, { id: 'missingContact000001' }, { id: c.id }];
			const result = await run({ resource: 'contact', operation: 'get', contactId: byId('={{ $json.id }}') }, { input, continueOnFail: true });
			expect(result.items).toHaveLength(3);
			expect(result.items[1]).toEqual({
				json: {
					error: 'Not found: Contact not found',
					description: 'Check the ID. The record may have been deleted.',
					httpCode: '404',
					// The API's own answer is kept in the error item.
					apiResponse: { statusCode: 404, message: 'Contact not found' },
				},
				pairedItem: { item: 1 },
			});
			expect(result.items.map((i) => i.json.firstName)).toEqual(['A', undefined, 'C']);
			expect(sandbox.requests.map((r) => r.path)).toEqual(input.map((i) => `/contacts/${i.id}`));
		});

		it('without Continue On Fail, bad input anywhere stops the node before any request', async () => {
			const input = [{ email: 'first@example.com' }, { email: 'bad' }];
			const result = await run({ resource: 'contact', operation: 'create', additionalFields: { email: '={{ $json.email }}' } }, { input });
			expect(result.error?.message).toBe('Invalid Email (email) in item 1: "bad" is not an email address');
			expect(sandbox.requests).toHaveLength(0);
		});
	});
});
