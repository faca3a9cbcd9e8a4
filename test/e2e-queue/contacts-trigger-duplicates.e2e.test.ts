/**
 * Contacts API Trigger in queue mode: one execution per delivery across processes (issue 9's
 * "Done when", measured through the shipped nginx, scripts/runner/queue/nginx.conf).
 *
 * 1. 400 signed deliveries through nginx; each is sent again once, straight to the OTHER
 *    webhook processor, 10–20 s after its answer (the issue measured 18 s), while the rest
 *    still flows → exactly 400 executions, one per delivery. (A copy that reaches another
 *    process before the first copy's execution has ended and saved the record is the
 *    simultaneous case of 2./3.: only the nginx hash, which keeps identical bytes on one
 *    processor, catches it.)
 * 2. 100 webhookIds × 2 identical copies sent at once (0–50 ms apart) through nginx → exactly
 *    100 executions (the consistent hash on the signature puts both copies on one processor).
 * 3. Measurement, not an assertion: the same 100 × 2 with one copy straight to each processor
 *    (what a load balancer without the hash does); the suite prints how many ran twice.
 * Every figure is printed ([e2e-queue] lines).
 */
import type { IDataObject } from 'n8n-workflow';

import { createSigner, stamp, type Signer } from '../nodes/ContactsApiTrigger/signer';
import { n8nApi } from '../e2e/helpers/e2e';
import { sleep } from '../e2e/helpers/triggers';
import { activeWorkflow, contactsTrigger, pool, queueCluster, report, runTag, send, settledExecutions, tally, type ActiveWorkflow, type Answer } from './helpers';

const CONTACT: IDataObject = { type: 'ContactCreate', locationId: 've9EPM428h8vShlRW1KT', id: 'nmFmQEsNgz6AVpgLVUJ0', firstName: 'John', lastName: 'Deo', email: 'johndeo@example.com' };

let signer: Signer;

/** A signed delivery with webhookId `<tag>-<n>`: its exact bytes and headers. */
function delivery(tag: string, n: number): { id: string; body: string; headers: Record<string, string> } {
	const id = `${tag}-${n}`;
	const body = JSON.stringify(stamp(CONTACT, new Date(), id));
	return { id, body, headers: signer.headers(body, 'ed25519') };
}

/** Delivery ids with more than one execution, and ids with none, among `ids`. */
function perDeliveryCounts(perDelivery: Map<string, unknown[]>, ids: string[]): { once: number; twice: number; none: number } {
	const out = { once: 0, twice: 0, none: 0 };
	for (const id of ids) {
		const n = perDelivery.get(id)?.length ?? 0;
		if (n === 0) out.none++;
		else if (n === 1) out.once++;
		else out.twice++;
	}
	return out;
}

