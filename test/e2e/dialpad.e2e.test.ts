/**
 * The Dialpad node and Dialpad Trigger inside a real n8n, against a Dialpad sandbox of this
 * file (its own credential, Environment "Custom Base URL"):
 * - node: create-or-update by UID (twice → one contact), calls with their links, SMS send;
 * - trigger: activation through the public API creates the webhook (n8n's production URL,
 *   a generated secret) and the subscriptions; events signed by the sandbox sender with that
 *   secret start exactly one execution each; forged, unsigned, alg-none and replayed ones
 *   start none; deactivation deletes exactly what the activation created.
 */
import type { IDataObject } from 'n8n-workflow';

import { DIALPAD_DEMO, startDialpadSandbox, type DialpadSandbox } from '../harness/sandboxes';
import { createCredential, e2eState, n8nApi, removeSetup, runNodeWorkflow } from './helpers/e2e';
import { createTriggerWorkflow, expectExecutionCountStays, nodeOutput, postWebhook, waitForExecutionCount, waitUntil, type TriggerWorkflow } from './helpers/triggers';

const deliverJs = require('../sandbox/dialpad/deliver');
const { signJwt } = require('../sandbox/dialpad/jwt');

interface Delivered {
	status: number;
	body: any;
	text: string;
	url: string;
	rawBody: Buffer;
	headers: Record<string, string>;
}

const TRIGGER = 'Dialpad Trigger';

