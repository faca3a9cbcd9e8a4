/**
 * Helpers of the queue-mode end-to-end suite (jest.e2e-queue.config.js). The e2e helpers of
 * test/e2e/helpers work unchanged here (the global setup writes their state file, with nginx's
 * address as the n8n URL); these add what queue mode needs:
 *
 *   const cluster = queueCluster();                       // scripts/runner/queue.js handle
 *   const wf = await activeWorkflow(api, contactsTrigger(signer.parameters()));
 *   const answer = await send(`${cluster.url}/webhook/${wf.webhookPath}`, body, headers);
 *   answer.processor                                      // 0 or 1: which webhook processor answered
 *   const runs = await settledExecutions(cluster, wf.id, { atLeast: 400 });
 *   runs.perDelivery.get(id)                              // the executions that carry delivery `id`
 */
import { randomBytes, randomUUID } from 'crypto';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { e2eState, type N8nApi } from '../e2e/helpers/e2e';
import { sleep } from '../e2e/helpers/triggers';

const runner = require('../../scripts/runner');
const { openQueueCluster } = require('../../scripts/runner/queue');

export interface QueueCluster {
	url: string;
	dir: string;
	ports: { nginx: number; main: number; webhooks: Array<{ port: number }>; workers: Array<{ health: number }> };
	sql(query: string): Promise<string[][]>;
	webhookUrl(i: number): string;
	pid(name: string): number | undefined;
	restart(role: 'main' | 'worker' | 'webhook', i?: number, options?: RestartOptions): Promise<{ shutdownSeconds: number; startSeconds?: number }>;
	restartWebhook(i: number, options?: RestartOptions): Promise<{ shutdownSeconds: number; startSeconds?: number }>;
}

export interface RestartOptions {
	signal?: 'SIGTERM' | 'SIGKILL';
	restart?: boolean;
	graceMs?: number;
}

let cluster: QueueCluster | undefined;
export function queueCluster(): QueueCluster {
	if (cluster) return cluster;
	const state = e2eState() as ReturnType<typeof e2eState> & { queue?: { dir: string } };
	if (!state.queue) throw new Error('not a queue-mode state file: run this suite with `npm run test:e2e:queue`');
	cluster = openQueueCluster(state.queue.dir) as QueueCluster;
	return cluster;
}

/** A tag unique to this run, so ids of one test never match another's. */
export function runTag(prefix: string): string {
	return `${prefix}${randomBytes(4).toString('hex')}`;
}

const versions = new Map<string, number>();
/** The newest typeVersion n8n lists for a node type (what the editor adds). */
export async function latestVersion(api: N8nApi, type: string): Promise<number> {
	if (versions.size === 0) {
		for (const node of await api.nodeTypes()) {
			const list = Array.isArray(node.version) ? node.version : [node.version];
			versions.set(node.name, Math.max(...list, versions.get(node.name) ?? 0));
		}
	}
	const version = versions.get(type);
	if (version === undefined) throw new Error(`n8n does not list the node type ${type}`);
	return version;
}

export interface StartNode {
	/** Full node type, e.g. `n8n-nodes-contacts-api.contactsApiTrigger` or `n8n-nodes-base.webhook`. */
	type: string;
	parameters: INodeParameters;
	credentials?: Record<string, string>;
	/** The path after /webhook/ given the node's webhookId. */
	webhookPath(webhookId: string): string;
	/** Overrides the newest version. */
	typeVersion?: number;
}

/**
 * The pack's Contacts API Trigger (webhook at <webhookId>/webhook), at its newest version, which
 * keeps the public keys under Options: keys given as main parameters (the signer's, the shape
 * of versions 1 and 2) are moved there.
 */
export function contactsTrigger(parameters: INodeParameters): StartNode {
	const { ed25519PublicKey, rsaPublicKey, options, ...rest } = parameters;
	const keys = Object.fromEntries(Object.entries({ ed25519PublicKey, rsaPublicKey }).filter(([, value]) => value !== undefined));
	return {
		type: runner.fullType('contactsApiTrigger'),
		parameters: { ...rest, options: { ...((options as INodeParameters | undefined) ?? {}), ...keys } },
		webhookPath: (id) => `${id}/webhook`,
	};
}

/** The pack's Callbell Trigger. */
export function callbellTrigger(parameters: INodeParameters, credentialId: string): StartNode {
	return { type: runner.fullType('callbellTrigger'), parameters, credentials: { callbellApi: credentialId }, webhookPath: (id) => `${id}/webhook` };
}

/** n8n's own Webhook node (POST, answers when the execution was taken): the control. */
export function webhookNode(): StartNode {
	const path = randomUUID();
	return {
		type: 'n8n-nodes-base.webhook',
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
		webhookPath: () => path,
	};
}

export interface ActiveWorkflow {
	id: string;
	webhookId: string;
	webhookPath: string;
	startName: string;
}

/**
 * Creates `start → NoOp` and activates it (on main, which registers the webhook in the
 * database for the webhook processors); with `probe`, waits until every base URL (default:
 * both webhook processors, straight) routes the path (any answer but 404 to `probe`'s request).
 */
