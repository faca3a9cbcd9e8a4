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
 * and once the load is over, a SIGTERM of a processor finds no execution left in its active
 * list (its graceful shutdown does not wait).
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
		reportVerdict('trigger', triggerVerdict);
		reportVerdict('control (Webhook node)', controlVerdict);

		for (const v of [triggerVerdict, controlVerdict]) {
			expect({ lost: v.lost, twice: v.twice, unfinished: v.unfinished, stuck: v.stuck }).toEqual({ lost: [], twice: [], unfinished: [], stuck: [] });
			// The stream really went on through the restart.
			expect(v.acked).toBeGreaterThan(RATE_PER_SECOND * 4);
		}
	});

	it('after the load, a SIGTERM of a webhook processor finds no execution left in its active list', async () => {
		// Both processors served both streams since their last start. Executions that finished
		// but stayed in a processor's active list would make n8n's graceful shutdown wait
		// ("Waiting for N active executions to finish...", up to 30 s).
		const logFile = path.join(cluster.dir, 'logs', 'webhook-1.log');
		const logStart = fs.statSync(logFile).size;
		const restart = await cluster.restartWebhook(0, { signal: 'SIGTERM' });
		const waits = [...fs.readFileSync(logFile, 'utf8').slice(logStart).matchAll(/Waiting for (\d+) active executions/g)].map((m) => Number(m[1]));
		report(`idle SIGTERM of webhook processor 1: shutdown ${restart.shutdownSeconds.toFixed(1)} s, "Waiting for N active executions": ${JSON.stringify(waits)}`);
		expect(waits).toEqual([]);
		expect(restart.shutdownSeconds).toBeLessThan(25);
	});
});
