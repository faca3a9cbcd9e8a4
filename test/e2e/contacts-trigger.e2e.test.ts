/**
 * Contacts API Trigger inside a real n8n: a workflow activated through the public API,
 * signed deliveries POSTed to its production URL (/webhook/<webhookId>/webhook), executions
 * read back through the public executions API with their data.
 *
 * 1. On the shared n8n: Ed25519- and RSA-signed deliveries each start exactly one execution
 *    carrying the payload; forged, replayed (stale timestamp) and duplicate deliveries get
 *    401 / 401 / 200 "already processed" and start nothing (counted after a quiet wait).
 * 2. On a short-lived second n8n (own user folder and ports): the duplicate record survives
 *    an n8n restart, i.e. it is read from workflow static data in the database and not only
 *    from the process-local record (nodes/shared/triggers/dedup.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import { readRecord, recordKey } from '../../nodes/shared/triggers/dedupRecord';
import { createSigner, newWebhookId, stamp, type Signer } from '../nodes/ContactsApiTrigger/signer';
import { e2eState, n8nApi, type N8nApi } from './helpers/e2e';
import { startExtraN8n, type ExtraN8n } from './helpers/instance';
import {
	createTriggerWorkflow,
	executionsOf,
	expectExecutionCountStays,
	nodeOutput,
	postWebhook,
	waitForExecutionCount,
	waitUntil,
	type TriggerWorkflow,
	type WebhookAnswer,
} from './helpers/triggers';

/** The published ContactCreate example (webhook-events/ContactCreate.json), inlined. */
const CONTACT_CREATE: IDataObject = {
	type: 'ContactCreate',
	locationId: 've9EPM428h8vShlRW1KT',
	id: 'nmFmQEsNgz6AVpgLVUJ0',
	address1: '3535 1st St N',
	city: 'ruDolomitebika',
	state: 'AL',
	companyName: 'Loram ipsum',
	country: 'DE',
	source: 'xyz form',
	dateAdded: '2021-11-26T12:41:02.193Z',
	dateOfBirth: '2000-01-05T00:00:00.000Z',
	dnd: true,
	email: 'JohnDeo@gmail.comm',
	name: 'John Deo',
	firstName: 'John',
	lastName: 'Deo',
	phone: '+919509597501',
	postalCode: '452001',
	tags: ['id magna sed Lorem', 'Duis dolor commodo aliqua'],
	website: 'https://www.google.com/',
	attachments: [],
	assignedTo: 'nmFmQEsNgz6AVpgLVUJ0',
	customFields: [{ id: 'BcdmQEsNgz6AVpgLVUJ0', value: 'XYZ Corp' }],
};

const TRIGGER = 'Contacts API Trigger';
const minutesFromNow = (n: number) => new Date(Date.now() + n * 60_000);

let signer: Signer;

beforeAll(async () => {
	// RSA-4096 key generation takes a second or two; one signer for the file.
	signer = await createSigner();
});

/** Creates and activates the trigger workflow trusting the signer's two public keys. */
async function activeTrigger(api: N8nApi, name: string): Promise<TriggerWorkflow> {
	const wf = await createTriggerWorkflow(api, {
		type: 'contactsApiTrigger',
		name,
		triggerName: TRIGGER,
		parameters: signer.parameters(),
	});
	await api.activateWorkflow(wf.id);
	return wf;
}