export async function activeWorkflow(
	api: N8nApi,
	start: StartNode,
	{ name = `e2e-queue ${start.type}`, probe }: { name?: string; probe?: { body: string; headers?: Record<string, string>; baseUrls?: string[] } } = {},
): Promise<ActiveWorkflow> {
	const webhookId = randomUUID();
	const startName = 'Start';
	const created = await api.createWorkflow({
		name: `${name} ${new Date().toISOString()}`,
		nodes: [
			{
				id: randomUUID(),
				name: startName,
				type: start.type,
				typeVersion: start.typeVersion ?? (await latestVersion(api, start.type)),
				position: [0, 0],
				webhookId,
				parameters: start.parameters,
				...(start.credentials ? { credentials: Object.fromEntries(Object.entries(start.credentials).map(([t, id]) => [t, { id, name: '' }])) } : {}),
			},
			{ id: randomUUID(), name: 'Next', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
		connections: { [startName]: { main: [[{ node: 'Next', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
	});
	const wf = { id: String(created.id), webhookId, webhookPath: start.webhookPath(webhookId), startName };
	await api.activateWorkflow(wf.id);
	if (probe) {
		const baseUrls = probe.baseUrls ?? queueCluster().ports.webhooks.map((_, i) => queueCluster().webhookUrl(i));
		for (const base of baseUrls) {
			const deadline = Date.now() + 30000;
			for (;;) {
				const answer = await send(`${base}/webhook/${wf.webhookPath}`, probe.body, probe.headers);
				if (answer.status !== 404) break;
				if (Date.now() > deadline) throw new Error(`${base} still answers 404 for ${wf.webhookPath}`);
				await sleep(200);
			}
		}
	}
	return wf;
}

export interface Answer {
	status: number;
	body: any;
	/** Index of the webhook processor that answered (from nginx's X-Upstream-Addr), if known. */
	processor?: number;
	/** Milliseconds from send to answer. */
	ms: number;
}

/** POSTs exact bytes; a connection error is status 0 (never thrown). */
export async function send(url: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
	const t0 = Date.now();
	try {
		const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
		const text = await res.text();
		let parsed: unknown = text;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			/* keep the text */
		}
		const upstream = res.headers.get('x-upstream-addr') ?? '';
		const port = Number(upstream.split(',').pop()?.trim().split(':').pop());
		const index = cluster ? cluster.ports.webhooks.findIndex((w) => w.port === port) : -1;
		return { status: res.status, body: parsed, processor: index >= 0 ? index : undefined, ms: Date.now() - t0 };
	} catch (error) {
		return { status: 0, body: String((error as Error).cause ?? error), ms: Date.now() - t0 };
	}
}

/** Runs fn over items with at most `concurrency` at a time; results in item order. */
export async function pool<T, R>(items: T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(items.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(concurrency, items.length) }, async () => {
			while (next < items.length) {
				const i = next++;
				results[i] = await fn(items[i], i);
			}
		}),
	);
	return results;
}

export interface ExecutionRow {
	id: string;
	status: string;
	/** The execution's workflow (set by `executionIndex`). */
	workflowId?: string;
	/** The delivery ids (matches of the tag) found in the execution's stored data. */
	deliveries: string[];
}

export interface ExecutionIndex {
	/** Every execution of the workflows. */
	executions: ExecutionRow[];
	byStatus: Record<string, number>;
	/** The executions that carry a delivery id of this tag, and their statuses. */
	tagged: ExecutionRow[];
	taggedByStatus: Record<string, number>;
	/** delivery id → the executions whose data carries it */
	perDelivery: Map<string, ExecutionRow[]>;
}

/**
 * Every execution of the workflows, read from PostgreSQL, with the delivery ids
 * (`<tag>-<n>`) its stored data carries.
 */
export async function executionIndex(workflowIds: string[], tag: string): Promise<ExecutionIndex> {
	if (!/^[a-z0-9]+$/.test(tag) || !workflowIds.every((id) => /^[A-Za-z0-9]+$/.test(id))) throw new Error('unsafe tag or workflow id');
	const rows = await queueCluster().sql(
		`SELECT e.id, e.status, COALESCE(string_agg(DISTINCT m[1], ','), ''), e."workflowId"
		   FROM execution_entity e
		   LEFT JOIN execution_data d ON d."executionId" = e.id
		   LEFT JOIN LATERAL regexp_matches(d.data, '(${tag}-[0-9]+)', 'g') AS m ON true
		  WHERE e."workflowId" IN (${workflowIds.map((id) => `'${id}'`).join(',')})
		  GROUP BY e.id, e.status, e."workflowId" ORDER BY e.id`,
	);
	return buildIndex(rows.map(([id, status, ids, workflowId]) => ({ id, status, workflowId, deliveries: ids ? ids.split(',') : [] })));
}

/** Indexes executions by the delivery ids they carry. */
export function buildIndex(executions: ExecutionRow[]): ExecutionIndex {
	const countStatus = (list: ExecutionRow[]) => list.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.status]: (acc[e.status] ?? 0) + 1 }), {});
	const perDelivery = new Map<string, ExecutionRow[]>();
	for (const e of executions) {
		for (const d of e.deliveries) perDelivery.set(d, [...(perDelivery.get(d) ?? []), e]);
	}
	const tagged = executions.filter((e) => e.deliveries.length > 0);
	return { executions, byStatus: countStatus(executions), tagged, taggedByStatus: countStatus(tagged), perDelivery };
}

