/**
 * Deactivate/activate cycles under traffic (issue 19), shared by test/e2e/trigger-cycles and
 * test/e2e-queue/trigger-cycles: see test/e2e/trigger-cycles.e2e.test.ts.
 */
import type { IDataObject } from 'n8n-workflow';

import { DIALPAD_DEMO, startDialpadSandbox, type DialpadSandbox } from '../../harness/sandboxes';
import { createCredential, e2eState, n8nApi, removeSetup } from './e2e';
import { createTriggerWorkflow, sleep, waitUntil, type TriggerWorkflow } from './triggers';

const { startCallbellSandbox, CALLBELL_DEMO } = require('../../sandbox/callbell/server');
const callbellDeliver = require('../../sandbox/callbell/deliver');
const dialpadDeliver = require('../../sandbox/dialpad/deliver');

const CYCLES = Number(process.env.CYCLES || 20);
const RATE_PER_SECOND = 5;
const SUBSCRIBED_WITHIN_MS = 20_000;

let mode = 'regular mode';
const report = (line: string) => process.stderr.write(`[e2e cycles, ${mode}] ${line}\n`);

interface Stream {
	paused: boolean;
	answers: Map<number | string, number>;
	stop(): Promise<void>;
}

/** Sends one delivery every 1/RATE s while not paused; tallies the answers (status → count). */
function stream(send: () => Promise<number[]>): Stream {
	const answers = new Map<number | string, number>();
	const inFlight = new Set<Promise<void>>();
	let stopped = false;
	const state: Stream = {
		paused: false,
		answers,
		async stop() {
			stopped = true;
			clearInterval(timer);
			await Promise.allSettled([...inFlight]);
		},
	};
	const timer = setInterval(() => {
		if (stopped || state.paused) return;
		const tally = (key: number | string) => void answers.set(key, (answers.get(key) ?? 0) + 1);
		const p: Promise<void> = send()
			.then((statuses) => statuses.forEach(tally))
			.catch((error: Error) => tally(error.message.slice(0, 40)))
			.finally(() => inFlight.delete(p));
		inFlight.add(p);
	}, 1000 / RATE_PER_SECOND);
	return state;
}

/** The ids of the workflow's newest executions (the list API answers newest first). */
async function newestIds(workflowId: string): Promise<number[]> {
	const list = await n8nApi().listExecutions({ workflowId, limit: 50 });
	return (list as Array<{ id: string }>).map((e) => Number(e.id));
}

/** Waits until no new execution appeared for 1.5 s; resolves to the newest id (0: none). */
async function quiet(workflowId: string): Promise<number> {
	let last = -1;
	for (;;) {
		const newest = Math.max(0, ...(await newestIds(workflowId)));
		if (newest === last) return newest;
		last = newest;
		await sleep(1500);
	}
}

/** Sends one fresh delivery (the stream is paused) and counts the executions it started. */
async function probe(workflowId: string, send: () => Promise<number[]>): Promise<{ statuses: number[]; added: number }> {
	const baseline = await quiet(workflowId);
	const statuses = await send();
	const since = async () => (await newestIds(workflowId)).filter((id) => id > baseline).length;
	await waitUntil(async () => (await since()) > 0, { timeoutMs: 10_000, what: 'the probe execution' }).catch(() => undefined);
	await sleep(1500);
	return { statuses, added: await since() };
}

interface CycleResult {
	/** Cycles after which nothing reached the workflow. */
	deaf: number;
	/** Cycles after which the service held something else than exactly its subscription. */
	notExact: number;
	/** Cycles whose probe started more than one execution. */
	wrongRuns: number;
}

/** The cycles of one trigger: `subscribed()` says whether the service holds exactly this workflow's subscription. */
async function cycles(
	label: string,
	wf: TriggerWorkflow,
	subscribed: () => 'exact' | 'none' | 'other',
	send: () => Promise<number[]>,
): Promise<CycleResult> {
	const api = n8nApi();
	const result: CycleResult = { deaf: 0, notExact: 0, wrongRuns: 0 };
	const flow = stream(async () => (subscribed() === 'none' ? [] : await send()));
	try {
		for (let cycle = 1; cycle <= CYCLES; cycle++) {
			await api.deactivateWorkflow(wf.id);
			await sleep(Math.floor(Math.random() * 2000));
			await api.activateWorkflow(wf.id);
			const came = await waitUntil(() => subscribed() !== 'none', { timeoutMs: SUBSCRIBED_WITHIN_MS, what: 'the subscription' }).then(
				() => true,
				() => false,
			);
			await sleep(3000);
			flow.paused = true;
			const state = subscribed();
			let added = 0;
			if (state !== 'none') added = (await probe(wf.id, send)).added;
			flow.paused = false;
			// Deaf: nothing reaches the workflow (no subscription, or one whose deliveries start
			// nothing, e.g. left behind while n8n's activation failed).
			if (!came || state === 'none' || added === 0) result.deaf += 1;
			if (state === 'other') result.notExact += 1;
			if (added > 1) result.wrongRuns += 1;
			report(`${label} cycle ${cycle}: subscription ${came ? state : 'never came'}, probe started ${added} execution(s)`);
		}
	} finally {
		await flow.stop();
	}
	report(`${label}: ${CYCLES} cycles, deaf ${result.deaf}, not exactly its subscription ${result.notExact}, probe ran more than once ${result.wrongRuns}; stream answers ${JSON.stringify(Object.fromEntries(flow.answers))}`);
	return result;
}

