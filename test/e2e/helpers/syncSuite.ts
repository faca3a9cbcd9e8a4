/**
 * The two-way sync suite of issue 18 (test/e2e/two-way-sync.e2e.test.ts in regular mode,
 * test/e2e-queue/two-way-sync.e2e.test.ts in queue mode): the phases, their edits and what
 * they assert. The harness and the counting are in ./sync.ts.
 */
import { editAndArrive, phase, report, syncParameters, SyncHarness, takePair, type Edit, type Pair, type PhaseFigures } from './sync';
import { sleep, waitUntil } from './triggers';

export function defineTwoWaySyncSuite(defaults: Parameters<typeof syncParameters>[0]): void {
	const params = syncParameters(defaults);
	const h = new SyncHarness(params);
	// Enough people that edits overlap across records while one record's edits never do.
	const PAIRS = 24;

	beforeAll(async () => {
		report(`parameters ${JSON.stringify(params)}`);
		await h.start(PAIRS + 8);
	}, 180_000);
	afterAll(async () => {
		await h.stop();
	}, 60_000);

	const callbellPairs = (): Pair[] => h.pairs.slice(0, PAIRS);
	const dialpadPairs = (): Pair[] => h.pairs.slice(PAIRS);
	const CB_KEYS: Array<'crmToCallbell' | 'callbellToCrm'> = ['crmToCallbell', 'callbellToCrm'];
	const DP_KEYS: Array<'crmToDialpad' | 'dialpadToCrm'> = ['crmToDialpad', 'dialpadToCrm'];

	/** The CRM ↔ Callbell counts: one execution and one write per edit, nothing lost. */
	function expectExactlyOnce(f: PhaseFigures): void {
		expect({ phase: f.name, loop: f.loop }).toEqual({ phase: f.name, loop: undefined });
		expect({
			executions: f.executions,
			writesToCrm: f.writes.crm,
			writesToCallbell: f.writes.callbell,
			lost: f.lost,
			failed: f.failedExecutions,
			mismatches: f.finalMismatches,
		}).toEqual({
			executions: f.edits,
			writesToCrm: f.editsBySide.callbell ?? 0,
			writesToCallbell: f.editsBySide.crm ?? 0,
			lost: 0,
			failed: 0,
			mismatches: [],
		});
	}

	describe('two-way sync (examples 7 and 8) against sandboxes that send a webhook for every write', () => {
		it('CRM ↔ Callbell: one human edit is synced once, and nothing comes back (20 s watched)', async () => {
			const f = await phase(h, 'single edit', CB_KEYS, 1, async (edits, lost, aborted) => {
				const [pair] = callbellPairs();
				await editAndArrive(h, 'crm', pair, 'first', 'single', edits, lost);
				for (let t = 0; t < 20 && !aborted(); t++) await sleep(1000);
			});
			expectExactlyOnce(f);
		}, 240_000);

		it(`CRM ↔ Callbell: ${params.edits} human edits on random sides and fields, 0.1–2 s apart`, async () => {
			const f = await phase(h, `${params.edits} random edits`, CB_KEYS, params.edits, async (edits, lost, aborted) => {
				const running: Array<Promise<unknown>> = [];
				for (let i = 0; i < params.edits && !aborted(); i++) {
					const unit = await randomEdit('random', edits, lost, aborted);
					if (!unit) break;
					running.push(unit.arrived);
					await sleep(h.rng.int(100, 2000));
				}
				await Promise.allSettled(running);
			});
			expect(f.edits).toBe(params.edits);
			expectExactlyOnce(f);
		}, (params.edits * 2.2 + 180) * 1000);

		it(`CRM ↔ Callbell: edits ${params.placements.join(' / ')} ms after a sync write (${params.placedEdits} each), ${params.reverts} A→B→A reverts, ${params.outOfOrder} HighLevel echoes delivered after a newer human edit`, async () => {
			const planned = params.placements.length * params.placedEdits * 2 + params.reverts * 3 + params.outOfOrder * 2;
			const f = await phase(h, 'placed edits, reverts, out of order', CB_KEYS, planned, async (edits, lost, aborted) => {
				const units: Array<() => Promise<void>> = [];
				for (const p of params.placements) for (let i = 0; i < params.placedEdits; i++) units.push(() => placed(p, edits, lost, aborted));
				for (let i = 0; i < params.reverts; i++) units.push(() => revert(i % 2 === 0, edits, lost, aborted));
				for (let i = 0; i < params.outOfOrder; i++) units.push(() => outOfOrder(edits, lost, aborted));
				// Shuffled, six at a time on different people.
				for (let i = units.length - 1; i > 0; i--) {
					const j = h.rng.int(0, i);
					[units[i], units[j]] = [units[j], units[i]];
				}
				let next = 0;
				const worker = async () => {
					while (next < units.length && !aborted()) {
						const unit = units[next++];
						await unit();
						await sleep(h.rng.int(100, 600));
					}
				};
				await Promise.all(Array.from({ length: 6 }, worker));
			});
			expect(f.edits).toBe(planned);
			expectExactlyOnce(f);
		}, (params.placements.length * params.placedEdits * 4 + params.reverts * 6 + params.outOfOrder * 10 + 240) * 1000);

		it(`CRM ↔ Dialpad (no stamp): ${params.dialpadEdits} human edits on random sides and fields (every fourth an A→B→A revert): writes = edits, at most one more execution per sync write, 0 lost`, async () => {
			const f = await phase(h, `${params.dialpadEdits} CRM ↔ Dialpad edits`, DP_KEYS, params.dialpadEdits, async (edits, lost, aborted) => {
				const running: Array<Promise<unknown>> = [];
				for (let i = 0; i < params.dialpadEdits && !aborted(); i++) {
					// Every fourth unit an A→B→A revert: a Dialpad contact event has no id, so the
					// edit back to A has the body of A's own event (or of the echo of its sync write).
					if (i % 4 === 3) {
						running.push(revert(h.rng.next() < 0.5, edits, lost, aborted, 'dialpad'));
					} else {
						const pair = await takePair(h, dialpadPairs(), aborted);
						if (!pair) break;
						const side = h.rng.pick(['crm', 'dialpad'] as const);
						const field = h.rng.pick(['first', 'last', 'email'] as const);
						running.push(editAndArrive(h, side, pair, field, 'random', edits, lost).finally(() => (pair.busy = false)));
					}
					await sleep(h.rng.int(100, 2000));
				}
				await Promise.allSettled(running);
			});
			expect({ phase: f.name, loop: f.loop }).toEqual({ phase: f.name, loop: undefined });
			// Example 8b leaves the echoes to the Data Table (its trigger's Marks in a Data Table):
			// each sync write to Dialpad runs the Dialpad → CRM half once, which finds the mark 8a
			// stored and ends, in regular and in queue mode (where the worker that wrote is not the
			// webhook processor that receives). So writes to the CRM are exactly the Dialpad edits.
			expect({ writesToCrm: f.writes.crm, writesToDialpad: f.writes.dialpad, lost: f.lost, failed: f.failedExecutions, mismatches: f.finalMismatches }).toEqual({
				writesToCrm: f.editsBySide.dialpad ?? 0,
				writesToDialpad: f.editsBySide.crm ?? 0,
				lost: 0,
				failed: 0,
				mismatches: [],
			});
			// Each edit runs once, and each sync write to Dialpad at most once more (its echo, which
			// ends at the Data Table step with no write): the echo of every write found its mark.
			expect(f.executions).toBeGreaterThanOrEqual(f.edits);
			expect(f.executions).toBeLessThanOrEqual(f.edits + f.writes.dialpad);
			expect({ marksUsed: f.marksUsed }).toEqual({ marksUsed: f.writes.dialpad });
		}, (params.dialpadEdits * 2.5 + 180) * 1000);

		// Queue mode only: the guarantees across a restart of a webhook processor (its memory of
		// passed edits and dropped echoes is gone; static data is not) and of a worker.
		(process.env.SYNC_MODE === 'queue' ? it : it.skip)(
			`queue mode: CRM ↔ Callbell edits and A→B→A reverts while webhook processor 1, then worker 1 restart (SIGTERM), at least ${params.restartEdits} units`,
			async () => {
				const { queueCluster } = require('../../e2e-queue/helpers') as typeof import('../../e2e-queue/helpers');
				const cluster = queueCluster();
				const restarts: string[] = [];
				const f = await phase(h, 'edits and reverts across restarts', CB_KEYS, 300, async (edits, lost, aborted) => {
					let restarting = true;
					const restartsDone = (async () => {
						try {
							await sleep(4000);
							const webhook = await cluster.restartWebhook(0);
							restarts.push(`webhook processor 1 stopped in ${webhook.shutdownSeconds.toFixed(1)} s, ready ${webhook.startSeconds?.toFixed(1)} s later`);
							await sleep(4000);
							const worker = await cluster.restart('worker', 0);
							restarts.push(`worker 1 stopped in ${worker.shutdownSeconds.toFixed(1)} s, ready ${worker.startSeconds?.toFixed(1)} s later`);
							await sleep(4000);
						} finally {
							restarting = false;
						}
					})();
					const running: Array<Promise<unknown>> = [];
					for (let i = 0; !aborted() && i < 150 && (restarting || i < params.restartEdits); i++) {
						if (i % 3 === 2) {
							running.push(revert(h.rng.next() < 0.5, edits, lost, aborted));
						} else {
							const unit = await randomEdit('random (restarts)', edits, lost, aborted);
							if (!unit) break;
							running.push(unit.arrived);
						}
						await sleep(h.rng.int(300, 1500));
					}
					await restartsDone;
					await Promise.allSettled(running);
				});
				report(`restarts: ${restarts.join('; ')}`);
				expect(restarts).toHaveLength(2);
				expectExactlyOnce(f);
			},
			(params.restartEdits * 6 + 600) * 1000,
		);

		it('every request of the sync was one the APIs document (the sandboxes check them)', () => {
			expect({ contacts: h.contacts.specViolations(), callbell: h.callbell.specViolations(), dialpad: h.dialpad.specViolations() }).toEqual({ contacts: [], callbell: [], dialpad: [] });
		});
	});

	/** Takes an idle CRM ↔ Callbell pair and starts a human edit of a random side and field (undefined: aborted); `arrived` settles once it reached the other side or was lost. */
	async function randomEdit(kind: string, edits: Edit[], lost: Edit[], aborted: () => boolean): Promise<{ arrived: Promise<unknown> } | undefined> {
		const pair = await takePair(h, callbellPairs(), aborted);
		if (!pair) return undefined;
		const side = h.rng.pick(['crm', 'callbell'] as const);
		const field = h.rng.pick(['first', 'last', 'email'] as const);
		// Wrapped: awaiting this function must not wait for the edit to arrive.
		return { arrived: editAndArrive(h, side, pair, field, kind, edits, lost).finally(() => (pair.busy = false)) };
	}

	/**
	 * A human edit on one side, then, `delayMs` after its sync write landed on the other side,
	 * a human edit there (half of them of the same field): both must arrive.
	 */
	async function placed(delayMs: number, edits: Edit[], lost: Edit[], aborted: () => boolean): Promise<void> {
		const pair = await takePair(h, callbellPairs(), aborted);
		if (!pair) return;
		try {
			const sideA = h.rng.pick(['crm', 'callbell'] as const);
			const sideB = sideA === 'crm' ? 'callbell' : 'crm';
			const fieldA = h.rng.pick(['first', 'last', 'email'] as const);
			const wrote = h.nextSyncWrite(sideB, pair);
			const first = h.humanEdit(sideA, pair, fieldA, h.newValue(fieldA, pair), `first edit (placement ${delayMs} ms)`);
			edits.push(first);
			if (!(await wrote) || h.read(sideB, pair)[fieldA] !== first.value) {
				lost.push(first);
				return;
			}
			first.arrivedAfterMs = Date.now() - first.at;
			if (delayMs > 0) await sleep(delayMs);
			const fieldB = h.rng.next() < 0.5 ? fieldA : h.rng.pick(['first', 'last', 'email'] as const);
			const second = h.humanEdit(sideB, pair, fieldB, h.newValue(fieldB, pair), `edit ${delayMs} ms after a sync write`);
			edits.push(second);
			if (await h.arrives(sideA, pair, fieldB, second.value)) second.arrivedAfterMs = Date.now() - second.at;
			else lost.push(second);
		} finally {
			pair.busy = false;
		}
	}

	/** X on one side (synced), Y on the other (synced back), then X again there: X must arrive. */
	async function revert(fromCrm: boolean, edits: Edit[], lost: Edit[], aborted: () => boolean, other: 'callbell' | 'dialpad' = 'callbell'): Promise<void> {
		const pair = await takePair(h, other === 'callbell' ? callbellPairs() : dialpadPairs(), aborted);
		if (!pair) return;
		try {
			const a = fromCrm ? 'crm' : other;
			const b = fromCrm ? other : 'crm';
			const field = h.rng.pick(['first', 'last', 'email'] as const);
			const x = await editAndArrive(h, a, pair, field, 'revert: A', edits, lost);
			await editAndArrive(h, b, pair, field, 'revert: B', edits, lost);
			// Back to the value the sync wrote on this side earlier.
			await editAndArrive(h, b, pair, field, 'revert: back to A', edits, lost, x.value);
		} finally {
			pair.busy = false;
		}
	}

	/**
	 * A Callbell edit is synced to the CRM; HighLevel holds back the echo of that write; a newer
	 * CRM edit of the same field is synced to Callbell; then the held echo arrives. The newer
	 * value must survive on both sides.
	 */
	async function outOfOrder(edits: Edit[], lost: Edit[], aborted: () => boolean): Promise<void> {
		const pair = await takePair(h, callbellPairs(), aborted);
		if (!pair) return;
		let taken = false;
		const held = (h.contacts as any).webhooks.hold((entry: { origin: string; recordId: string }) => {
			if (taken || entry.origin !== 'api' || entry.recordId !== pair.crmId) return false;
			taken = true;
			return true;
		});
		try {
			const field = h.rng.pick(['first', 'last', 'email'] as const);
			await editAndArrive(h, 'callbell', pair, field, 'out of order: older edit', edits, lost);
			await waitUntil(() => held.count === 1, { timeoutMs: 10_000, what: 'HighLevel to hold back the echo of the sync write' }).catch(() => undefined);
			await editAndArrive(h, 'crm', pair, field, 'out of order: newer edit', edits, lost);
			await sleep(500);
		} finally {
			await held.release();
			// The stale echo's consequences (if any) land within a few seconds.
			await sleep(3000);
			pair.busy = false;
		}
	}
}
