import { byId, DEMO, runCallbell, sent, useSandbox, whatsappText } from './helpers';

const { insertContact } = require('../../sandbox/callbell/store');

const sandbox = useSandbox({ contacts: 0 });

const sendText = whatsappText('Exactly once, please');

function messageCount(): number {
	return sandbox().store.messages.size;
}

function newContact(): string {
	return insertContact(sandbox().store, { name: 'Doomed', identifier: '+4930123456789', source: 'whatsapp' }).uuid;
}

describe('Callbell node: API errors', () => {
	it('401: names the credential, is not retried by the node, and never shows the key', async () => {
		const result = await runCallbell(sandbox(), { resource: 'plan', operation: 'get' }, { credential: { apiKey: 'test_wrong_key_0000000000' } });
		expect(result.error?.message).toBe('Callbell rejected the API key (401: Unauthorized)');
		expect(result.error?.description).toMatch(/Check the API key in the Callbell API credential/);
		expect(result.error?.httpCode).toBe('401');
		// Sent once: a key credential has nothing to refresh, so n8n-core's re-send after a
		// 401 (httpRequestWithAuthentication's pre-authentication path) is turned off.
		expect(sandbox().requests.map((r) => r.status)).toEqual([401]);
	});

	it('401 with the key echoed back by the API: the key is redacted everywhere', async () => {
		const result = await runCallbell(sandbox(), { resource: 'plan', operation: 'get' }, { credential: { apiKey: DEMO.revokedApiKey } });
		expect(result.error?.message).toBe('Callbell rejected the API key (401: The API key [redacted] has been revoked)');
		// A revoked key is a different cause from a mistyped one: the advice says to paste the current key.
		expect(result.error?.description).toMatch(/^The key was regenerated or deleted in Callbell, which ends it at once: paste the current key/);
		expect(sandbox().requests).toHaveLength(1);
		// runCallbell has already checked the whole execution for the key; make the point explicit.
		expect(JSON.stringify(result.run.data.resultData.error)).not.toContain(DEMO.revokedApiKey);
	});

	it('404: says which record is missing', async () => {
		const result = await runCallbell(sandbox(), { resource: 'contact', operation: 'get', contactUuid: byId('00000000000000000000000000000000') });
		expect(result.error?.message).toBe('Not found: contact "00000000000000000000000000000000" does not exist in Callbell (Contact not found)');
		expect(result.error?.description).toMatch(/Check the ID/);
		expect(result.error?.httpCode).toBe('404');
		expect(sandbox().requests).toHaveLength(1);
	});

	it('422: lists every field Callbell rejected (tags, custom field types and options, users)', async () => {
		const result = await runCallbell(sandbox(), {
			resource: 'contact',
			operation: 'create',
			source: 'whatsapp',
			identifier: '+14155550111',
			name: 'Rejected',
			additionalFields: {
				tags: 'sales, unknown-tag',
				customFields: {
					field: [
						{ name: 'Preferences', type: 'text', value: 'Newsletter' },
						{ name: 'Status', type: 'dropdown', value: 'Gold' },
						{ name: 'Favourite Colour', type: 'text', value: 'blue' },
					],
				},
				assignedUser: 'nobody@demo-shop.test',
			},
		});
		expect(result.error?.httpCode).toBe('422');
		expect(result.error?.message).toMatch(/^Callbell rejected the input: /);
		for (const part of [
			"tags: 'unknown-tag' does not exist in this account",
			"'Preferences' is a checkbox field: the value must be an array of strings",
			"'Gold' is not an option of 'Status'",
			"'Favourite Colour' does not exist in this account",
			"assigned_user: no user with the email 'nobody@demo-shop.test' in this account",
		]) {
			expect(result.error?.message).toContain(part);
		}
		expect(result.error?.description).toMatch(/must already exist in the Callbell account/);
		expect(sent(sandbox(), 'POST', '/contacts')).toHaveLength(1);
	});

	it('402: explains the empty WhatsApp wallet and does not retry', async () => {
		sandbox().store.whatsappWalletDepleted = true;
		try {
			const result = await runCallbell(sandbox(), {
				...sendText,
				to: DEMO.phones.mario,
				messageType: 'template',
				templateUuid: byId(DEMO.templates.welcome),
				templateValues: { value: [{ value: 'Mario' }] },
				optInContact: true,
			});
			expect(result.error?.message).toMatch(/payment required \(Your WhatsApp wallet is out of credit/);
			expect(result.error?.description).toMatch(/add credit in Callbell → Billing → WhatsApp wallet/);
			// The send was made once (never retried); the read before it is the channel's platform.
			expect(sent(sandbox(), 'POST', '/messages/send')).toHaveLength(1);
		} finally {
			sandbox().store.whatsappWalletDepleted = false;
		}
	});

	it('429 once on a read: backs off and succeeds', async () => {
		sandbox().faults.inject({ kind: '429', count: 1, path: '/plan' });
		const result = await runCallbell(sandbox(), { resource: 'plan', operation: 'get' });
		expect(result.error).toBeUndefined();
		expect(sandbox().requests.map((r) => r.status)).toEqual([429, 200]);
	});

	it('429 on a message send is retried (the API refused it) and the message goes out once', async () => {
		const before = messageCount();
		sandbox().faults.inject({ kind: '429', count: 2, method: 'POST', path: '/messages/send' });
		const result = await runCallbell(sandbox(), sendText);
		expect(result.error).toBeUndefined();
		expect(sent(sandbox(), 'POST', '/messages/send').map((r) => r.status)).toEqual([429, 429, 200]);
		expect(messageCount()).toBe(before + 1);
	});

	it('429 that never ends: gives up after 5 attempts with the documented limit in the message', async () => {
		sandbox().faults.inject({ kind: '429', count: 10, path: '/funnels' });
		const result = await runCallbell(sandbox(), { resource: 'funnel', operation: 'getAll', returnAll: true });
		expect(result.error?.message).toBe("Callbell's rate limit was still reached after 5 attempts");
		expect(result.error?.description).toMatch(/300 requests per second/);
		expect(sandbox().requests).toHaveLength(5);
	});

	it('5xx on a read: retried with backoff until it works', async () => {
		sandbox().faults.inject({ kind: '503', count: 2, path: '/teams' });
		const result = await runCallbell(sandbox(), { resource: 'team', operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(sandbox().requests.map((r) => r.status)).toEqual([503, 503, 200]);
	});

	it('5xx on a message send: not retried, and the error says why', async () => {
		const before = messageCount();
		sandbox().faults.inject({ kind: '502', count: 1, path: '/messages/send' });
		const result = await runCallbell(sandbox(), sendText);
		expect(result.error?.message).toBe('Callbell failed with status 502: Bad Gateway');
		expect(result.error?.description).toMatch(/not retried, because repeating it could send the message twice/);
		expect(sent(sandbox(), 'POST', '/messages/send')).toHaveLength(1);
		expect(messageCount()).toBe(before);
	});

	it('connection dropped after Callbell sent the message: no second send, no duplicate message', async () => {
		const before = messageCount();
		sandbox().faults.inject({ kind: 'reset-after', count: 1, path: '/messages/send' });
		const result = await runCallbell(sandbox(), sendText);
		expect(result.error?.message).toMatch(/^The connection to Callbell broke before it answered trying to send the message/);
		expect(result.error?.description).toMatch(/Check in Callbell whether it already happened/);
		expect(sent(sandbox(), 'POST', '/messages/send')).toHaveLength(1);
		// The sandbox did send it: exactly one message, not two.
		expect(messageCount()).toBe(before + 1);
	});

	it('connection dropped on contact create: not retried, so no second contact', async () => {
		const count = sandbox().store.contacts.size;
		sandbox().faults.inject({ kind: 'reset-after', count: 1, path: '/contacts', method: 'POST' });
		const result = await runCallbell(sandbox(), { resource: 'contact', operation: 'create', source: 'whatsapp', identifier: '+14155550177', name: 'Once' });
		expect(result.error?.message).toMatch(/trying to create the contact/);
		expect(sent(sandbox(), 'POST', '/contacts')).toHaveLength(1);
		expect(sandbox().store.contacts.size).toBe(count + 1);
	});

	it('connection dropped on a read: retried', async () => {
		sandbox().faults.inject({ kind: 'reset', count: 1, path: '/plan' });
		const result = await runCallbell(sandbox(), { resource: 'plan', operation: 'get' });
		expect(result.error).toBeUndefined();
		expect(sandbox().requests.map((r) => r.status)).toEqual(['reset', 200]);
	});

	it('a DELETE whose answer was lost and whose retry finds nothing counts as done', async () => {
		const uuid = newContact();
		sandbox().faults.inject({ kind: 'reset-after', count: 1, method: 'DELETE' });
		const result = await runCallbell(sandbox(), { resource: 'contact', operation: 'delete', contactUuid: byId(uuid) });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ uuid, deleted: true });
		expect(sent(sandbox(), 'DELETE').map((r) => r.status)).toEqual(['reset-after', 404]);
		expect(sandbox().store.contacts.has(uuid)).toBe(false);
	});

	it('Continue On Fail: one error item per failed item, paired, the others go on', async () => {
		const result = await runCallbell(
			sandbox(),
			{ resource: 'contact', operation: 'get', contactUuid: byId('={{ $json.uuid }}') },
			{ input: [{ uuid: DEMO.contacts.john }, { uuid: 'ffffffffffffffffffffffffffffffff' }, { uuid: DEMO.contacts.ada }], continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[0].json.name).toBe('John Doe');
		expect(result.items[1].json).toMatchObject({ error: expect.stringMatching(/^Not found: contact "f+"/), httpCode: '404' });
		expect(result.items[2].json.name).toBe('Ada Lovelace');
	});

	it('Continue On Fail with an ambiguous send: that item fails once, the others are sent once each', async () => {
		const before = messageCount();
		sandbox().faults.inject({ kind: 'reset-after', count: 1, path: '/messages/send' });
		const result = await runCallbell(sandbox(), { ...sendText, text: '={{ $json.text }}' }, {
			input: [{ text: 'one' }, { text: 'two' }, { text: 'three' }],
			continueOnFail: true,
		});
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(String(result.items[0].json.error)).toMatch(/trying to send the message/);
		expect(result.items[1].json.status).toBe('enqueued');
		expect(result.items[2].json.status).toBe('enqueued');
		const posts = sent(sandbox(), 'POST', '/messages/send');
		expect(posts.map((r) => (r.body as { content: { text: string } }).content.text)).toEqual(['one', 'two', 'three']);
		expect(messageCount()).toBe(before + 3);
	});
});
