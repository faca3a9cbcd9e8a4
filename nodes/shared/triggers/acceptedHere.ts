/**
 * Deliveries this process accepted in a trigger's `webhook()` whose execution has not started
 * here yet (used by dedup.ts and executed.ts).
 *
 * Why: the worker-side check (executed.ts) is for queue mode, where a delivery's execution runs
 * in another process than the one that accepted it, and a second processor may accept a retry
 * of a delivery whose first processor was killed before it answered. When the execution starts
 * in the process whose `webhook()` accepted the delivery, n8n runs in regular mode (in queue
 * mode n8n 2.41 enqueues every production execution: WorkflowRunner.run → enqueueExecution,
 * n8n/dist/workflow-runner.js; webhook processors run no jobs), so there is no other process: a
 * second execution of the delivery could only come from a second acceptance, which this
 * process's own record refuses (dedup.ts). The check, n8n's read and rewrite of the whole
 * `processed_data` row (about 27 KB at 1,000 entries), buys nothing there; it cost about
 * 0.5 ms of n8n CPU per delivery (docs/benchmarks.md, section 3).
 *
 * Only a first acceptance counts: a delivery n8n failed to start (dedupReleases.ts) is forgotten
 * here when it is released, and its retry (a later generation) is not noted, so every execution
 * of a released delivery goes through the full check. Entries of deliveries whose execution
 * never starts here (a queue-mode processor's, all of them) are pushed out oldest first.
 */

const accepted = new Set<string>();
/** Whether an execution of a delivery this process accepted has started here: n8n runs in regular mode. */
let runsWhatItAccepts = false;
/** About 1 MB at most; at 100 deliveries/s a regular-mode execution has ~100 s to start. */
const MAX_ENTRIES = 10_000;

const entryOf = (scope: string, key: string) => `${scope}\u0000${key}`;

/** Notes a delivery this process accepted at its first generation (`key`: the mark's key). */
export function noteAccepted(scope: string, key: string): void {
	const entry = entryOf(scope, key);
	accepted.delete(entry);
	accepted.add(entry);
	if (accepted.size > MAX_ENTRIES) accepted.delete(accepted.values().next().value as string);
}

/** Forgets a delivery (released for its retry). */
export function forgetAccepted(scope: string, key: string): void {
	accepted.delete(entryOf(scope, key));
}

/**
 * True once for a delivery this process accepted (and did not release): its execution is
 * starting in the process that accepted it. Removes the note.
 */
export function takeAccepted(scope: string, key: string): boolean {
	const taken = accepted.delete(entryOf(scope, key));
	if (taken) runsWhatItAccepts = true;
	return taken;
}

/** True once an execution started in the process that accepted its delivery (regular mode). */
export function executesWhatItAccepts(): boolean {
	return runsWhatItAccepts;
}
