/**
 * Acknowledged means executed, in queue mode, across SIGTERM and SIGKILL of a webhook
 * processor under load (issue 9): a stream of ~10 signed deliveries/s to a Contacts API
 * Trigger workflow and, as the control, ~10 requests/s to a workflow started by n8n's own
 * Webhook node, both through nginx. A few seconds in, one webhook processor is stopped
 * (SIGTERM: n8n's graceful shutdown; SIGKILL: at once) and started again while the streams go
 * on (nginx sends what it cannot connect to to the other processor). Afterwards, for the
 * trigger and for the control:
 *   every delivery answered 2xx has exactly one execution, and it finished with status success;
 *   0 executions are left in new/running;
 *   (SIGTERM) the processor's shutdown did not wait for executions it had lost track of.
 * Every figure is printed ([e2e-queue] lines).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { IDataObject } from 'n8n-workflow';

import { createSigner, stamp, type Signer } from '../nodes/ContactsApiTrigger/signer';
import { n8nApi } from '../e2e/helpers/e2e';
import { sleep } from '../e2e/helpers/triggers';
import {
	activeWorkflow,
	contactsTrigger,
	queueCluster,
	report,
	runTag,
	send,
	settledExecutions,
	tally,
	webhookNode,
	type ActiveWorkflow,
	type Answer,
	type ExecutionIndex,
} from './helpers';

const CONTACT: IDataObject = { type: 'ContactUpdate', locationId: 've9EPM428h8vShlRW1KT', id: 'nmFmQEsNgz6AVpgLVUJ0', firstName: 'John', lastName: 'Deo' };
const RATE_PER_SECOND = 10;

type Sent = Answer & { id: string };

/** Sends make(n) every 1000/rate ms without waiting for answers; stop() resolves to all answers. */
function stream(rate: number, make: (n: number) => Promise<Sent>): { stop(): Promise<Sent[]> } {
	const pending: Array<Promise<Sent>> = [];
	let n = 0;
	const timer = setInterval(() => pending.push(make(n++)), 1000 / rate);
	return {
		async stop() {
			clearInterval(timer);
			return await Promise.all(pending);
		},
	};
}

/** The verdict of one stream: acknowledged deliveries without exactly one successful execution, stuck executions. */
function verdict(sent: Sent[], index: ExecutionIndex) {
	const acked = sent.filter((s) => s.status >= 200 && s.status < 300);
	const lostAnswers = acked.filter((s) => (index.perDelivery.get(s.id) ?? []).length === 0);
	const lost = lostAnswers.map((s) => s.id);
	const twice = acked.filter((s) => (index.perDelivery.get(s.id) ?? []).length > 1).map((s) => s.id);
	const unfinished = acked.filter((s) => (index.perDelivery.get(s.id) ?? []).some((e) => e.status !== 'success')).map((s) => s.id);
	const stuck = index.tagged.filter((e) => ['new', 'running', 'waiting'].includes(e.status)).map((e) => e.id);
	return { sent: sent.length, acked: acked.length, answers: tally(sent), lost, lostAnswers, twice, unfinished, stuck, executions: index.taggedByStatus };
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
	] as const)('%s of webhook processor %i: every 2xx has exactly one successful execution, none stuck (trigger and Webhook-node control)', async (signal, processor) => {
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
		for (const [label, v] of [
			['trigger', triggerVerdict],
			['control (Webhook node)', controlVerdict],
		] as const) {
			report(
				`  ${label}: sent ${v.sent}, answered 2xx ${v.acked}, answers ${JSON.stringify(v.answers)}, executions ${JSON.stringify(v.executions)}; ` +
					`acknowledged but lost ${v.lost.length}, run twice ${v.twice.length}, not finished ${v.unfinished.length}, stuck ${v.stuck.length}`,
			);
			for (const a of v.lostAnswers.slice(0, 3)) report(`    lost: ${a.id} answered ${a.status} ${JSON.stringify(a.body)} by processor ${a.processor} in ${a.ms} ms`);
		}

		for (const v of [triggerVerdict, controlVerdict]) {
			expect({ lost: v.lost, twice: v.twice, unfinished: v.unfinished, stuck: v.stuck }).toEqual({ lost: [], twice: [], unfinished: [], stuck: [] });
			// The stream really went on through the restart.
			expect(v.acked).toBeGreaterThan(RATE_PER_SECOND * 4);
		}
		if (signal === 'SIGTERM') {
			// n8n's graceful shutdown waits (up to 30 s) only for executions still in its active list.
			expect(waits).toEqual([]);
		}
	});
});
