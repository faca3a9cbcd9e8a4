/**
 * The shared duplicate record (nodes/shared/triggers/dedup.ts) at unit level: the parts the
 * webhook harness (test/harness/webhook.ts) does not model — the editor's test deliveries, and
 * what one request writes when the copy it loaded lacks ids its process holds.
 */
import { createHash } from 'crypto';
import { EventEmitter } from 'events';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, IWebhookFunctions, WorkflowExecuteMode } from 'n8n-workflow';
import * as workflow from 'n8n-workflow';

import { checkAndRecord, persistInExecution, withMark, type DedupSettings } from '../../../../nodes/shared/triggers/dedup';
import { readRecord, recordKey, write } from '../../../../nodes/shared/triggers/dedupRecord';

let workflowSeq = 0;

/** One request's view: the static-data copy n8n loaded for it, in the given mode. */
function request(workflowId: string, loaded: IDataObject, mode: WorkflowExecuteMode = 'webhook') {
	const data: IDataObject = JSON.parse(JSON.stringify(loaded)) as IDataObject;
	const ctx = {
		getWorkflow: () => ({ id: workflowId }),
		getNode: () => ({ id: 'node-1', name: 'Trigger' }),
		getMode: () => mode,
		getWorkflowStaticData: () => data,
		// Already answered: keeps the "mark until answered" loop to one turn.
		getResponseObject: () => ({ writableEnded: true, destroyed: false }),
		helpers: {},
	} as unknown as IWebhookFunctions;
	return { ctx, data };
}

/**
 * One request as n8n's LiveWebhooks has it: the request's whole static data wrapped by a Workflow
 * (reachable as the context's `workflow.staticData`), the node's part read from it, and an answer
 * that is not out yet.
 */
function rootedRequest(workflowId: string) {
	const root = workflow.ObservableObject.create({ 'node:Trigger': {}, global: {} }, undefined, { ignoreEmptyOnFirstChild: true }) as IDataObject;
	const data = root['node:Trigger'] as IDataObject;
	const res = Object.assign(new EventEmitter(), { writableEnded: false, destroyed: false, statusCode: 200 });
	const ctx = {
		workflow: { staticData: root },
		getWorkflow: () => ({ id: workflowId }),
		getNode: () => ({ id: 'node-1', name: 'Trigger' }),
		getMode: () => 'webhook',
		getWorkflowStaticData: () => data,
		getResponseObject: () => res,
		helpers: {},
	} as unknown as IWebhookFunctions;
	return { root, data, res, ctx };
}

const keysOf = (data: IDataObject) => readRecord(data).map(([key]) => key).sort();
const keys = (...ids: string[]) => ids.map((id) => recordKey(`id:${id}`)).sort();
const settings = (): DedupSettings => ({ maxEntries: 1000, toleranceMs: 300_000, now: Date.now() });
const mark = (id: string) => ({ key: `id:${id}`, anchor: Date.now() });
/** Lets the mark loops of earlier requests (already answered) end, so their ids are no longer pending. */
const answered = async () => await new Promise((resolve) => setTimeout(resolve, 5));