describe('Contacts API Trigger in queue mode: one execution per delivery', () => {
	const api = n8nApi();
	const cluster = queueCluster();
	let wf: ActiveWorkflow;

	beforeAll(async () => {
		signer = await createSigner({ rsa: false });
		wf = await activeWorkflow(api, contactsTrigger(signer.parameters()), { name: 'e2e-queue duplicates', probe: { body: '{}' } });
	});

	afterAll(async () => {
		if (wf) await api.deactivateWorkflow(wf.id).catch(() => undefined);
	});

	// The record is a grow-only set saved whole by every request (nodes/shared/triggers/dedup.ts):
	// a processor can save a copy it loaded just before the other processor's save landed and
	// erase an id for a moment; the next delivery to the processor holding it (a refused re-send
	// included) puts it back, each processor learns every id it loads, and a random back-off
	// breaks processors working in step. Measured: 400 of 400 re-sends refused (before: 396-397).
	it('400 deliveries, each re-sent once to the other processor while traffic flows → exactly 400 executions', async () => {
		const tag = runTag('re');
		const total = 400;
		const deliveries = Array.from({ length: total }, (_, n) => delivery(tag, n));
		const url = `${cluster.url}/webhook/${wf.webhookPath}`;
		const resends: Array<Promise<Answer>> = [];
		const t0 = Date.now();
		const originals = await pool(deliveries, 8, async (d) => {
			const answer = await send(url, d.body, d.headers);
			// The other processor (straight, bypassing nginx), later, while the rest flows.
			const other = answer.processor === undefined ? 0 : 1 - answer.processor;
			resends.push(sleep(10_000 + Math.random() * 10_000).then(() => send(`${cluster.webhookUrl(other)}/webhook/${wf.webhookPath}`, d.body, d.headers)));
			return answer;
		});
		const again = await Promise.all(resends);
		const seconds = (Date.now() - t0) / 1000;
		const index = await settledExecutions([wf.id], tag, { atLeast: total });
		const counts = perDeliveryCounts(index.perDelivery, deliveries.map((d) => d.id));
		const spread = [0, 1].map((i) => originals.filter((a) => a.processor === i).length);
		report(
			`re-sent to the other processor: ${total} deliveries (nginx spread ${spread.join('/')}) + ${again.length} re-sends in ${seconds.toFixed(1)} s; ` +
				`originals ${JSON.stringify(tally(originals))}, re-sends ${JSON.stringify(tally(again))}; ` +
				`executions ${index.tagged.length} ${JSON.stringify(index.taggedByStatus)}, deliveries run once ${counts.once}, twice ${counts.twice}, never ${counts.none}`,
		);
		expect(tally(originals)).toEqual({ 200: total });
		expect(spread.every((n) => n > total / 5)).toBe(true);
		expect(again.every((a) => a.status === 200)).toBe(true);
		expect(tally(again)).toEqual({ '200 already processed': total });
		expect(counts).toEqual({ once: total, twice: 0, none: 0 });
		expect(index.taggedByStatus).toEqual({ success: total });
	});

	it('100 webhookIds × 2 simultaneous copies through nginx → exactly 100 executions', async () => {
		const tag = runTag('sim');
		const total = 100;
		const deliveries = Array.from({ length: total }, (_, n) => delivery(tag, n));
		const url = `${cluster.url}/webhook/${wf.webhookPath}`;
		const pairs = await pool(deliveries, 5, async (d) =>
			Promise.all([send(url, d.body, d.headers), sleep(Math.random() * 50).then(() => send(url, d.body, d.headers))]),
		);
		const index = await settledExecutions([wf.id], tag, { atLeast: total });
		const counts = perDeliveryCounts(index.perDelivery, deliveries.map((d) => d.id));
		const sameProcessor = pairs.filter(([a, b]) => a.processor !== undefined && a.processor === b.processor).length;
		report(
			`simultaneous copies through nginx: ${total} × 2, both copies on one processor for ${sameProcessor}; answers ${JSON.stringify(tally(pairs.flat()))}; ` +
				`executions ${index.tagged.length}, deliveries run once ${counts.once}, twice ${counts.twice}, never ${counts.none}`,
		);
		expect(sameProcessor).toBe(total);
		expect(tally(pairs.flat())).toEqual({ 200: total, '200 already processed': total });
		expect(counts).toEqual({ once: total, twice: 0, none: 0 });
		expect(index.tagged).toHaveLength(total);
		expect(index.taggedByStatus).toEqual({ success: total });
	});

	it('measures 100 × 2 simultaneous copies without the nginx hash (one copy straight to each processor)', async () => {
		const tag = runTag('nohash');
		const total = 100;
		const deliveries = Array.from({ length: total }, (_, n) => delivery(tag, n));
		const pairs = await pool(deliveries, 5, async (d) =>
			Promise.all([0, 1].map((i) => sleep(i === 1 ? Math.random() * 50 : 0).then(() => send(`${cluster.webhookUrl(i)}/webhook/${wf.webhookPath}`, d.body, d.headers)))),
		);
		const index = await settledExecutions([wf.id], tag, { atLeast: total });
		const counts = perDeliveryCounts(index.perDelivery, deliveries.map((d) => d.id));
		report(
			`simultaneous copies WITHOUT the hash (measurement): ${total} × 2 straight to both processors; answers ${JSON.stringify(tally(pairs.flat()))}; ` +
				`executions ${index.tagged.length}, deliveries run once ${counts.once}, twice ${counts.twice}, never ${counts.none}`,
		);
		// No bound is promised here: the figure is what the README quotes.
		expect(counts.none).toBe(0);
	});
});
