/**
 * Acknowledged means executed, in queue mode, across SIGTERM and SIGKILL of a webhook
 * processor under load (issue 9): a stream of ~10 signed deliveries/s to a Contacts API
 * Trigger workflow and, as the control, ~10 requests/s to a workflow started by n8n's own
 * Webhook node, both through nginx. A few seconds in, one webhook processor is stopped
 * (SIGTERM: n8n's graceful shutdown; SIGKILL: at once) and started again while the streams go
 * on (nginx sends what it cannot connect to to the other processor). Afterwards, for the
 * trigger and for the control:
 *   every delivery answered 2xx has exactly one execution, and it finished with status success
 *   (so none of them is left new/running); executions of requests cut off before any answer
 *   that stay `new` are counted for both (n8n core leaves them for its own node too);
 * and, after a quiet stream to the trigger alone, a SIGTERM of the processor finds no execution
 * left in its active list (its graceful shutdown does not wait); the same is measured for the
 * control.
 * Every figure is printed ([e2e-queue] lines).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { IDataObject } from 'n8n-workflow';

import { createSigner, stamp, type Signer } from '../nodes/ContactsApiTrigger/signer';
import { createCredential, n8nApi } from '../e2e/helpers/e2e';
import { sleep, waitUntil } from '../e2e/helpers/triggers';
import {
	activeWorkflow,
	callbellTrigger,
	contactsTrigger,
	queueCluster,
	report,
	runTag,
	send,
	reportVerdict,
	settledExecutions,
	STARTING_UP,
	stream,
	verdict,
	webhookNode,
	type ActiveWorkflow,
} from './helpers';

const CONTACT: IDataObject = { type: 'ContactUpdate', locationId: 've9EPM428h8vShlRW1KT', id: 'nmFmQEsNgz6AVpgLVUJ0', firstName: 'John', lastName: 'Deo' };
const RATE_PER_SECOND = 10;
/** Per stream in the four-stream kill -9 test (20 deliveries/s in all, as the two-stream tests above). */
const CRASH_RATE_PER_SECOND = Number(process.env.QUEUE_CRASH_RATE || 5);

/**
 * n8n's own answer that it could not start the execution: after a kill -9 of one webhook
 * processor the other one's database pool stalled for 35-46 s on this 2-core machine
 * (ExecutionPersistence.create: "timeout exceeded when trying to connect"), for n8n's Webhook
 * node as much as for the triggers (docs/reliability.md, "When n8n itself cannot start an
 * execution").
 */
function n8nFailed(attempt: { status: number; body: unknown }): boolean {
	return attempt.status === 500 || (attempt.status === 503 && JSON.stringify(attempt.body).includes('Database is not ready'));
}

/** The killed processor's share: nginx's 502 for it, or a reset connection (status 0). */
function killedProcessor(attempt: { status: number }): boolean {
	return attempt.status === 502 || attempt.status === 0;
}