describe('Contacts API Trigger in n8n (activated through the public API)', () => {
	const api = n8nApi();
	let wf: TriggerWorkflow;
	/** The first accepted delivery, re-sent by the duplicate tests. */
	let first: { body: string; headers: Record<string, string>; webhookId: string };
	let executions = 0;
	const startedAnswers: WebhookAnswer[] = [];

	beforeAll(async () => {
		wf = await activeTrigger(api, 'e2e Contacts API Trigger');
	});

	afterAll(async () => {
		await api.deactivateWorkflow(wf.id).catch(() => undefined);
		await api.deleteWorkflow(wf.id).catch(() => undefined);
	});

	it('is active and routed at /webhook/<webhookId>/webhook', async () => {
		const stored = await api.request('GET', `/api/v1/workflows/${wf.id}`);
		expect(stored.active).toBe(true);
		expect(stored.nodes.find((n: IDataObject) => n.name === TRIGGER)).toMatchObject({
			type: `${e2eState().packageName}.contactsApiTrigger`,
			webhookId: wf.webhookId,
		});
		// An unsigned probe finds the route (401 from the node, not n8n's 404) and starts nothing.
		const probe = await postWebhook(api.url, wf.webhookPath, JSON.stringify(stamp(CONTACT_CREATE)));
		expect(probe).toMatchObject({ status: 401, body: { error: 'Missing signature: expected x-ghl-signature (Ed25519) or x-wh-signature (RSA)' } });
		await expectExecutionCountStays(api, wf.id, 0, 500);
	});

	it('an Ed25519-signed delivery starts exactly one execution with the payload', async () => {
		const payload = stamp(CONTACT_CREATE);
		const body = JSON.stringify(payload);
		const headers = signer.headers(body, 'ed25519');
		const answer = await postWebhook(api.url, wf.webhookPath, body, headers);
		expect(answer.status).toBe(200);
		first = { body, headers, webhookId: String(payload.webhookId) };
		startedAnswers.push(answer);

		executions += 1;
		const all = await waitForExecutionCount(api, wf.id, executions);
		const execution = all[executions - 1];
		expect(execution).toMatchObject({ mode: 'webhook', status: 'success', finished: true });
		const expected = {
			...payload,
			_webhook: { eventType: 'ContactCreate', webhookId: payload.webhookId, timestamp: payload.timestamp, verifiedBy: 'ed25519' },
		};
		expect(nodeOutput(execution, TRIGGER)).toEqual([expected]);
		expect(nodeOutput(execution, wf.nextName)).toEqual([expected]);
		await expectExecutionCountStays(api, wf.id, executions);
	});

	it('an RSA-signed delivery (x-wh-signature only) starts exactly one execution', async () => {
		const payload = stamp({ ...CONTACT_CREATE, type: 'ContactUpdate', firstName: 'Jörg "Jo"' });
		// Spacing and escapes as sent: the signature covers these bytes, not re-serialised JSON.
		const body = JSON.stringify(payload, null, 1).replace('Jörg', 'J\\u00f6rg');
		const answer = await postWebhook(api.url, wf.webhookPath, body, signer.headers(body, 'rsa'));
		expect(answer.status).toBe(200);
		startedAnswers.push(answer);

		executions += 1;
		const all = await waitForExecutionCount(api, wf.id, executions);
		const [item] = nodeOutput(all[executions - 1], TRIGGER);
		expect(item).toEqual({
			...payload,
			_webhook: { eventType: 'ContactUpdate', webhookId: payload.webhookId, timestamp: payload.timestamp, verifiedBy: 'rsa' },
		});
		expect(item.firstName).toBe('Jörg "Jo"');
		await expectExecutionCountStays(api, wf.id, executions);
	});

	it('answers a delivery that started a run as the README documents: 200 {"message":"Workflow was started"}', () => {
		// n8n (2.41.1 and 1.123.81) answers an onReceived webhook whose description names no
		// `responseData` with the literal text "firstEntryJson" (its default for that field).
		expect(startedAnswers.map((a) => ({ status: a.status, body: a.body }))).toEqual([
			{ status: 200, body: { message: 'Workflow was started' } },
			{ status: 200, body: { message: 'Workflow was started' } },
		]);
	});

	it('forged deliveries get 401 and start nothing', async () => {
		const body = JSON.stringify(stamp(CONTACT_CREATE));
		const headers = signer.headers(body);
		const tampered = body.replace('John', 'Mallory');
		const forged: Array<[string, string, Record<string, string>, string]> = [
			['body changed after signing (Ed25519)', tampered, { 'x-ghl-signature': headers['x-ghl-signature'] }, 'Invalid x-ghl-signature signature'],
			['body changed after signing (RSA)', tampered, { 'x-wh-signature': headers['x-wh-signature'] }, 'Invalid x-wh-signature signature'],
			['signed for another body', body, { 'x-ghl-signature': signer.signEd25519('{"type":"ContactCreate"}') }, 'Invalid x-ghl-signature signature'],
			['no signature', body, {}, 'Missing signature: expected x-ghl-signature (Ed25519) or x-wh-signature (RSA)'],
		];
		for (const [label, raw, sig, error] of forged) {
			const answer = await postWebhook(api.url, wf.webhookPath, raw, sig);
			expect({ label, status: answer.status, body: answer.body }).toEqual({ label, status: 401, body: { error } });
		}
		await expectExecutionCountStays(api, wf.id, executions);
	});

	it('a replayed delivery (validly signed, stale timestamp) gets 401 and starts nothing', async () => {
		for (const offset of [-6, -24 * 60, 6]) {
			const body = JSON.stringify(stamp(CONTACT_CREATE, minutesFromNow(offset)));
			const answer = await postWebhook(api.url, wf.webhookPath, body, signer.headers(body));
			expect({ offset, status: answer.status, body: answer.body }).toEqual({
				offset,
				status: 401,
				body: { error: 'Timestamp outside the accepted window' },
			});
		}
		await expectExecutionCountStays(api, wf.id, executions);
	});

	it('a duplicate (same webhookId) gets 200 "already processed" and starts nothing', async () => {
		// The exact bytes again, as a retrying sender would send them…
		const again = await postWebhook(api.url, wf.webhookPath, first.body, first.headers);
		expect(again).toMatchObject({ status: 200, body: { status: 'already processed', webhookId: first.webhookId } });
		// …and a different, freshly signed body that reuses the webhookId.
		const reused = JSON.stringify({ ...stamp({ ...CONTACT_CREATE, firstName: 'Other' }), webhookId: first.webhookId });
		const answer = await postWebhook(api.url, wf.webhookPath, reused, signer.headers(reused));
		expect(answer).toMatchObject({ status: 200, body: { status: 'already processed', webhookId: first.webhookId } });
		await expectExecutionCountStays(api, wf.id, executions);
	});

	it('records the accepted deliveries in the workflow static data in the database', async () => {
		const stored = await api.request('GET', `/rest/workflows/${wf.id}`);
		const node = stored.nodes.find((n: IDataObject) => n.name === TRIGGER);
		const keys = readRecord(stored.staticData?.[`node:${TRIGGER}`] ?? {}).map(([key]) => key);
		expect(node).toBeDefined();
		expect(keys).toEqual(expect.arrayContaining([recordKey(`id:${first.webhookId}`)]));
		expect(keys).toHaveLength(executions);
	});

	it('after deactivation the URL answers 404 and nothing runs', async () => {
		await api.deactivateWorkflow(wf.id);
		// Unsigned probes: should one still reach the node, it answers 401 and starts nothing.
		await waitUntil(async () => (await postWebhook(api.url, wf.webhookPath, '{}', {}, { retryMs: 0 })).status === 404, {
			what: 'the production URL to answer 404',
		});
		const body = JSON.stringify(stamp(CONTACT_CREATE));
		const answer = await postWebhook(api.url, wf.webhookPath, body, signer.headers(body), { retryMs: 0 });
		expect(answer.status).toBe(404);
		await expectExecutionCountStays(api, wf.id, executions, 500);
	});
});