describe('shared duplicate record', () => {
	it("keeps the editor's test deliveries apart: n8n never saves them, so they neither block nor disturb production", async () => {
		const wf = `wf-${++workflowSeq}`;
		const test = request(wf, {}, 'manual');
		expect(await checkAndRecord(test.ctx, mark('a'), settings())).toBe(false);
		// A second test copy in the same listening session is still a duplicate.
		expect(await checkAndRecord(request(wf, {}, 'manual').ctx, mark('a'), settings())).toBe(true);

		// Production, database copy without the test id (n8n did not save it): the real delivery
		// runs, and a production duplicate of another id writes nothing for the test id.
		const prod = request(wf, {});
		expect(await checkAndRecord(prod.ctx, mark('a'), settings())).toBe(false);
		expect(keysOf(prod.data)).toEqual(keys('a'));
		const saved = prod.data;
		const dup = request(wf, saved);
		expect(await checkAndRecord(dup.ctx, mark('a'), settings())).toBe(true);
		expect(dup.data).toEqual(saved);
	});

	it('a refused duplicate writes back ids of its process that the loaded copy lacks (erased by another process) and learns the ones it loads', async () => {
		const wf = `wf-${++workflowSeq}`;
		const first = request(wf, {});
		expect(await checkAndRecord(first.ctx, mark('mine'), settings())).toBe(false);
		await answered();
		// Another process saved a copy loaded before that save: 'mine' is gone, 'theirs' is new.
		const other = { processedDeliveries: { keys: ['id:theirs'], anchors: [Date.now()] } };
		const dup = request(wf, other);
		const sleep = jest.spyOn(workflow, 'sleep');
		expect(await checkAndRecord(dup.ctx, mark('theirs'), settings())).toBe(true);
		expect(keysOf(dup.data)).toEqual(keys('mine', 'theirs'));
		// The back-off that breaks processes saving in step: one wait of 1-20 ms.
		expect(sleep).toHaveBeenCalledTimes(1);
		const waited = sleep.mock.calls[0][0];
		expect(waited).toBeGreaterThanOrEqual(1);
		expect(waited).toBeLessThanOrEqual(20);
		sleep.mockRestore();

		// Learned: a later copy holding neither shows this process still refuses 'theirs'.
		const later = request(wf, {});
		expect(await checkAndRecord(later.ctx, mark('theirs'), settings())).toBe(true);
		expect(keysOf(later.data)).toEqual(keys('mine', 'theirs'));
	});

	it('a duplicate whose loaded copy already holds everything writes nothing (no extra save)', async () => {
		const wf = `wf-${++workflowSeq}`;
		const first = request(wf, {});
		expect(await checkAndRecord(first.ctx, mark('x'), settings())).toBe(false);
		const saved = JSON.parse(JSON.stringify(first.data)) as IDataObject;
		await answered();
		const dup = request(wf, saved);
		const before = dup.data.processedDeliveries;
		const sleep = jest.spyOn(workflow, 'sleep');
		expect(await checkAndRecord(dup.ctx, mark('x'), settings())).toBe(true);
		// Same object: n8n's change tracking sees no assignment, so it saves nothing; no back-off.
		expect(dup.data.processedDeliveries).toBe(before);
		expect(sleep).not.toHaveBeenCalled();
		sleep.mockRestore();
	});
});