describe('queue mode: SIGTERM and SIGKILL of a webhook processor under load', () => {
	const api = n8nApi();
	const cluster = queueCluster();
	let signer: Signer;
	let trigger: ActiveWorkflow;
	let control: ActiveWorkflow;

	beforeAll(async () => {
		signer = await createSigner({ rsa: false });
		trigger = await activeWorkflow(api, contactsTrigger(signer.parameters()), { name: 'e2e-queue restart trigger', probe: { body: '{}' } });
		control = await activeWorkflow(api, webhookNode(), { name: 'e2e-queue restart control', probe: { body: '{"probe":true}' } });
	});

	afterAll(async () => {
		for (const wf of [trigger, control]) if (wf) await api.deactivateWorkflow(wf.id).catch(() => undefined);
	});

	it.each([
		['SIGTERM', 0],
		['SIGKILL', 1],
	] as const)('%s of webhook processor %i: every 2xx has exactly one successful execution (trigger and Webhook-node control)', async (signal, processor) => {
		const tag = runTag(signal === 'SIGTERM' ? 'term' : 'kill');
		const controlTag = `${tag}c`;
		const triggerUrl = `${cluster.url}/webhook/${trigger.webhookPath}`;
		const controlUrl = `${cluster.url}/webhook/${control.webhookPath}`;
		const triggerStream = stream(RATE_PER_SECOND, async (n) => {
			const id = `${tag}-${n}`;
			const body = JSON.stringify(stamp(CONTACT, new Date(), id));
			return { id, ...(await send(triggerUrl, body, signer.headers(body, 'ed25519'))) };
		});
		const controlStream = stream(RATE_PER_SECOND, async (n) => {
			const id = `${controlTag}-${n}`;
			// A distinct value in a hashed header spreads the control over both processors too.
			return { id, ...(await send(controlUrl, JSON.stringify({ id }), { 'x-wh-signature': id })) };
		});
		const logFile = path.join(cluster.dir, 'logs', `webhook-${processor + 1}.log`);
		const logStart = fs.statSync(logFile).size;

		await sleep(3000);
		const restart = await cluster.restartWebhook(processor, { signal });
		await sleep(3000);
		const [triggerSent, controlSent] = await Promise.all([triggerStream.stop(), controlStream.stop()]);

		const shutdownLog = fs.readFileSync(logFile, 'utf8').slice(logStart);
		const waits = [...shutdownLog.matchAll(/Waiting for (\d+) active executions/g)].map((m) => Number(m[1]));
		// Lost deliveries never show up: wait for quiet, not for a count.
		const [t, c] = await Promise.all([
			settledExecutions([trigger.id], tag, { quietMs: 5000 }),
			settledExecutions([control.id], controlTag, { quietMs: 5000 }),
		]);
		const triggerVerdict = verdict(triggerSent, t);
		const controlVerdict = verdict(controlSent, c);
		report(
			`${signal} of webhook processor ${processor + 1}: shutdown ${restart.shutdownSeconds.toFixed(1)} s, ready again after ${restart.startSeconds?.toFixed(1)} s, ` +
				`"Waiting for N active executions" during shutdown: ${JSON.stringify(waits)}`,
		);
		reportVerdict('trigger', triggerVerdict);
		reportVerdict('control (Webhook node)', controlVerdict);

		// Every delivery answered 2xx: exactly one execution, finished with success, for the
		// trigger and for n8n's own node alike. Executions of requests that were cut off before
		// any answer (n8n created the row, then the process went) can stay `new`: n8n core does
		// that for its own Webhook node too, so that count is printed next to the control's.
		for (const v of [triggerVerdict, controlVerdict]) {
			expect({ lost: v.lost, twice: v.twice, unfinished: v.unfinished }).toEqual({ lost: [], twice: [], unfinished: [] });
		}
		// The streams really went on through the restart.
		for (const v of [triggerVerdict, controlVerdict]) expect(v.acked).toBeGreaterThan(RATE_PER_SECOND * 4);
	}, 480_000);

	it.each([
		['trigger', 0],
		['control (Webhook node)', 1],
	] as const)('after a stream to the %s alone, an idle SIGTERM of its webhook processor finds no execution left in the active list', async (label, processor) => {
		// Executions that finished but stayed in a processor's active list make n8n's graceful
		// shutdown wait ("Waiting for N active executions to finish...", up to 30 s). With n8n's
		// default of keeping no finished job in Redis that happens to n8n's own Webhook node too
		// (a job finished and removed before the processor asks Bull for its end is never seen to
		// end); the cluster keeps the last 1,000 (scripts/runner/queue.js), so both must be
		// clean here. A freshly
		// started processor (so nothing of the earlier tests is in its list), one stream of ~10/s
		// for 15 s straight to it, quiet, then SIGTERM (and start again).
		const fresh = await cluster.restartWebhook(processor, { signal: 'SIGTERM' });
		const tag = runTag(processor === 0 ? 'idlet' : 'idlec');
		const wf = processor === 0 ? trigger : control;
		const url = `${cluster.webhookUrl(processor)}/webhook/${wf.webhookPath}`;
		const one = stream(RATE_PER_SECOND, async (n) => {
			const id = `${tag}-${n}`;
			if (processor === 1) return { id, ...(await send(url, JSON.stringify({ id }))) };
			const body = JSON.stringify(stamp(CONTACT, new Date(), id));
			return { id, ...(await send(url, body, signer.headers(body, 'ed25519'))) };
		});
		await sleep(15_000);
		const sent = await one.stop();
		const index = await settledExecutions([wf.id], tag, { quietMs: 5000 });
		const logFile = path.join(cluster.dir, 'logs', `webhook-${processor + 1}.log`);
		const logStart = fs.statSync(logFile).size;
		const restart = await cluster.restartWebhook(processor, { signal: 'SIGTERM' });
		const waits = [...fs.readFileSync(logFile, 'utf8').slice(logStart).matchAll(/Waiting for (\d+) active executions/g)].map((m) => Number(m[1]));
		const v = verdict(sent, index);
		report(
			`idle SIGTERM after a stream to the ${label} alone (processor ${processor + 1}, restarted before it in ${fresh.shutdownSeconds.toFixed(1)} + ${fresh.startSeconds?.toFixed(1)} s): shutdown ${restart.shutdownSeconds.toFixed(1)} s, ` +
				`"Waiting for N active executions": ${JSON.stringify(waits)}`,
		);
		reportVerdict(label, v);
		expect(waits).toEqual([]);
		expect(restart.shutdownSeconds).toBeLessThan(25);
		expect({ lost: v.lost, twice: v.twice, unfinished: v.unfinished }).toEqual({ lost: [], twice: [], unfinished: [] });
	}, 300_000);
});