/** The suite of both files (test/e2e and test/e2e-queue): `label` names the mode in the report. */
export function cycleSuite(label: string): void {
	mode = label;
	const api = n8nApi();

	it(`Callbell Trigger: ${CYCLES} cycles at ~${RATE_PER_SECOND} deliveries/s, subscribed and listening after each`, async () => {
		const sandbox = await startCallbellSandbox({ port: 0, rateLimit: { enabled: false } });
		let wf: TriggerWorkflow | undefined;
		let credentialId: string | undefined;
		try {
			credentialId = await createCredential('callbellApi', { apiKey: CALLBELL_DEMO.apiKey, baseUrl: sandbox.url, signingSecret: '' }, 'Callbell sandbox (cycles e2e)');
			wf = await createTriggerWorkflow(api, {
				type: 'callbellTrigger',
				name: 'e2e cycles Callbell Trigger',
				triggerName: 'Callbell Trigger',
				parameters: { events: ['message_created'] },
				credentials: { callbellApi: credentialId },
			});
			const url = `${e2eState().url}/webhook/${wf.webhookPath}`;
			await api.activateWorkflow(wf.id);
			await waitUntil(() => sandbox.store.webhook?.url === url, { what: 'the first subscription' });
			let n = 0;
			const send = async () => {
				const payload = { text: `cycle message ${++n}`, uuid: `cycles-${Date.now()}-${n}`, contact: { uuid: 'c1' } };
				const delivery = await callbellDeliver.deliverEvent(sandbox, 'message_created', payload);
				return [delivery.status as number];
			};
			const subscribed = () => {
				const webhook = sandbox.store.webhook as { url: string; subscriptions: string[]; enabled: boolean } | null;
				if (!webhook) return 'none';
				return webhook.url === url && webhook.enabled && webhook.subscriptions.join() === 'message_created' ? 'exact' : 'other';
			};
			const result = await cycles('Callbell', wf, subscribed, send);
			expect(result).toEqual({ deaf: 0, notExact: 0, wrongRuns: 0 });
			expect(sandbox.store.otherReceivers).toEqual({});
			expect(sandbox.specViolations()).toEqual([]);
		} finally {
			await removeSetup(api, { workflowId: wf?.id, credentialId, sandbox });
		}
	}, 30 * 60_000);

	it(`Dialpad Trigger: ${CYCLES} cycles at ~${RATE_PER_SECOND} deliveries/s, exactly its webhook and subscriptions after each, nothing foreign touched`, async () => {
		const sandbox: DialpadSandbox = await startDialpadSandbox({ port: 0 });
		let wf: TriggerWorkflow | undefined;
		let credentialId: string | undefined;
		try {
			credentialId = await createCredential(
				'dialpadApi',
				{ apiKey: DIALPAD_DEMO.apiKey, environment: 'custom', customBaseUrl: sandbox.url },
				'Dialpad sandbox (cycles e2e)',
			);
			// Someone else's webhook and subscription in the same company (ids read from the
			// sandbox's store: Dialpad's int64 ids do not survive JSON.parse).
			const headers = { Authorization: `Bearer ${DIALPAD_DEMO.apiKey}`, 'Content-Type': 'application/json' };
			const hookRes = await fetch(`${sandbox.url}/api/v2/webhooks`, { method: 'POST', headers, body: JSON.stringify({ hook_url: 'https://zapier.example/hooks/9', secret: 'theirs' }) });
			expect(hookRes.status).toBe(200);
			const theirs = sandbox.store.webhooks.find((w: IDataObject) => w.hook_url === 'https://zapier.example/hooks/9') as IDataObject;
			const subRes = await fetch(`${sandbox.url}/api/v2/subscriptions/call`, { method: 'POST', headers, body: `{"endpoint_id":${String(theirs.id)},"call_states":["ringing"]}` });
			expect(subRes.status).toBe(200);
			const theirSub = sandbox.store.subscriptions.call.find((s: IDataObject) => s.endpoint_id === theirs.id) as IDataObject;
			const foreign = JSON.stringify([theirs, theirSub]);
			expect(theirSub).toBeDefined();

			wf = await createTriggerWorkflow(api, {
				type: 'dialpadTrigger',
				name: 'e2e cycles Dialpad Trigger',
				triggerName: 'Dialpad Trigger',
				parameters: { events: ['call.hangup'], targetType: 'company', options: {} },
				credentials: { dialpadApi: credentialId },
			});
			const url = `${e2eState().url}/webhook/${wf.webhookPath}`;
			const subscribed = () => {
				const ours = sandbox.store.webhooks.filter((w: IDataObject) => w.hook_url === url);
				const subs = sandbox.store.subscriptions.call.filter((s: IDataObject) => ours.some((w: IDataObject) => w.id === s.endpoint_id));
				if (ours.length === 0 || subs.length === 0) return 'none';
				const other = sandbox.store.subscriptions.sms.length + sandbox.store.subscriptions.contact.length;
				return ours.length === 1 && subs.length === 1 && other === 0 ? 'exact' : 'other';
			};
			await api.activateWorkflow(wf.id);
			await waitUntil(() => subscribed() !== 'none', { what: 'the first subscription' });
			const send = async () => ((await dialpadDeliver.deliverEvent(sandbox, dialpadDeliver.callEvent('hangup'))) as Array<{ status: number }>).map((d) => d.status);
			const result = await cycles('Dialpad', wf, subscribed, send);
			expect(result).toEqual({ deaf: 0, notExact: 0, wrongRuns: 0 });
			expect(JSON.stringify([sandbox.store.webhooks.find((w: IDataObject) => w.id === theirs.id), sandbox.store.subscriptions.call.find((s: IDataObject) => s.id === theirSub.id)])).toBe(foreign);
			expect(sandbox.specViolations()).toEqual([]);
		} finally {
			await removeSetup(api, { workflowId: wf?.id, credentialId, sandbox });
		}
	}, 30 * 60_000);
}
