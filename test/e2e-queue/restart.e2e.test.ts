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
import { n8nApi } from '../e2e/helpers/e2e';
import { sleep } from '../e2e/helpers/triggers';
import {
	activeWorkflow,
	contactsTrigger,
	queueCluster,
	report,
	runTag,
	send,
	reportVerdict,
	settledExecutions,
	stream,
	verdict,
	webhookNode,
	type ActiveWorkflow,
} from './helpers';

const CONTACT: IDataObject = { type: 'ContactUpdate', locationId: 've9EPM428h8vShlRW1KT', id: 'nmFmQEsNgz6AVpgLVUJ0', firstName: 'John', lastName: 'Deo' };
const RATE_PER_SECOND = 10;

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