/**
 * Issue 19: kill -9 of a webhook processor under CRASH_RATE_PER_SECOND deliveries/s per stream, restarted
 * automatically by the shipped set-up (scripts/runner/queue.js's supervisor: out of nginx's
 * rotation when it exits, back only once /healthz/readiness answers 200), with senders that
 * retry what was not answered 2xx (a reset, a 5xx, n8n's 404), the same bytes each time, up to
 * 4 attempts 1 s apart. Streams: the Contacts API Trigger, the Callbell Trigger (unsigned
 * account: Callbell's retry then carries the same bytes), the Dialpad Trigger, and n8n's own
 * Webhook node as the control. Counted for each: acknowledged (any 2xx, n8n's 200 "n8n is
 * starting up" included) and never run, and run more than once (the triggers).
 */
describe('queue mode: kill -9 of a webhook processor, restarted automatically behind the shipped set-up (issue 19)', () => {
	const api = n8nApi();
	const cluster = queueCluster() as ReturnType<typeof queueCluster> & { crashWebhook(i: number): Promise<{ restartSeconds: number }> };
	const { startCallbellSandbox, CALLBELL_DEMO } = require('../sandbox/callbell/server');
	const callbellDeliver = require('../sandbox/callbell/deliver');
	const dialpadDeliver = require('../sandbox/dialpad/deliver');
	const { DIALPAD_DEMO, startDialpadSandbox } = require('../harness/sandboxes');
	const runner = require('../../scripts/runner');
	const created: string[] = [];
	const credentials: string[] = [];
	const sandboxes: Array<{ close(): Promise<void> }> = [];

	afterAll(async () => {
		for (const id of created) await api.deactivateWorkflow(id).catch(() => undefined);
		for (const id of credentials) await api.deleteCredential(id).catch(() => undefined);
		for (const s of sandboxes) await s.close();
	});

	type Attempt = () => Promise<{ status: number; body: unknown }>;
	interface Outcome {
		id: string;
		attempts: Array<{ status: number; body: unknown }>;
	}

	/** Sends, then re-sends the same bytes while the answer is not 2xx (at most 4 attempts, 1 s apart). */
	async function withRetries(id: string, first: Attempt, again: Attempt = first): Promise<Outcome> {
		const attempts = [await first()];
		while (!(attempts[attempts.length - 1].status >= 200 && attempts[attempts.length - 1].status < 300) && attempts.length < 4) {
			await sleep(1000);
			attempts.push(await again().catch((error: Error) => ({ status: 0, body: error.message })));
		}
		return { id, attempts };
	}

	function rateStream(make: (n: number) => Promise<Outcome>): { stop(): Promise<Outcome[]> } {
		const pending: Array<Promise<Outcome>> = [];
		let n = 0;
		const timer = setInterval(() => pending.push(make(n++)), 1000 / CRASH_RATE_PER_SECOND);
		return {
			async stop() {
				clearInterval(timer);
				return await Promise.all(pending);
			},
		};
	}

	/** acknowledged (any 2xx) and never run; run more than once. */
	function strictVerdict(label: string, outcomes: Outcome[], index: Awaited<ReturnType<typeof settledExecutions>>, workflowId: string) {
		const acked = outcomes.filter((o) => o.attempts.some((a) => a.status >= 200 && a.status < 300));
		const runs = (o: Outcome) => (index.perDelivery.get(o.id) ?? []).length;
		// Deliveries with an attempt the killed processor never answered, or that n8n answered 5xx
		// (it could not start them), are counted apart: a retry that reaches the other processor
		// while the first one's record (carried there by other requests' saves) is newer than its
		// release can still be answered "already processed", and one whose execution n8n had
		// created before failing can run twice (docs/reliability.md). Every other delivery must be
		// run exactly once.
		const afterN8nFailure = (o: Outcome) => o.attempts.some((a) => n8nFailed(a) || killedProcessor(a));
		const unrun = acked.filter((o) => runs(o) === 0 && !afterN8nFailure(o));
		// n8n itself can answer 200 for an execution it failed before running anything: when its
		// credentials permission check (a database query, only for workflows with credentials)
		// throws, WorkflowRunner.run() stores an "error" execution made by FailedRunFactory, with no
		// items, and returns its id, so executeWebhook answers as for a started one (n8n 2.41
		// workflow-runner.js run/failExecution; seen in one local run on 2026-12-05 while the
		// surviving processor's database pool timed out: "timeout exceeded when trying to connect").
		// Such an execution holds no delivery id, so it cannot be matched to its delivery. Only
		// "error" executions of the workflow that hold no delivery id are counted (the pack's
		// worker-side drops end "success"); deliveries without a run are put down to them only
		// while there are as many of them, else every one is reported lost.
		const failedBeforeRun = index.executions.filter((e) => e.workflowId === workflowId && e.status === 'error' && e.deliveries.length === 0).length;
		const lost = unrun.length <= failedBeforeRun ? [] : unrun;
		const twice = outcomes.filter((o) => runs(o) > 1 && !afterN8nFailure(o));
		const lostAfterFailure = acked.filter((o) => runs(o) === 0 && afterN8nFailure(o)).length;
		const twiceAfterFailure = outcomes.filter((o) => runs(o) > 1 && afterN8nFailure(o)).length;
		const failedByN8n = outcomes.filter(afterN8nFailure).length;
		const startingUp = outcomes.filter((o) => o.attempts.some((a) => a.status === 200 && a.body === STARTING_UP)).length;
		const retried = outcomes.filter((o) => o.attempts.length > 1).length;
		const neverAcked = outcomes.length - acked.length;
		report(
			`  ${label}: sent ${outcomes.length} (retried ${retried}, never answered 2xx after 4 attempts ${neverAcked}), answered 2xx ${acked.length} (n8n's "${STARTING_UP}" among them: ${startingUp}); ` +
				`acknowledged and never run ${lost.length}, run more than once ${twice.length}; ` +
				`acknowledged without a run while n8n stored ${failedBeforeRun} execution(s) it failed before running (no items): ${unrun.length - lost.length}; ` +
				`after the killed processor or n8n failed an attempt (${failedByN8n}): acknowledged and never run ${lostAfterFailure}, run more than once ${twiceAfterFailure}`,
		);
		for (const o of lost.slice(0, 3)) report(`    lost: ${o.id} ${JSON.stringify(o.attempts)}`);
		return { lost: lost.map((o) => o.id), twice: twice.map((o) => o.id), acked: acked.length, neverAcked };
	}

	it('0 acknowledged and not run (each trigger and the control), 0 run twice (each trigger)', async () => {
		const signer = await createSigner({ rsa: false });
		const contacts = await activeWorkflow(api, contactsTrigger(signer.parameters()), { name: 'e2e-queue crash contacts', probe: { body: '{}' } });
		const control = await activeWorkflow(api, webhookNode(), { name: 'e2e-queue crash control', probe: { body: '{"probe":true}' } });

		const callbell = await startCallbellSandbox({ port: 0, rateLimit: { enabled: false } });
		sandboxes.push(callbell);
		const callbellCredential = await createCredential('callbellApi', { apiKey: CALLBELL_DEMO.apiKey, baseUrl: callbell.url, signingSecret: '' }, 'Callbell sandbox (e2e-queue crash)');
		credentials.push(callbellCredential);
		const cb = await activeWorkflow(api, callbellTrigger({ events: ['message_created'] }, callbellCredential), { name: 'e2e-queue crash callbell', probe: { body: '{}' } });

		const dialpad = await startDialpadSandbox({ port: 0 });
		sandboxes.push(dialpad);
		const dialpadCredential = await createCredential('dialpadApi', { apiKey: DIALPAD_DEMO.apiKey, environment: 'custom', customBaseUrl: dialpad.url }, 'Dialpad sandbox (e2e-queue crash)');
		credentials.push(dialpadCredential);
		const dp = await activeWorkflow(
			api,
			{ type: runner.fullType('dialpadTrigger'), parameters: { events: ['call.hangup'], targetType: 'company', options: {} }, credentials: { dialpadApi: dialpadCredential }, webhookPath: (id) => `${id}/webhook` },
			{ name: 'e2e-queue crash dialpad', probe: { body: 'x.y.z', headers: { 'content-type': 'application/jwt' } } },
		);
		created.push(contacts.id, control.id, cb.id, dp.id);
		await waitUntil(() => callbell.store.webhook && dialpad.store.subscriptions.call.length === 1, { what: 'the Callbell and Dialpad subscriptions' });

		const tag = runTag('crash');
		const contactsUrl = `${cluster.url}/webhook/${contacts.webhookPath}`;
		const controlUrl = `${cluster.url}/webhook/${control.webhookPath}`;
		const streams = {
			contacts: rateStream(async (n) => {
				const id = `${tag}-${n}`;
				const body = JSON.stringify(stamp(CONTACT, new Date(), id));
				const headers = signer.headers(body, 'ed25519');
				return await withRetries(id, () => send(contactsUrl, body, headers));
			}),
			control: rateStream(async (n) => {
				const id = `${tag}-${100000 + n}`;
				return await withRetries(id, () => send(controlUrl, JSON.stringify({ id }), { 'x-wh-signature': id }));
			}),
			callbell: rateStream(async (n) => {
				const id = `${tag}-${200000 + n}`;
				let first: { rawBody: Buffer; headers: Record<string, string>; url: string } | undefined;
				return await withRetries(
					id,
					async () => {
						const d = await callbellDeliver.deliverEvent(callbell, 'message_created', { text: id, uuid: id, contact: { uuid: 'c1' } }).catch((e: Error) => ({ status: 0, body: e.message }));
						if (d.rawBody) first = d;
						return d;
					},
					async () => (first ? await callbellDeliver.replay(callbell, first) : { status: 0, body: 'nothing to retry' }),
				);
			}),
			dialpad: rateStream(async (n) => {
				const id = `${tag}-${300000 + n}`;
				let first: { rawBody: Buffer; headers: Record<string, string>; url: string } | undefined;
				return await withRetries(
					id,
					async () => {
						const [d] = await dialpadDeliver.deliverEvent(dialpad, dialpadDeliver.callEvent('hangup', { external_number: id })).catch((e: Error) => [{ status: 0, body: e.message }]);
						if (d?.rawBody) first = d;
						return d ?? { status: 0, body: 'no subscription' };
					},
					async () => (first ? await dialpadDeliver.replay(dialpad, first) : { status: 0, body: 'nothing to retry' }),
				);
			}),
		};
		// Unsigned requests (the Callbell account here, Dialpad's JWT bodies) all hash to one
		// processor: that is the one killed, so every stream crosses the crash.
		const target = (await send(`${cluster.url}/webhook/${cb.webhookPath}`, '{}')).processor ?? 1;
		await sleep(3000);
		const crash = await cluster.crashWebhook(target);
		await sleep(5000);
		// All four streams stop at once: stopped one after another, the later ones kept sending
		// while the earlier ones' retries were awaited (thousands of requests on a slow machine).
		const [contactsOut, controlOut, callbellOut, dialpadOut] = await Promise.all([streams.contacts.stop(), streams.control.stop(), streams.callbell.stop(), streams.dialpad.stop()]);
		const outcomes = { contacts: contactsOut, control: controlOut, callbell: callbellOut, dialpad: dialpadOut };
		const index = await settledExecutions([contacts.id, control.id, cb.id, dp.id], tag, { quietMs: 5000 });
		report(`kill -9 of webhook processor ${target + 1}: back in nginx's rotation ${crash.restartSeconds.toFixed(1)} s after the kill (the supervisor restarted it)`);
		const workflowOf: Record<string, string> = { contacts: contacts.id, control: control.id, callbell: cb.id, dialpad: dp.id };
		const verdicts = Object.fromEntries(Object.entries(outcomes).map(([label, list]) => [label, strictVerdict(label, list, index, workflowOf[label])]));
		for (const [label, v] of Object.entries(verdicts)) {
			expect({ label, lost: v.lost }).toEqual({ label, lost: [] });
			if (label !== 'control') expect({ label, twice: v.twice }).toEqual({ label, twice: [] });
			expect(v.acked).toBeGreaterThan(CRASH_RATE_PER_SECOND * 4);
		}
	}, 600_000);
});
