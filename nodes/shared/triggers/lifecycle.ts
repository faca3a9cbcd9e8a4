import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

/**
 * A trigger's lifecycle record (what it registered at a service, or that it unregistered),
 * kept apart from the duplicate record (dedup.ts) and safe against n8n's whole-object saves.
 *
 * What n8n 2.41.1 does with workflow static data (read in its dist/):
 * - `WorkflowStaticDataService.saveStaticDataById` writes the WHOLE object (`UPDATE workflow
 *   SET staticData = …`) without a version check: the last writer wins.
 * - Writers: activation and deactivation (WorkflowTriggerActivator.activateInternal /
 *   deregisterWebhookTriggers save after create()/delete()), every delivery whose webhook()
 *   marked static data as changed (LiveWebhooks, after the answer; in queue mode on a webhook
 *   processor), and in regular mode every execution that changed it (saved when it ends).
 *   A delivery or execution that loaded the row before an activation and saves after it puts
 *   the OLD lifecycle record back: a deleted registration returns, a created one vanishes.
 * - Only the hook context (checkExists/create/delete) writes a lifecycle record, and n8n runs
 *   it on ONE process: the main process in regular and queue mode (the leader in multi-main).
 *
 * So every record carries a generation, incremented by each write, and the process that runs
 * the hooks also keeps the newest record it wrote or read in memory. Reading takes the newer
 * of the two: a stale whole-object save can lower the stored generation, never what the
 * hooks see. After a restart of that process only the stored copy is left, which may be
 * stale: that is why no lifecycle decision trusts the record alone. Triggers check the
 * service (checkExists asks it; delete only removes what the service shows as ours) and use
 * the record only to know WHICH remote objects are theirs.
 */

export interface LifecycleRecord<T> {
	/** Incremented by every write; the newer record is the one with the higher generation. */
	generation: number;
	/** When it was written (ISO 8601), for logs. */
	writtenAt: string;
	/** undefined once the trigger unregistered (a tombstone, never a missing key). */
	value?: T;
}

/** Static data key ('node' scope) of every trigger's lifecycle record. */
export const LIFECYCLE_FIELD = 'triggerLifecycle';
const MAX_REMEMBERED = 1000;

/** Per workflow + node + record name: the newest record this process wrote or read. */
const newest = new Map<string, LifecycleRecord<unknown>>();
/** The records in `newest` that this process wrote (not merely read from static data). */
const written = new WeakSet<LifecycleRecord<unknown>>();

function scopeOf(ctx: IHookFunctions | IWebhookFunctions, name: string): string {
	return `${ctx.getWorkflow().id ?? ''}\u0000${ctx.getNode().id}\u0000${name}`;
}

function isRecord(value: unknown): value is LifecycleRecord<unknown> {
	return (
		value !== null &&
		typeof value === 'object' &&
		typeof (value as IDataObject).generation === 'number' &&
		Number.isFinite((value as IDataObject).generation)
	);
}

function storedRecord(ctx: IHookFunctions | IWebhookFunctions, name: string): LifecycleRecord<unknown> | undefined {
	const all = ctx.getWorkflowStaticData('node')[LIFECYCLE_FIELD] as IDataObject | undefined;
	const value = all && typeof all === 'object' ? all[name] : undefined;
	return isRecord(value) ? value : undefined;
}

function remember(scope: string, record: LifecycleRecord<unknown>): void {
	if (!newest.has(scope) && newest.size >= MAX_REMEMBERED) newest.delete(newest.keys().next().value as string);
	newest.set(scope, record);
}

/** The newer of the stored record and the one this process holds (undefined: never written). */
export function readLifecycle<T>(ctx: IHookFunctions | IWebhookFunctions, name: string): LifecycleRecord<T> | undefined {
	const scope = scopeOf(ctx, name);
	const stored = storedRecord(ctx, name);
	const held = newest.get(scope);
	const winner = !held || (stored && stored.generation > held.generation) ? stored : held;
	if (winner && winner !== held) remember(scope, winner);
	return winner as LifecycleRecord<T> | undefined;
}

/**
 * Writes the next generation of a record (value undefined: the trigger unregistered). A fresh
 * object is assigned, which is what marks static data as changed for n8n's save.
 */
export function writeLifecycle<T>(ctx: IHookFunctions, name: string, value: T | undefined): LifecycleRecord<T> {
	const previous = readLifecycle<T>(ctx, name);
	const record: LifecycleRecord<T> = {
		generation: (previous?.generation ?? 0) + 1,
		writtenAt: new Date().toISOString(),
		...(value === undefined ? {} : { value }),
	};
	const data = ctx.getWorkflowStaticData('node');
	const all = data[LIFECYCLE_FIELD];
	data[LIFECYCLE_FIELD] = {
		...(all && typeof all === 'object' && !Array.isArray(all) ? (all as IDataObject) : {}),
		[name]: record as unknown as IDataObject,
	};
	remember(scopeOf(ctx, name), record);
	written.add(record);
	return record;
}

/**
 * Whether the newest record was written by this process (so no stale save can have replaced
 * it unseen). After a restart, every record is read from static data, which a stale
 * whole-object save may have rolled back: then this is false.
 */
export function writtenHere(ctx: IHookFunctions | IWebhookFunctions, name: string): boolean {
	const record = readLifecycle(ctx, name);
	return record !== undefined && written.has(record);
}

/** Forgets what this process holds (tests model a restarted process with it). */
export function forgetHeldLifecycles(): void {
	newest.clear();
}