describe('Dialpad in n8n', () => {
	const api = n8nApi();
	let sandbox: DialpadSandbox;
	let credentialId: string;
	let wf: TriggerWorkflow;
	let executions = 0;
	const accepted: Delivered[] = [];

	beforeAll(async () => {
		sandbox = await startDialpadSandbox({ port: 0 });
		credentialId = await createCredential(
			'dialpadApi',
			{ apiKey: DIALPAD_DEMO.apiKey, environment: 'custom', customBaseUrl: sandbox.url },
			'Dialpad sandbox (dialpad e2e)',
		);
	});
	afterEach(() => {
		expect(sandbox.specViolations()).toEqual([]);
	});
	afterAll(async () => {
		await removeSetup(api, { workflowId: wf?.id, credentialId, sandbox });
	});

	it('credential test passes against the sandbox', async () => {
		expect(await api.testCredential(credentialId)).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	it('node: create-or-update by UID twice gives one contact; calls carry their links; SMS goes out', async () => {
		const upsert = { resource: 'contact', operation: 'upsert', uid: 'e2e-crm-1', firstName: 'Edie', lastName: 'Two', additionalFields: { phones: '+1 415 555 0188' } };
		const first = await runNodeWorkflow('dialpad', upsert, { dialpadApi: credentialId });
		const second = await runNodeWorkflow('dialpad', { ...upsert, lastName: 'Twice' }, { dialpadApi: credentialId });
		expect(second[0]).toMatchObject({ id: first[0].id, display_name: 'Edie Twice', phones: ['+14155550188'] });
		expect(sandbox.store.contacts.filter((c: IDataObject) => c.id === first[0].id)).toHaveLength(1);

		const calls = await runNodeWorkflow('dialpad', { resource: 'call', operation: 'getAll', returnAll: true }, { dialpadApi: credentialId });
		expect(calls.map((c) => c.call_id)).toEqual([DIALPAD_DEMO.calls.missed, DIALPAD_DEMO.calls.answered, DIALPAD_DEMO.calls.older]);
		expect(calls[1].links).toMatchObject({ recordings: [expect.stringContaining(DIALPAD_DEMO.calls.answered)] });

		const sms = await runNodeWorkflow(
			'dialpad',
			{ resource: 'sms', operation: 'send', senderType: 'user', userId: { __rl: true, mode: 'id', value: DIALPAD_DEMO.users.alice.id }, toNumbers: '+14155550123', text: 'Hi from n8n' },
			{ dialpadApi: credentialId },
		);
		expect(sms[0]).toMatchObject({ direction: 'outbound', text: 'Hi from n8n' });
	});

	it('trigger: activation creates the webhook at the production URL and the subscriptions', async () => {
		wf = await createTriggerWorkflow(api, {
			type: 'dialpadTrigger',
			name: 'e2e Dialpad Trigger',
			triggerName: TRIGGER,
			parameters: { events: ['call.hangup', 'contact.created', 'sms.inbound'], targetType: 'company', options: {} },
			credentials: { dialpadApi: credentialId },
		});
		await api.activateWorkflow(wf.id);
		const productionUrl = `${e2eState().url}/webhook/${wf.webhookPath}`;
		await waitUntil(() => sandbox.store.subscriptions.contact.length === 1, { what: 'the subscriptions of the activation' });
		expect(sandbox.store.webhooks).toHaveLength(1);
		expect(sandbox.store.webhooks[0]).toMatchObject({ hook_url: productionUrl, secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
		expect(sandbox.store.subscriptions.call).toEqual([expect.objectContaining({ call_states: ['hangup'], endpoint_id: sandbox.store.webhooks[0].id })]);
		expect(sandbox.store.subscriptions.sms).toEqual([expect.objectContaining({ direction: 'inbound' })]);
		// Wait out the short window in which n8n answers 404 for a new route (an unsigned body is refused: 401).
		const ready = await postWebhook(e2eState().url, wf.webhookPath, 'x.y.z', { 'content-type': 'application/jwt' });
		expect(ready.status).toBe(401);
	});

	it('signed events: exactly one execution each, with the decoded event and _webhook', async () => {
		const events = [
			deliverJs.callEvent('hangup'),
			deliverJs.contactEvent('Created', { id: 'shared_contact_uid_e2e', type: 'shared', first_name: 'Eve', last_name: 'Nt', phones: ['+14155550177'] }),
			deliverJs.smsEvent('inbound'),
		];
		for (const event of events) {
			const [delivery] = (await deliverJs.deliverEvent(sandbox, event)) as Delivered[];
			expect({ status: delivery.status, body: delivery.body }).toEqual({ status: 200, body: { status: 'ok' } });
			accepted.push(delivery);
		}
		executions += events.length;
		const all = await waitForExecutionCount(api, wf.id, executions);
		const outputs = all.map((e) => nodeOutput(e, TRIGGER)[0]);
		expect(outputs.map((o) => (o._webhook as IDataObject).eventType).sort()).toEqual(['call.hangup', 'contact.created', 'sms.inbound']);
		const call = outputs.find((o) => (o._webhook as IDataObject).eventType === 'call.hangup')!;
		expect(call).toMatchObject({ call_id: events[0].call_id, state: 'hangup', _webhook: { verified: true } });
		expect(all.every((e) => e.status === 'success' && e.mode === 'webhook')).toBe(true);
		await expectExecutionCountStays(api, wf.id, executions);
	});

	it('the Content-Type of a delivery is undocumented: text/plain works too; application/json is refused by n8n itself (422) before the node runs', async () => {
		const secret = sandbox.store.webhooks[0].secret;
		const plain = await postWebhook(e2eState().url, wf.webhookPath, signJwt(JSON.stringify(deliverJs.callEvent('hangup')), secret), { 'content-type': 'text/plain' });
		expect({ status: plain.status, body: plain.body }).toEqual({ status: 200, body: { status: 'ok' } });
		executions += 1;
		const json = await postWebhook(e2eState().url, wf.webhookPath, signJwt(JSON.stringify(deliverJs.callEvent('hangup')), secret), { 'content-type': 'application/json' });
		expect({ status: json.status, message: json.body?.message }).toEqual({ status: 422, message: 'Failed to parse request body' });
		await waitForExecutionCount(api, wf.id, executions);
		await expectExecutionCountStays(api, wf.id, executions, 1000);
	});

	it('forged, unsigned, alg-none and replayed deliveries start nothing', async () => {
		const secret = sandbox.store.webhooks[0].secret;
		const event = JSON.stringify(deliverJs.callEvent('hangup'));
		for (const [label, token] of [
			['wrong secret', signJwt(event, 'guess')],
			['alg none', signJwt(event, '', { alg: 'none' })],
			['HS512', signJwt(event, secret, { alg: 'HS512' })],
			['plain JSON', event],
		] as Array<[string, string]>) {
			const answer = await postWebhook(e2eState().url, wf.webhookPath, token, { 'content-type': 'application/jwt' });
			expect({ label, status: answer.status }).toEqual({ label, status: 401 });
		}
		for (const original of accepted) {
			const again = (await deliverJs.replay(sandbox, original)) as Delivered;
			expect({ status: again.status, body: again.body }).toEqual({ status: 200, body: expect.objectContaining({ status: 'already processed' }) });
		}
		await expectExecutionCountStays(api, wf.id, executions);
	});

	it('deactivation deletes exactly the webhook and subscriptions it created', async () => {
		const headers = { Authorization: `Bearer ${DIALPAD_DEMO.apiKey}`, 'Content-Type': 'application/json' };
		await fetch(`${sandbox.url}/api/v2/webhooks`, { method: 'POST', headers, body: JSON.stringify({ hook_url: 'https://other.example/hook' }) });
		await api.deactivateWorkflow(wf.id);
		await waitUntil(() => sandbox.store.subscriptions.contact.length === 0 && sandbox.store.webhooks.length === 1, { what: 'the deletes of the deactivation' });
		expect(sandbox.store.webhooks.map((w: IDataObject) => w.hook_url)).toEqual(['https://other.example/hook']);
		expect(sandbox.store.subscriptions.call).toHaveLength(0);
		expect(sandbox.store.subscriptions.sms).toHaveLength(0);
	});
});