describe('Contacts API Trigger: the duplicate record survives an n8n restart', () => {
	let extra: ExtraN8n;
	let wf: TriggerWorkflow;
	let delivered: { body: string; headers: Record<string, string>; webhookId: string };

	beforeAll(async () => {
		// A second n8n of our own: restarting the shared one would disturb the other test files.
		extra = await startExtraN8n({ version: '2.41.1' });
		wf = await activeTrigger(extra.api, 'e2e Contacts API Trigger (restart)');
	}, 180_000);

	afterAll(async () => {
		if (extra) await extra.close();
	});

	it('accepts a delivery, is restarted, and still answers its duplicate "already processed"', async () => {
		const payload = stamp(CONTACT_CREATE, new Date(), newWebhookId());
		const body = JSON.stringify(payload);
		delivered = { body, headers: signer.headers(body), webhookId: String(payload.webhookId) };
		const answer = await postWebhook(extra.url, wf.webhookPath, body, delivered.headers);
		expect(answer.status).toBe(200);
		await waitForExecutionCount(extra.api, wf.id, 1);
		// What the restarted process will have to go on: the record in the workflow's row.
		const stored = await extra.api.request('GET', `/rest/workflows/${wf.id}`);
		expect(readRecord(stored.staticData?.[`node:${TRIGGER}`] ?? {}).map(([key]) => key)).toEqual([recordKey(`id:${delivered.webhookId}`)]);

		await extra.restart();
		// The workflow is re-activated by n8n at start; the first calls may meet the 404 window.
		const duplicate = await postWebhook(extra.url, wf.webhookPath, delivered.body, delivered.headers);
		expect(duplicate).toMatchObject({ status: 200, body: { status: 'already processed', webhookId: delivered.webhookId } });
		await expectExecutionCountStays(extra.api, wf.id, 1);

		// The restarted n8n runs the workflow for a new delivery: the route is live, not stale.
		const fresh = JSON.stringify(stamp(CONTACT_CREATE));
		const next = await postWebhook(extra.url, wf.webhookPath, fresh, signer.headers(fresh));
		expect(next.status).toBe(200);
		const all = await waitForExecutionCount(extra.api, wf.id, 2);
		expect(all.map((e) => e.status)).toEqual(['success', 'success']);
		expect((await executionsOf(extra.api, wf.id)).length).toBe(2);
	}, 180_000);

	it('acknowledges only once the execution exists, and overlapping deliveries lose no id across a restart', async () => {
		// Acknowledged means executed: when the 200 arrives, n8n has already created the execution.
		// The public list leaves running executions out unless asked for them: running first, then
		// the rest, so that one finishing in between is still seen.
		const existing = async () => {
			const running = await extra.api.listExecutions({ workflowId: wf.id, status: 'running' });
			const rest = await executionsOf(extra.api, wf.id);
			return new Set([...running, ...rest].map((e: { id: string }) => e.id)).size;
		};
		const single = JSON.stringify(stamp(CONTACT_CREATE, new Date(), newWebhookId()));
		const before = await existing();
		expect((await postWebhook(extra.url, wf.webhookPath, single, signer.headers(single))).status).toBe(200);
		expect(await existing()).toBe(before + 1);

		// 30 deliveries at once: each request loads the record, adds its id and the saves overlap.
		const bodies = Array.from({ length: 30 }, () => JSON.stringify(stamp(CONTACT_CREATE, new Date(), newWebhookId())));
		const answers = await Promise.all(bodies.map(async (body) => await postWebhook(extra.url, wf.webhookPath, body, signer.headers(body))));
		expect(answers.map((a) => a.status)).toEqual(bodies.map(() => 200));
		const total = before + 1 + bodies.length;
		await waitForExecutionCount(extra.api, wf.id, total);

		await extra.restart();
		// Only the database remembers now: every one of the 30 must be refused.
		for (const body of bodies) {
			const again = await postWebhook(extra.url, wf.webhookPath, body, signer.headers(body));
			expect(again).toMatchObject({ status: 200, body: { status: 'already processed' } });
		}
		await expectExecutionCountStays(extra.api, wf.id, total);
	}, 240_000);
});