describe('shared duplicate record: what n8n loads and saves per delivery', () => {
	/** An execution's view: static data wrapped by n8n's own Workflow (change tracking included). */
	function execution(workflowId: string, loaded: IDataObject, items: INodeExecutionData[]) {
		const node = { id: 'node-1', name: 'Trigger', type: 'test.trigger', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
		const wf = new workflow.Workflow({
			id: workflowId,
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes: { getByName: () => undefined, getByNameAndVersion: () => undefined, getKnownTypes: () => ({}) } as never,
			staticData: JSON.parse(JSON.stringify(loaded)) as IDataObject,
		});
		const ctx = {
			getWorkflow: () => ({ id: workflowId }),
			getNode: () => node,
			getMode: () => 'webhook',
			getInputData: () => items,
			getWorkflowStaticData: (type: 'node') => wf.getStaticData(type, node),
		} as unknown as IExecuteFunctions;
		return { ctx, wf };
	}

	it("execute() puts the record into the execution's copy without marking it changed: no second save per delivery", async () => {
		const wf = `wf-${++workflowSeq}`;
		const webhook = request(wf, { productionUrl: 'http://n8n/webhook/x' });
		const m = mark('exec');
		expect(await checkAndRecord(webhook.ctx, m, settings())).toBe(false);
		// The execution's copy was loaded before the webhook path saved: it lacks the id.
		const run = execution(wf, { 'node:Trigger': { productionUrl: 'http://n8n/webhook/x' } }, [withMark({ json: { a: 1 } }, m)]);
		const out = persistInExecution(run.ctx, settings());
		expect(out).toEqual([{ json: { a: 1 } }]);
		expect(run.wf.staticData.__dataChanged).toBe(false);
		// Should a later node change static data, n8n's save carries the record with the id.
		const saved = JSON.parse(JSON.stringify(run.wf.staticData)) as IDataObject;
		expect(readRecord(saved['node:Trigger'] as IDataObject).map(([key]) => key)).toEqual(keys('exec'));
	});

	it('keeps 1,000 deliveries as one short string (n8n wraps nested objects and arrays per load)', async () => {
		const wf = `wf-${++workflowSeq}`;
		let copy: IDataObject = {};
		for (let i = 0; i < 1000; i++) {
			const r = request(wf, copy);
			// Long ids, as the services send (UUIDs and longer).
			expect(await checkAndRecord(r.ctx, mark(`${i}-${'x'.repeat(60)}-0b9f6c1e-7a55-4d2a-9f3e-2c1d8e7b6a5f`), settings())).toBe(false);
			copy = JSON.parse(JSON.stringify(r.data)) as IDataObject;
		}
		expect(typeof copy.processedDeliveries).toBe('string');
		expect(readRecord(copy)).toHaveLength(1000);
		// 12-character key + 2 base-36 digits of ms per entry, plus a group header per second.
		expect(JSON.stringify(copy).length).toBeLessThan(15_000);
	});

	it('stores every anchor to the millisecond (trims order entries alike in every process)', () => {
		const base = Date.UTC(2026, 11, 4, 12, 0, 0);
		const anchors = [base, base + 1, base + 999, base + 1000, base + 61_234, null, base - 5_001];
		const record = new Map(anchors.map((anchor, i) => [recordKey(`id:exact-${i}`), anchor]));
		const data: IDataObject = {};
		write(data, record);
		expect(data.processedDeliveries).toMatch(/^v3:/);
		expect(readRecord(JSON.parse(JSON.stringify(data)) as IDataObject)).toEqual(expect.arrayContaining([...record]));
		expect(readRecord(data)).toHaveLength(anchors.length);
	});

	it('reads the record of the previous version (v2: 16-character keys and base-36 ms)', async () => {
		const wf = `wf-${++workflowSeq}`;
		const now = Date.now();
		const v2Key = createHash('sha256').update('id:stored-by-v2').digest('base64url').slice(0, 16);
		const old = { processedDeliveries: `v2:${v2Key}.${now.toString(36)}` };
		expect(readRecord(old)).toEqual([[recordKey('id:stored-by-v2'), now]]);
		expect(await checkAndRecord(request(wf, old).ctx, mark('stored-by-v2'), settings())).toBe(true);
		expect(await checkAndRecord(request(wf, old).ctx, mark('not-stored'), settings())).toBe(false);
	});

	it('reads the record of earlier versions ({ keys, anchors } with readable keys)', async () => {
		const wf = `wf-${++workflowSeq}`;
		const old = { processedDeliveries: { keys: ['id:before'], anchors: [Date.now()] } };
		expect(await checkAndRecord(request(wf, old).ctx, mark('before'), settings())).toBe(true);
	});
});

describe('shared duplicate record: the back-off', () => {
	it('a new delivery whose loaded copy lacks nothing else answers without the back-off', async () => {
		const wf = `wf-${++workflowSeq}`;
		const first = request(wf, {});
		expect(await checkAndRecord(first.ctx, mark('one'), settings())).toBe(false);
		const saved = JSON.parse(JSON.stringify(first.data)) as IDataObject;
		await answered();
		const sleep = jest.spyOn(workflow, 'sleep');
		jest.spyOn(Math, 'random').mockReturnValue(0.99);
		expect(await checkAndRecord(request(wf, saved).ctx, mark('two'), settings())).toBe(false);
		// sleep(1) is the mark loop's turn; the back-off would be sleep(20) here.
		expect(sleep.mock.calls.filter(([ms]) => ms > 1)).toEqual([]);
		jest.restoreAllMocks();
	});
});

describe('shared duplicate record: keeping unanswered copies marked where the whole static data is not at hand (timer turns)', () => {
	it('one timer turn per millisecond serves every request in flight, and each copy stays marked until its answer is out', async () => {
		const wf = `wf-${++workflowSeq}`;
		const sleep = jest.spyOn(workflow, 'sleep');
		const responses = Array.from({ length: 10 }, () => ({ writableEnded: false, destroyed: false }));
		const copies: IDataObject[] = [];
		for (const [i, res] of responses.entries()) {
			const r = request(wf, {});
			(r.ctx as unknown as { getResponseObject: () => unknown }).getResponseObject = () => res;
			expect(await checkAndRecord(r.ctx, mark(`in-flight-${i}`), settings())).toBe(false);
			copies.push(r.data);
		}
		// n8n's run preparation resets the mark (here: the record is taken away); the next turn puts it back.
		for (const copy of copies) delete copy.processedDeliveries;
		const started = Date.now();
		await new Promise((resolve) => setTimeout(resolve, 30));
		const turns = sleep.mock.calls.length;
		const elapsed = Date.now() - started;
		for (const copy of copies) expect(readRecord(copy)).toHaveLength(10);
		// A timer per request would take about 10 turns per millisecond.
		expect(turns).toBeLessThanOrEqual(elapsed + 5);
		for (const res of responses) res.writableEnded = true;
		await new Promise((resolve) => setTimeout(resolve, 10));
		const after = sleep.mock.calls.length;
		await new Promise((resolve) => setTimeout(resolve, 10));
		// Nothing in flight: the timer stops.
		expect(sleep.mock.calls.length).toBe(after);
		jest.restoreAllMocks();
	});
});

describe("shared duplicate record: marked again right after n8n's reset, where the request's whole static data is at hand", () => {
	afterEach(() => jest.restoreAllMocks());

	it('a reset of the flag (a new Workflow over the same static data) is followed by a new mark before any I/O, with no timer turns; none once answered', async () => {
		const sleep = jest.spyOn(workflow, 'sleep');
		const { root, data, res, ctx } = rootedRequest(`wf-${++workflowSeq}`);
		expect(await checkAndRecord(ctx, mark('reset-then-marked'), settings())).toBe(false);
		expect(root.__dataChanged).toBe(true);
		// n8n's WorkflowRunner.run (establishContextForPersistence): a new Workflow over the same object.
		const reset = () => workflow.ObservableObject.create(root, undefined, { ignoreEmptyOnFirstChild: true });
		reset();
		expect(root.__dataChanged).toBe(false);
		await Promise.resolve();
		await Promise.resolve();
		expect(root.__dataChanged).toBe(true);
		expect(keysOf(data)).toEqual(keys('reset-then-marked'));
		expect(sleep).not.toHaveBeenCalled();
		// n8n saves (its flag goes false), then answers: later resets are left alone and the part is a plain value again.
		root.__dataChanged = false;
		res.writableEnded = true;
		res.emit('finish');
		reset();
		await new Promise((resolve) => setTimeout(resolve, 5));
		expect(root.__dataChanged).toBe(false);
		expect(Object.getOwnPropertyDescriptor(root, 'node:Trigger')).toMatchObject({ writable: true, enumerable: true });
		expect(JSON.parse(JSON.stringify(root))['node:Trigger']).toEqual(JSON.parse(JSON.stringify(data)));
	});
});

describe("shared duplicate record: a copy marked after n8n's resets is saved with what the process recorded until then", () => {
	it("a request's save carries the ids of requests this process accepted after that request's reset (its record is read when n8n serialises it)", async () => {
		const wf = `wf-${++workflowSeq}`;
		const requests = [rootedRequest(wf), rootedRequest(wf)];
		const [first, second] = requests;
		expect(await checkAndRecord(first.ctx, mark('accepted-first'), settings())).toBe(false);
		workflow.ObservableObject.create(first.root, undefined, { ignoreEmptyOnFirstChild: true });
		await Promise.resolve();
		// Accepted after the first request's reset, before its save.
		expect(await checkAndRecord(second.ctx, mark('accepted-second'), settings())).toBe(false);
		const saved = JSON.parse(JSON.stringify(first.root)) as IDataObject;
		expect(keysOf(saved['node:Trigger'] as IDataObject)).toEqual(keys('accepted-first', 'accepted-second'));
		for (const { res } of requests) {
			res.writableEnded = true;
			res.emit('finish');
		}
	});
});

describe('shared duplicate record: the back-off is for copies another process saved', () => {
	afterEach(() => jest.restoreAllMocks());

	it("a new delivery whose copy is this process's own earlier save answers without the back-off, and its write carries every id", async () => {
		const wf = `wf-${++workflowSeq}`;
		const first = request(wf, {});
		expect(await checkAndRecord(first.ctx, mark('one'), settings())).toBe(false);
		const savedByFirst = JSON.parse(JSON.stringify(first.data)) as IDataObject;
		// The next request's save lands (its id is answered, no longer pending) ...
		expect(await checkAndRecord(request(wf, savedByFirst).ctx, mark('two'), settings())).toBe(false);
		await answered();
		// ... after this request loaded: its copy is the first save, without 'two'.
		const sleep = jest.spyOn(workflow, 'sleep');
		jest.spyOn(Math, 'random').mockReturnValue(0.99);
		const late = request(wf, savedByFirst);
		expect(await checkAndRecord(late.ctx, mark('three'), settings())).toBe(false);
		expect(sleep.mock.calls.filter(([ms]) => ms > 1)).toEqual([]);
		expect(keysOf(late.data)).toEqual(keys('one', 'two', 'three'));
		jest.restoreAllMocks();
	});

	it('a new delivery whose copy another process saved without an id of this process still backs off', async () => {
		const wf = `wf-${++workflowSeq}`;
		expect(await checkAndRecord(request(wf, {}).ctx, mark('ours'), settings())).toBe(false);
		await answered();
		const theirs = { processedDeliveries: { keys: ['id:theirs'], anchors: [Date.now()] } };
		const sleep = jest.spyOn(workflow, 'sleep');
		jest.spyOn(Math, 'random').mockReturnValue(0.99);
		const r = request(wf, theirs);
		expect(await checkAndRecord(r.ctx, mark('new'), settings())).toBe(false);
		expect(sleep.mock.calls.filter(([ms]) => ms > 1)).toEqual([[20]]);
		expect(keysOf(r.data)).toEqual(keys('ours', 'theirs', 'new'));
		jest.restoreAllMocks();
	});
});

describe("shared duplicate record: a copy this process saved is read from the trim log, not decoded", () => {
	const small = (): DedupSettings => ({ maxEntries: 2, toleranceMs: 300_000, now: Date.now() });
	const at = (id: string, anchor: number) => ({ key: `id:${id}`, anchor });
	/** Accepts 'a' then 'b' (each request loading the previous save); the copy saved after 'b'. */
	async function acceptAB(wf: string, base: number): Promise<IDataObject> {
		const first = request(wf, {});
		expect(await checkAndRecord(first.ctx, at('a', base), small())).toBe(false);
		const second = request(wf, JSON.parse(JSON.stringify(first.data)) as IDataObject);
		expect(await checkAndRecord(second.ctx, at('b', base + 1), small())).toBe(false);
		return JSON.parse(JSON.stringify(second.data)) as IDataObject;
	}

	it('a delivery the record pushed out since that save is still refused; a new one runs', async () => {
		const wf = `wf-${++workflowSeq}`;
		const base = Date.now();
		const holdsAB = await acceptAB(wf, base);
		expect(keysOf(holdsAB)).toEqual(keys('a', 'b'));
		// 'c' pushes 'a' (the oldest) out of this process's record.
		const third = request(wf, holdsAB);
		expect(await checkAndRecord(third.ctx, at('c', base + 2), small())).toBe(false);
		expect(keysOf(third.data)).toEqual(keys('b', 'c'));
		await answered();
		// A request that loaded the save holding a and b: 'a' is a replay of an accepted delivery.
		expect(await checkAndRecord(request(wf, holdsAB).ctx, at('a', base), small())).toBe(true);
		expect(await checkAndRecord(request(wf, holdsAB).ctx, at('d', base + 3), small())).toBe(false);
	});

	it('when more was pushed out since that save than the log keeps, the copy is decoded instead: same answers', async () => {
		const wf = `wf-${++workflowSeq}`;
		const base = Date.now();
		const holdsAB = await acceptAB(wf, base);
		let copy = holdsAB;
		for (let i = 0; i < 300; i++) {
			const r = request(wf, copy);
			expect(await checkAndRecord(r.ctx, at(`later-${i}`, base + 2 + i), small())).toBe(false);
			copy = JSON.parse(JSON.stringify(r.data)) as IDataObject;
		}
		await answered();
		expect(await checkAndRecord(request(wf, holdsAB).ctx, at('a', base), small())).toBe(true);
		expect(await checkAndRecord(request(wf, holdsAB).ctx, at('new', base + 400), small())).toBe(false);
	});
});