/**
 * Waits until the workflows have at least `atLeast` executions and none is new/running for
 * `quietMs` (late or stuck ones show up), then returns the index. On timeout it returns the
 * index as it is, so the test's expectations report what is wrong.
 */
export async function settledExecutions(workflowIds: string[], tag: string, { atLeast = 0, quietMs = 3000, timeoutMs = 120000 } = {}): Promise<ExecutionIndex> {
	// atLeast counts the executions of this tag.
	const deadline = Date.now() + timeoutMs;
	let quietSince: number | undefined;
	let last = -1;
	for (;;) {
		const index = await executionIndex(workflowIds, tag);
		const open = (index.byStatus.new ?? 0) + (index.byStatus.running ?? 0) + (index.byStatus.waiting ?? 0);
		const count = index.tagged.length;
		if (open === 0 && count >= atLeast && count === last) {
			quietSince ??= Date.now();
			if (Date.now() - quietSince >= quietMs) return index;
		} else {
			quietSince = undefined;
		}
		last = count;
		if (Date.now() > deadline) return index;
		await sleep(500);
	}
}

/** Counts answers by status (plus the body's `status` and a `duplicate` flag for 200s), for the test's log. */
export function tally(answers: Answer[]): Record<string, number> {
	const out: Record<string, number> = {};
	for (const a of answers) {
		const body = a.status === 200 && a.body && typeof a.body === 'object' ? (a.body as IDataObject) : {};
		const key = [String(a.status), body.status, body.duplicate === true ? 'duplicate' : undefined].filter((p) => typeof p === 'string').join(' ');
		out[key] = (out[key] ?? 0) + 1;
	}
	return out;
}

/** One line of the suite's printed report (jest shows console output per file). */
export function report(line: string): void {
	process.stderr.write(`[e2e-queue] ${line}\n`);
}

export type Sent = Answer & { id: string };

/** The body of n8n's 200 while a starting process is not marked migrated yet. */
export const STARTING_UP = 'n8n is starting up. Please wait';

/** Sends make(n) every 1000/rate ms without waiting for answers; stop() resolves to all answers. */
export function stream(rate: number, make: (n: number) => Promise<Sent>): { stop(): Promise<Sent[]> } {
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

/**
 * The verdict on one stream: deliveries answered 2xx without an execution (lost), with more
 * than one, with one that did not finish with success; executions left new/running (stuck).
 */
export function verdict(sent: Sent[], index: ExecutionIndex) {
	// n8n itself answers 200 "n8n is starting up. Please wait" to any request that reaches a
	// process whose database is connected but not yet marked migrated (abstract-server.js),
	// before any workflow or node sees it: the same for every start node, and not an answer of
	// the workflow. Counted and printed apart (see the README's queue-mode section).
	const startingUp = sent.filter((s) => s.status === 200 && s.body === STARTING_UP);
	const acked = sent.filter((s) => s.status >= 200 && s.status < 300 && s.body !== STARTING_UP);
	const runsOf = (s: Sent) => index.perDelivery.get(s.id) ?? [];
	const lostAnswers = acked.filter((s) => runsOf(s).length === 0);
	return {
		sent: sent.length,
		acked: acked.length,
		startingUp: startingUp.length,
		answers: tally(sent),
		executions: index.taggedByStatus,
		lost: lostAnswers.map((s) => s.id),
		lostAnswers,
		twice: acked.filter((s) => runsOf(s).length > 1).map((s) => s.id),
		unfinished: acked.filter((s) => runsOf(s).some((e) => e.status !== 'success')).map((s) => s.id),
		stuck: index.tagged.filter((e) => ['new', 'running', 'waiting'].includes(e.status)).map((e) => e.id),
	};
}

/** Prints a verdict (and the first lost answers) on the suite's report lines. */
export function reportVerdict(label: string, v: ReturnType<typeof verdict>): void {
	report(
		`  ${label}: sent ${v.sent}, answered 2xx ${v.acked} (+ ${v.startingUp} × n8n's 200 "${STARTING_UP}"), answers ${JSON.stringify(v.answers)}, executions ${JSON.stringify(v.executions)}; ` +
			`acknowledged but lost ${v.lost.length}, run twice ${v.twice.length}, not finished ${v.unfinished.length}, stuck ${v.stuck.length}`,
	);
	for (const a of v.lostAnswers.slice(0, 3)) report(`    lost: ${a.id} answered ${a.status} ${JSON.stringify(a.body)} by processor ${a.processor} in ${a.ms} ms`);
}
