/**
 * Deliveries this process accepted in a trigger's `webhook()` whose execution has not started
 * here yet (used by dedup.ts and executed.ts).
 *
 * Why: the worker-side check (executed.ts) is for a delivery whose execution may run twice: in
 * queue mode another processor may accept a retry of a delivery whose first processor was killed
 * before it answered; in regular mode the process may crash after the execution started and
 * before the save of the record landed, and the retry reaches the restarted process. The check
 * (n8n's read and rewrite of the whole `processed_data` row, about 27 KB at 1,000 entries) is
 * needed for neither when the delivery's id was saved before its execution was created, which is
 * what a delivery that waited for a shared save gets (dedup.ts `saveBeforeAnswer`): such a
 * delivery is noted as saved before its run (`noteSavedBeforeRun`), and its execution skips the
 * check if it starts in this process (`takeAccepted`: 'saved'). Every other execution checks.
 *
 * Also: an execution starting in the process that accepted its delivery means n8n runs in
 * regular mode (in queue mode n8n 2.41 enqueues every production execution: WorkflowRunner.run
 * → enqueueExecution, n8n/dist/workflow-runner.js; webhook processors run no jobs), which
 * `executesWhatItAccepts` tells dedup.ts.
 *
 * Only a first acceptance counts: a delivery n8n failed to start (dedupReleases.ts) is forgotten
 * here when it is released, and its retry (a later generation) is not noted. Entries of
 * deliveries whose execution never starts here (a queue-mode processor's, all of them) are
 * pushed out oldest first.
 */

/** Entry → whether the delivery's id was saved before its execution was created. */
const accepted = new Map<string, boolean>();
/** Whether an execution of a delivery this process accepted has started here: n8n runs in regular mode. */
let runsWhatItAccepts = false;
/** About 1 MB at most; at 100 deliveries/s a regular-mode execution has ~100 s to start. */
const MAX_ENTRIES = 10_000;

const entryOf = (scope: string, key: string) => `${scope}\u0000${key}`;

/** Notes a delivery this process accepted at its first generation (`key`: the mark's key). */
export function noteAccepted(scope: string, key: string): void {
	const entry = entryOf(scope, key);
	accepted.delete(entry);
	accepted.set(entry, false);
	if (accepted.size > MAX_ENTRIES) accepted.delete(accepted.keys().next().value as string);
}

/** Notes that an accepted delivery's id was saved before its execution was created. */
export function noteSavedBeforeRun(scope: string, key: string): void {
	const entry = entryOf(scope, key);
	if (accepted.has(entry)) accepted.set(entry, true);
}

/** Forgets a delivery (released for its retry). */
export function forgetAccepted(scope: string, key: string): void {
	accepted.delete(entryOf(scope, key));
}

/**
 * Once for a delivery this process accepted (and did not release), as its execution starts here:
 * 'saved' when its id was saved before its run (no check needed), 'here' otherwise; undefined for
 * a delivery this process did not accept. Removes the note.
 */
export function takeAccepted(scope: string, key: string): 'saved' | 'here' | undefined {
	const entry = entryOf(scope, key);
	const saved = accepted.get(entry);
	if (saved === undefined) return undefined;
	accepted.delete(entry);
	runsWhatItAccepts = true;
	return saved ? 'saved' : 'here';
}

/** True once an execution started in the process that accepted its delivery (regular mode). */
export function executesWhatItAccepts(): boolean {
	return runsWhatItAccepts;
}
