import type { IExecuteFunctions } from 'n8n-workflow';

import { markOf } from './dedup';
import { takeAccepted } from './acceptedHere';
import { scopeOf } from './dedupRecord';

const PREFIX = 'executed:';

/**
 * The worker-side check of a trigger's execute(): an execution whose delivery already started
 * another execution runs nothing.
 *
 * Why it is needed (queue mode, issue 19): a webhook processor that enqueued a delivery's
 * execution and was killed before it answered (connection reset) leaves the sender without an
 * acknowledgement; the sender's retry reaches another processor, which knows nothing of the
 * first (its record was in the killed process, and n8n saves static data only around the
 * answer), and enqueues a second execution.
 *
 * What n8n 2.41 offers an execution (read in its dist/): `helpers.checkProcessedAndRecord`
 * (n8n/dist/deduplication/deduplication-helper.js) keeps one `processed_data` row per workflow
 * and context (here: this node) in the database, and checks-and-records with a `findOne`
 * followed by an `update`: no lock, no version check. Two executions recording in the same
 * few milliseconds can both pass, and the later write drops what the other added. It is still
 * the right store for this case: it is the only one an execution can write that is not part
 * of the workflow's static data (whole-object saves), it is shared by every worker, and the
 * two executions of a crash-and-retry are apart by the sender's retry delay (the killed
 * processor's job was enqueued before the kill; the retry comes after the reset), far longer
 * than the read-modify-write. Copies that arrive at once go to one processor (the shipped
 * nginx hashes on the signature), where the in-process record catches them.
 *
 * Entries are the delivery keys (`executed:` + key; the webhook-side record, when n8n exposes
 * the helper there, uses the bare key in the same row), the newest `maxEntries` kept.
 * Manual (test) executions are not recorded, nor executions of deliveries whose id was saved
 * before their execution was created, in the process that accepted them (acceptedHere.ts). If the database cannot be asked, the execution
 * runs: a rare second run is better than an acknowledged delivery that never runs.
 *
 * One call at a time per workflow and node in a process (`checkBatched`): executions that reach
 * this check while a call is out wait for it and then share one call. n8n's helper reads and
 * writes the whole row (about 27 KB at 1,000 entries: a findOne, an UPDATE, their JSON) per
 * call, so under load this is most of the check's price; and calls of one process no longer
 * overlap, so none of them drops what a concurrent one of the same process added (its
 * read-modify-write would: the later UPDATE wins). With nothing out, a call starts at once.
 * Answers, per input item, whether to drop it.
 */
export async function alreadyExecuted(ctx: IExecuteFunctions, maxEntries: number): Promise<boolean[]> {
	const items = ctx.getInputData();
	const none = items.map(() => false);
	if (ctx.getMode() === 'manual') return none;
	const scope = scopeOf(ctx);
	// A delivery whose id was saved before its run needs no check where it starts (acceptedHere.ts).
	const keys = items.map((item) => {
		const key = markOf(item)?.key;
		return key === undefined || takeAccepted(scope, key) === 'saved' ? undefined : key;
	});
	const distinct = [...new Set(keys.filter((key): key is string => key !== undefined))];
	if (distinct.length === 0) return none;
	let processed: Set<string>;
	try {
		processed = await checkBatched(ctx, distinct, maxEntries);
	} catch (error) {
		ctx.logger.warn(`Could not check whether this delivery already ran (${(error as Error).message}); running it`, {
			node: ctx.getNode().name,
		});
		return none;
	}
	if (processed.size > 0) {
		ctx.logger.info(`Dropped ${processed.size} delivery(ies) that already started another execution (a retry after a crash)`, {
			node: ctx.getNode().name,
		});
	}
	return keys.map((key) => key !== undefined && processed.has(key));
}

/** One execution's keys waiting for the processed-data record. */
interface Check {
	ctx: IExecuteFunctions;
	keys: string[];
	maxEntries: number;
	/** The keys of this execution that already ran (or an error: the record could not be asked). */
	settle: (processed: Set<string> | Error) => void;
}

/** Per workflow and node: the checks waiting while a call is out (present only while one is). */
const waiting = new Map<string, Check[]>();

function checkBatched(ctx: IExecuteFunctions, keys: string[], maxEntries: number): Promise<Set<string>> {
	return new Promise<Set<string>>((resolve, reject) => {
		const check: Check = { ctx, keys, maxEntries, settle: (result) => (result instanceof Error ? reject(result) : resolve(result)) };
		const scope = scopeOf(ctx);
		const queue = waiting.get(scope);
		if (queue) {
			queue.push(check);
			return;
		}
		waiting.set(scope, []);
		void drain(scope, [check]);
	});
}

/** Runs one call for `batch`, then one for whatever queued meanwhile, until nothing waits. */
async function drain(scope: string, batch: Check[]): Promise<void> {
	while (batch.length > 0) {
		await checkOnce(batch);
		batch = waiting.get(scope)?.splice(0) ?? [];
	}
	waiting.delete(scope);
}

/**
 * One call of n8n's helper for the keys of every check in `batch` (all of one workflow and
 * node: the same processed_data row, whichever execution's helper asks). A key two executions
 * of the batch share ran in the first of them: the later ones get it as already run.
 */
async function checkOnce(batch: Check[]): Promise<void> {
	const distinct = [...new Set(batch.flatMap((check) => check.keys))];
	let processed: Set<string>;
	try {
		const result = await batch[0].ctx.helpers.checkProcessedAndRecord(
			distinct.map((key) => `${PREFIX}${key}`),
			'node',
			{ mode: 'entries', maxEntries: Math.max(...batch.map((check) => check.maxEntries)) },
		);
		processed = new Set(result.processed.map((value) => String(value).slice(PREFIX.length)));
	} catch (error) {
		for (const check of batch) check.settle(error instanceof Error ? error : new Error(String(error)));
		return;
	}
	const claimed = new Set<string>();
	for (const check of batch) {
		const ran = new Set<string>();
		for (const key of check.keys) {
			if (processed.has(key) || claimed.has(key)) ran.add(key);
			else claimed.add(key);
		}
		check.settle(ran);
	}
}
