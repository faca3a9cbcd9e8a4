/**
 * Drives webhook trigger nodes the way n8n 2.x serves production webhooks (n8n-io/n8n
 * packages/cli/src/webhooks/live-webhooks.ts + webhook-helpers.ts + middlewares/body-parser.ts,
 * and ActiveWorkflowManager for activation), over real HTTP on 127.0.0.1:
 *
 * 1. Workflow: [Trigger] → [Sink] (a pass-through that can be held, see `gate`). The trigger
 *    node is loaded on its own from its TypeScript source, so a half-written sibling node
 *    elsewhere in the pack cannot break these tests. Credentials come from the test through
 *    one TestCredentialsHelper (`credentialsHelper`, which tests may update).
 * 2. Static data lives in a "database" (a StaticDataStore): every request and every
 *    activation rebuilds the workflow with the static data loaded from it, like LiveWebhooks
 *    and ActiveWorkflowManager do, and saves it when done. Pass the same store to a second
 *    server to model a restart or another n8n process.
 * 3. `activate()` runs the node's webhookMethods through n8n-core's HookContext in
 *    ActiveWorkflowManager's order (checkExists → create for every webhook; on a failure,
 *    delete for every webhook, then the error); `deactivate()` runs delete and stops
 *    serving (404). `lifecycle()` runs one of those methods alone. The server answers from
 *    the start, as for a workflow that is already active.
 * 4. A request is matched by method and path to one of the node's webhooks (anything else:
 *    404). `req.readRawBody()` / `req.rawBody` behave as n8n's rawBodyReader; the body is
 *    then parsed like n8n's parseBody (application/json → jsonParse, a failure answers 422
 *    before the node runs; text/plain → string; other types untouched).
 * 5. n8n-core's real WebhookContext is built around the express-like req/res and the node's
 *    `webhook()` is called. The answer follows n8n: `noWebhookResponse` → the node answered;
 *    no `workflowData` → 200 with `webhookResponse` or {"message":"Webhook call received"};
 *    with `workflowData` and `noWebhookResponse` static data is saved and the execution
 *    started; with `workflowData` alone the run is prepared first (which resets the static
 *    data's "changed" flag and reloads static data from the database for the execution), the
 *    execution is created, then static data is saved if marked as changed again, and only
 *    then does n8n answer (mode onReceived: `responseData` 'noData' → empty, a non-empty value
 *    literally, '' → `webhookResponse`). At the end of an execution static data is saved if the
 *    execution changed it. `queueMode` runs executions on a modelled worker with empty static
 *    data. A throwing node gets 500 "Workflow Webhook Error: Workflow could not be started!".
 * 6. The execution runs through n8n-core's WorkflowExecute, starting from the trigger with
 *    the webhook's output, as WorkflowRunner does.
 * 7. The production URLs the node is given are n8n's WEBHOOK_URL + "webhook"; by default
 *    this server's own address, or `webhookBaseUrl` (then `listeningUrl()` says where the
 *    server really listens).
 *
 * Deduplication helpers: n8n-core ships DataDeduplicationService and the helper functions
 * its Execute context uses, but the deduplicator behind them (the CLI's DeduplicationHelper
 * over the `processed_data` table) needs the CLI and a database. This harness initialises
 * the real DataDeduplicationService with InMemoryDeduplicator, a same-interface in-memory
 * stand-in that mirrors the CLI's 'entries' semantics (md5 of the value, one record per
 * workflow and context `n:<nodeId>`, maxEntries trimming, read-modify-write with an await
 * in between like a database round trip). n8n 2.41's WebhookContext does not expose these
 * helpers; `exposeDeduplicationHelpers: true` attaches them the way ExecuteContext does, to
 * exercise the code path for an n8n that offers them to webhooks.
 */
import { randomUUID, createHash } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { DataDeduplicationService, ExecutionLifecycleHooks, HookContext, WebhookContext } from 'n8n-core';
import { getDeduplicationHelperFunctions } from 'n8n-core/dist/execution-engine/node-execution-context/utils/deduplication-helper-functions';
import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IConnections,
	ICredentialDataDecryptedObject,
	IDataDeduplicator,
	IDataObject,
	IDeduplicationOutput,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IRun,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
} from 'n8n-workflow';
import { jsonParse, NodeHelpers, Workflow } from 'n8n-workflow';

import {
	buildAdditionalData,
	credentialRefs,
	executeWorkflow,
	PACKAGE,
	passThroughNode,
	TestCredentialsHelper,
	TestNodeTypes,
} from './engine';
import { packNodeClass } from './pack';

const TRIGGER = 'Trigger';
const SINK = 'Sink';
/** n8n's default N8N_PAYLOAD_SIZE_MAX is 16 (MiB). */
const PAYLOAD_SIZE_MAX = 16 * 1024 * 1024;

/** A database round trip; a few milliseconds let concurrent requests interleave. */
const roundTrip = async (latencyMs: number) =>
	await new Promise<void>((resolve) => (latencyMs > 0 ? setTimeout(resolve, latencyMs) : setImmediate(resolve)));

/**
 * The `staticData` column of the workflow table: JSON per workflow id. Reads return the
 * row as it was when the query ran, after a round trip, like the workflow query LiveWebhooks
 * makes per request; so concurrent requests can work on the same stale copy, as in n8n.
 */
export class StaticDataStore {
	private readonly rows = new Map<string, string>();

	async query(workflowId: string, latencyMs = 0): Promise<IDataObject> {
		const row = this.load(workflowId);
		await roundTrip(latencyMs);
		return row;
	}

	load(workflowId: string): IDataObject {
		const row = this.rows.get(workflowId);
		return row === undefined ? {} : (JSON.parse(row) as IDataObject);
	}

	/** WorkflowStaticDataService.saveStaticData: writes only when the data changed. */
	save(workflow: Workflow): void {
		if (workflow.staticData.__dataChanged !== true) return;
		this.rows.set(workflow.id, JSON.stringify(workflow.staticData));
		workflow.staticData.__dataChanged = false;
	}

	/**
	 * The same as n8n does it on the webhook path: the copy is serialised when the UPDATE is
	 * built, the row changes after the database round trip, and only then is the flag reset.
	 */
	async saveAfter(workflow: Workflow, latencyMs: number): Promise<void> {
		if (workflow.staticData.__dataChanged !== true) return;
		const text = JSON.stringify(workflow.staticData);
		await roundTrip(latencyMs);
		this.rows.set(workflow.id, text);
		workflow.staticData.__dataChanged = false;
		this.saves++;
	}

	/** Saves made by `saveAfter` (the webhook path's saves before an answer that started an execution). */
	saves = 0;

	peek(workflowId: string): IDataObject {
		return this.load(workflowId);
	}

	/**
	 * Another process's save of the copy it loaded earlier (`data`, from `peek`): whole-object,
	 * last writer wins, so whatever was saved since is gone from the row.
	 */
	overwrite(workflowId: string, data: IDataObject): void {
		this.rows.set(workflowId, JSON.stringify(data));
	}
}

/** The `processed_data` table: value per `${workflowId}|${context}`. */
export type ProcessedDataTable = Map<string, { mode: string; data: string[] }>;

/** In-memory IDataDeduplicator with the CLI DeduplicationHelper's 'entries' behaviour. */
export class InMemoryDeduplicator implements IDataDeduplicator {
	latencyMs = 0;

	constructor(public table: ProcessedDataTable) {}

	private static row(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
		const context = scope === 'node' ? `n:${contextData.node?.id}` : '';
		return `${contextData.workflow.id}|${context}`;
	}

	private static hash(value: DeduplicationItemTypes): string {
		return createHash('md5').update(value.toString()).digest('base64');
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		if (options.mode !== 'entries') throw new Error('InMemoryDeduplicator supports mode "entries" only');
		const row = InMemoryDeduplicator.row(scope, contextData);
		const stored = this.table.get(row);
		await roundTrip(this.latencyMs); // between the read and the write, like the CLI's findOne + update
		const data = [...(stored?.data ?? [])];
		const out: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			const hash = InMemoryDeduplicator.hash(item);
			if (data.includes(hash)) out.processed.push(item);
			else {
				out.new.push(item);
				data.push(hash);
			}
		}
		if (options.maxEntries) data.splice(0, data.length - options.maxEntries);
		this.table.set(row, { mode: options.mode, data });
		return out;
	}

	async removeProcessed(items: DeduplicationItemTypes[], scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<void> {
		const row = InMemoryDeduplicator.row(scope, contextData);
		const hashes = new Set(items.map(InMemoryDeduplicator.hash));
		const stored = this.table.get(row);
		if (stored) stored.data = stored.data.filter((hash) => !hashes.has(hash));
	}

	async clearAllProcessedItems(scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<void> {
		this.table.delete(InMemoryDeduplicator.row(scope, contextData));
	}

	async getProcessedDataCount(scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<number> {
		return this.table.get(InMemoryDeduplicator.row(scope, contextData))?.data.length ?? 0;
	}
}

const defaultTable: ProcessedDataTable = new Map();
let deduplicator: InMemoryDeduplicator | undefined;

/** Points this process's DataDeduplicationService at a processed-data table (init once, like n8n's start). */
function useProcessedDataTable(table: ProcessedDataTable, latencyMs: number): void {
	if (!deduplicator) {
		deduplicator = new InMemoryDeduplicator(table);
		void DataDeduplicationService.init(deduplicator);
	}
	deduplicator.table = table;
	deduplicator.latencyMs = latencyMs;
}

/** Holds every execution at the Sink until released; proves the answer does not wait for the run. */
class Gate {
	private release: () => void = () => undefined;
	promise: Promise<void> = Promise.resolve();

	close(): void {
		this.promise = new Promise((resolve) => (this.release = resolve));
	}

	open(): void {
		this.release();
		this.promise = Promise.resolve();
	}
}

const loadedNodes = new Map<string, new () => INodeType>();

/**
 * Requires a node's module now. Call it inside jest.isolateModules to give a modelled
 * "other process" its own copy (module state such as caches is not shared).
 */
export function preloadNode(type: string): new () => INodeType {
	const NodeClass = packNodeClass(type);
	loadedNodes.set(type, NodeClass);
	return NodeClass;
}

/** The node as a queue-mode worker has it: another process, so a copy of its module that shares no state. */
function workerNodeClass(type: string): new () => INodeType {
	let NodeClass: (new () => INodeType) | undefined;
	jest.isolateModules(() => {
		NodeClass = packNodeClass(type);
	});
	return NodeClass!;
}

function loadPackNode(type: string): INodeType {
	const NodeClass = loadedNodes.get(type) ?? preloadNode(type);
	return new NodeClass();
}

export interface WebhookServerOptions {
	/** Node type without package prefix, e.g. 'contactsApiTrigger'. */
	type: string;
	/** The trigger node's typeVersion (default 2). */
	typeVersion?: number;
	parameters: INodeParameters;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Shared "database" column; pass the same store to two servers to model a restart or two n8n processes. */
	staticData?: StaticDataStore;
	/** Shared processed_data table for the deduplication helpers. */
	processedData?: ProcessedDataTable;
	/** Attach n8n's deduplication helpers to the webhook context (n8n 2.41 does not). */
	exposeDeduplicationHelpers?: boolean;
	/** Database round-trip time for static data and processed_data (default: next event-loop turn). */
	dbLatencyMs?: number;
	workflowId?: string;
	nodeId?: string;
	/** The node's webhookId (part of its URLs); n8n assigns one when the node is added. */
	webhookId?: string;
	/**
	 * Queue mode: executions run on a "worker" with the static data stored at enqueue time and
	 * `workerNode` (load it inside jest.isolateModules for a separate module state; by default
	 * a copy of the node's module loaded that way: a worker shares no module state with the
	 * process that accepted the delivery).
	 */
	queueMode?: { workerNode?: new () => INodeType };
	/**
	 * Base of the production URLs n8n hands the node (n8n's WEBHOOK_URL + "webhook").
	 * Default: this server's own http://127.0.0.1:<port>/webhook.
	 */
	webhookBaseUrl?: (port: number) => string;
	/**
	 * A node of the pack after the Sink ([Trigger] → [Sink] → [After]), e.g. the action of a
	 * sync workflow; it runs in every execution with the server's credentials.
	 */
	after?: { type: string; parameters: INodeParameters; typeVersion?: number };
	/**
	 * Models n8n failing to create (or enqueue) the execution of a request the node handed over
	 * (WorkflowRunner.run throws: the database not ready, Redis down): asked once per such
	 * request after the run preparation's round trip; true answers 500 "There was a problem
	 * executing the workflow", starts nothing and saves no static data, as
	 * webhook-helpers.js/live-webhooks.js do in n8n 2.41.1.
	 */
	failRun?: () => boolean;
}

export interface WebhookExecution {
	/** What the trigger emitted (its run data in the execution). */
	triggerItems: INodeExecutionData[];
	/** What reached the next node. */
	sinkItems: INodeExecutionData[];
	/** What the `after` node output (empty without one). */
	afterItems: INodeExecutionData[];
	run: IRun;
}

type LifecycleMethod = 'checkExists' | 'create' | 'delete';

export interface WebhookServer {
	/** Where the server listens for the default webhook. */
	url: string;
	/** n8n's production webhook base as given to the node (WEBHOOK_URL + "webhook"). */
	webhookBase: string;
	workflowId: string;
	node: INode;
	staticData: StaticDataStore;
	/** The node's static data ("node" scope) as last saved. */
	readonly nodeStaticData: IDataObject;
	credentialsHelper: TestCredentialsHelper;
	/** Executions that finished. */
	executions: WebhookExecution[];
	/** Executions started (finished or not). */
	readonly started: number;
	/** Errors thrown by the node's webhook(), i.e. the 500 answers. */
	nodeErrors: Error[];
	gate: Gate;
	/** A production URL as the node sees it (getNodeWebhookUrl). */
	webhookUrl(name?: string): string;
	/** Where the server listens for that URL (differs from it if webhookBaseUrl is given). */
	listeningUrl(name?: string): string;
	/** Resolves when every started execution has finished. */
	settled(): Promise<void>;
	/** Runs one of a webhook's lifecycle methods (webhookMethods[name]) with a real HookContext. */
	lifecycle(method: LifecycleMethod, activation?: WorkflowActivateMode, name?: string): Promise<boolean | undefined>;
	/** ActiveWorkflowManager.addWebhooks: on a failure, deletes every webhook, then throws. */
	activate(activation?: WorkflowActivateMode): Promise<void>;
	/** ActiveWorkflowManager.removeWorkflowWebhooks; the URLs answer 404 from then on. */
	deactivate(): Promise<void>;
	close(): Promise<void>;
}

type WebhookRequest = http.IncomingMessage & {
	body?: unknown;
	query: Record<string, string>;
	params: Record<string, string>;
	header(name: string): string | string[] | undefined;
	get(name: string): string | string[] | undefined;
};

type WebhookResponse = http.ServerResponse & {
	status(code: number): WebhookResponse;
	json(body: unknown): WebhookResponse;
	send(body?: unknown): WebhookResponse;
	set(name: string, value: string): WebhookResponse;
};

/** What rawBodyReader + parseIncomingMessage add to n8n's request objects. */
function expressRequest(req: http.IncomingMessage, url: URL): WebhookRequest {
	const request = req as WebhookRequest;
	const [type, ...params] = String(req.headers['content-type'] ?? '').split(';');
	request.contentType = type.trim().toLowerCase() || undefined;
	const charset = params.map((p) => p.trim().split('=')).find(([k]) => k.toLowerCase() === 'charset');
	request.encoding = (charset?.[1]?.toLowerCase() ?? 'utf-8') as BufferEncoding;
	request.query = Object.fromEntries(url.searchParams);
	request.params = {};
	request.header = (name: string) => req.headers[name.toLowerCase()];
	request.get = request.header;
	request.readRawBody = async () => {
		if (request.rawBody) return;
		const chunks: Buffer[] = [];
		let size = 0;
		for await (const chunk of req) {
			size += (chunk as Buffer).length;
			if (size > PAYLOAD_SIZE_MAX) throw Object.assign(new Error('request entity too large'), { status: 413 });
			chunks.push(chunk as Buffer);
		}
		request.rawBody = Buffer.concat(chunks);
		request._body = true;
	};
	return request;
}

function expressResponse(res: http.ServerResponse): WebhookResponse {
	const response = res as WebhookResponse;
	response.status = (code: number) => {
		res.statusCode = code;
		return response;
	};
	response.set = (name: string, value: string) => {
		res.setHeader(name, value);
		return response;
	};
	response.json = (body: unknown) => {
		if (!res.headersSent) res.setHeader('content-type', 'application/json; charset=utf-8');
		res.end(JSON.stringify(body));
		return response;
	};
	response.send = (body?: unknown) => {
		if (body === undefined) res.end();
		else if (Buffer.isBuffer(body)) res.end(body);
		else if (typeof body === 'string') {
			if (!res.headersSent) res.setHeader('content-type', 'text/html; charset=utf-8');
			res.end(body);
		} else response.json(body);
		return response;
	};
	return response;
}

/** n8n's parseBody (middlewares/body-parser.ts). */
async function parseBody(req: WebhookRequest): Promise<void> {
	await req.readRawBody();
	const { rawBody, contentType, encoding } = req;
	if (!rawBody?.length) return;
	if (contentType === 'application/json') req.body = jsonParse(rawBody.toString(encoding));
	else if (contentType === 'text/plain') req.body = rawBody.toString(encoding);
}

function answer(res: WebhookResponse, code: number, data: unknown): void {
	if (res.headersSent || res.writableEnded) return;
	res.status(code).json(data);
}

export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
	const gate = new Gate();
	const afterTypes = options.after ? { [`${PACKAGE}.${options.after.type}`]: loadPackNode(options.after.type) } : {};
	const nodeTypes = new TestNodeTypes({
		[`${PACKAGE}.${options.type}`]: loadPackNode(options.type),
		'test.sink': passThroughNode('Sink', 'sink', async () => await gate.promise),
		...afterTypes,
	});
	const workerNodeTypes = new TestNodeTypes({
		[`${PACKAGE}.${options.type}`]: options.queueMode ? new (options.queueMode.workerNode ?? workerNodeClass(options.type))() : loadPackNode(options.type),
		'test.sink': passThroughNode('Sink', 'sink', async () => await gate.promise),
		...afterTypes,
	});
	const store = options.staticData ?? new StaticDataStore();
	const processedData = options.processedData ?? defaultTable;
	const dbLatencyMs = options.dbLatencyMs ?? 0;
	// Every n8n process initialises its deduplication service at start (webhook processors,
	// workers, main): executions can always use checkProcessedAndRecord.
	useProcessedDataTable(processedData, dbLatencyMs);
	const credentials = options.credentials ?? {};
	const credentialsHelper = new TestCredentialsHelper({ ...credentials });
	const workflowId = options.workflowId ?? `wf-${randomUUID()}`;
	const node: INode = {
		id: options.nodeId ?? randomUUID(),
		name: TRIGGER,
		type: `${PACKAGE}.${options.type}`,
		typeVersion: options.typeVersion ?? 2,
		position: [0, 0],
		parameters: options.parameters,
		credentials: credentialRefs(credentials),
		webhookId: options.webhookId ?? randomUUID(),
	};
	const nodes: INode[] = [
		node,
		{ id: 'sink', name: SINK, type: 'test.sink', typeVersion: 1, position: [200, 0], parameters: {} },
	];
	const connections: IConnections = { [TRIGGER]: { main: [[{ node: SINK, type: 'main' as const, index: 0 }]] } };
	if (options.after) {
		nodes.push({
			id: 'after',
			name: 'After',
			type: `${PACKAGE}.${options.after.type}`,
			typeVersion: options.after.typeVersion ?? 1,
			position: [400, 0],
			parameters: options.after.parameters,
			credentials: credentialRefs(credentials),
		});
		connections[SINK] = { main: [[{ node: 'After', type: 'main' as const, index: 0 }]] };
	}
	const workflowData = {
		id: workflowId,
		name: 'webhook test',
		active: true,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes,
		connections,
		settings: {},
	} as unknown as IWorkflowBase;
	const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const descriptions = (nodeType.description.webhooks ?? []) as IWebhookDescription[];
	if (descriptions.length === 0 || !nodeType.webhook) throw new Error(`${node.type} has no webhook`);
	const describe = (name: string) => {
		const found = descriptions.find((d) => d.name === name);
		if (!found) throw new Error(`${node.type} has no webhook "${name}"`);
		return found;
	};

	const executions: WebhookExecution[] = [];
	const inFlight = new Set<Promise<void>>();
	const nodeErrors: Error[] = [];
	let started = 0;
	let active = true;

	async function settled(): Promise<void> {
		while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch((error: Error) => {
			nodeErrors.push(error);
			answer(expressResponse(res), 500, { code: 500, message: error.message });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const listenBase = `http://127.0.0.1:${port}`;
	const webhookBase = options.webhookBaseUrl ? options.webhookBaseUrl(port) : `${listenBase}/webhook`;

	const webhookUrl = (name = 'default') =>
		NodeHelpers.getNodeWebhookUrl(webhookBase, workflowId, node, String(describe(name).path), false);
	const pathnameOf = (description: IWebhookDescription) => new URL(webhookUrl(description.name)).pathname;

	const buildWorkflow = (staticData: IDataObject, types = nodeTypes) =>
		new Workflow({ id: workflowId, name: 'webhook test', nodes, connections, active: true, nodeTypes: types, staticData, settings: {} });
	const loadWorkflow = async () => buildWorkflow(await store.query(workflowId, dbLatencyMs));

	/**
	 * The Workflow the execution runs with. Regular mode: the static data reloaded from the
	 * database for it. Queue mode: the worker's, which starts from empty static data (n8n stores
	 * none with an execution) and its own copy of the node's module (another process).
	 */
	const prepareRun = (reloaded: IDataObject): Workflow => {
		if (options.queueMode) return buildWorkflow({}, workerNodeTypes);
		return buildWorkflow(reloaded);
	};

	function additionalData(executionId: string): IWorkflowExecuteAdditionalData {
		const hooks = new ExecutionLifecycleHooks('webhook', executionId, workflowData);
		return Object.assign(buildAdditionalData(credentialsHelper, hooks), {
			webhookBaseUrl: webhookBase,
			webhookTestBaseUrl: webhookBase.replace(/\/webhook$/, '/webhook-test'),
		});
	}

	function webhookData(description: IWebhookDescription, data: IWorkflowExecuteAdditionalData): IWebhookData {
		return {
			httpMethod: description.httpMethod as IWebhookData['httpMethod'],
			node: TRIGGER,
			path: NodeHelpers.getNodeWebhookPath(workflowId, node, String(description.path)),
			webhookDescription: description,
			workflowId,
			workflowExecuteAdditionalData: data,
			webhookId: node.webhookId,
		};
	}

	async function runLifecycle(
		workflow: Workflow,
		description: IWebhookDescription,
		method: LifecycleMethod,
		activation: WorkflowActivateMode,
	): Promise<boolean | undefined> {
		const fn = nodeType.webhookMethods?.[description.name]?.[method];
		if (!fn) return undefined;
		const data = webhookData(description, additionalData('hook'));
		const context = new HookContext(workflow, workflow.getNode(TRIGGER)!, data.workflowExecuteAdditionalData, 'trigger', activation, data);
		return await fn.call(context);
	}

	async function deleteAll(workflow: Workflow): Promise<void> {
		for (const description of descriptions) await runLifecycle(workflow, description, 'delete', 'update');
	}

	function startExecution(workflow: Workflow, startData: INodeExecutionData[][]): void {
		started++;
		const tracked = executeWorkflow({
			workflow,
			workflowData,
			mode: 'webhook',
			executionId: `execution-${started}`,
			credentialsHelper,
			startNode: TRIGGER,
			startData,
		}).then((run) => {
			// WorkflowExecute hands changed static data to the workflowExecuteAfter hook, which saves it.
			store.save(workflow);
			const runData = run.data.resultData.runData;
			executions.push({
				triggerItems: runData[TRIGGER]?.[0]?.data?.main?.[0] ?? [],
				sinkItems: runData[SINK]?.[0]?.data?.main?.[0] ?? [],
				afterItems: runData.After?.[0]?.data?.main?.[0] ?? [],
				run,
			});
		});
		inFlight.add(tracked);
		void tracked.then(
			() => inFlight.delete(tracked),
			() => inFlight.delete(tracked),
		);
	}

	async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const response = expressResponse(res);
		const description = active
			? descriptions.find((d) => d.httpMethod === req.method && pathnameOf(d) === url.pathname)
			: undefined;
		if (!description) {
			req.resume();
			answer(response, 404, { code: 404, message: `The requested webhook "${req.method} ${url.pathname}" is not registered.` });
			return;
		}
		const request = expressRequest(req, url);
		const raw = await store.query(workflowId, dbLatencyMs);
		const workflow = buildWorkflow(raw);
		const data = webhookData(description, additionalData('webhook'));
		data.workflowExecuteAdditionalData.httpRequest = request as never;
		data.workflowExecuteAdditionalData.httpResponse = response as never;
		try {
			await parseBody(request);
		} catch (error) {
			answer(response, 422, { code: 422, message: 'Failed to parse request body', hint: (error as Error).message });
			return;
		}
		const startNode = workflow.getNode(TRIGGER)!;
		const context = new WebhookContext(workflow, startNode, data.workflowExecuteAdditionalData, 'webhook', data, [], null);
		if (options.exposeDeduplicationHelpers) {
			useProcessedDataTable(processedData, dbLatencyMs);
			Object.assign(context.helpers, getDeduplicationHelperFunctions(workflow, startNode));
		}
		let result: IWebhookResponseData;
		try {
			result = await nodeType.webhook!.call(context);
		} catch (error) {
			nodeErrors.push(error as Error);
			answer(response, 500, { code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
			store.save(workflow);
			return;
		}
		const responseCode = 200;
		if (result.workflowData === undefined) {
			if (result.noWebhookResponse !== true) {
				answer(response, responseCode, result.webhookResponse !== undefined ? result.webhookResponse : { message: 'Webhook call received' });
			}
			store.save(workflow);
			return;
		}
		if (result.noWebhookResponse === true) {
			// The node answered itself: n8n saves static data in that response path, before
			// the run starts.
			store.save(workflow);
			startExecution(prepareRun(await store.query(workflowId, dbLatencyMs)), result.workflowData);
			return;
		}
		// n8n 2.41.1 (webhook-helpers.js executeWebhook, WorkflowRunner.run): establishing the
		// execution context wraps the request's static data in a new Workflow, which resets its
		// "changed" flag; prepareNewExecution reloads static data from the database for the
		// execution (a database round trip); creating (or enqueueing) the execution is another.
		// Only then does LiveWebhooks save the request's static data (if marked as changed
		// again by then) and answer: in mode onReceived with the description's responseData:
		// 'noData' → empty, a non-empty value literally (the default 'firstEntryJson' too),
		// '' → `webhookResponse`.
		// Those round trips (plus the credential check and, in queue mode, Redis) take
		// milliseconds in n8n: modelled as at least 2 ms each.
		buildWorkflow(raw);
		const reloaded = await store.query(workflowId, Math.max(dbLatencyMs, 2));
		if (options.failRun?.()) {
			answer(response, 500, { code: 0, message: 'There was a problem executing the workflow' });
			return;
		}
		startExecution(prepareRun(reloaded), result.workflowData);
		await roundTrip(Math.max(dbLatencyMs, 2));
		await store.saveAfter(workflow, dbLatencyMs);
		if (String(description.responseMode ?? 'onReceived') === 'onReceived') {
			const responseData = description.responseData === undefined ? 'firstEntryJson' : description.responseData;
			if (responseData === 'noData') answer(response, responseCode, undefined);
			else if (responseData) answer(response, responseCode, responseData);
			else answer(response, responseCode, result.webhookResponse ?? { message: 'Workflow was started' });
		}
	}

	return {
		url: `${listenBase}${pathnameOf(describe('default'))}`,
		webhookBase,
		workflowId,
		node,
		staticData: store,
		get nodeStaticData() {
			return (store.peek(workflowId)[`node:${TRIGGER}`] ?? {}) as IDataObject;
		},
		credentialsHelper,
		executions,
		get started() {
			return started;
		},
		nodeErrors,
		gate,
		webhookUrl,
		listeningUrl(name = 'default') {
			return `${listenBase}${pathnameOf(describe(name))}`;
		},
		settled,
		async lifecycle(method, activation = 'activate', name = 'default') {
			const workflow = await loadWorkflow();
			try {
				return await runLifecycle(workflow, describe(name), method, activation);
			} finally {
				store.save(workflow);
			}
		},
		async activate(activation = 'activate') {
			const workflow = await loadWorkflow();
			try {
				for (const description of descriptions) {
					const exists = await runLifecycle(workflow, description, 'checkExists', activation);
					if (!exists) await runLifecycle(workflow, description, 'create', activation);
				}
				active = true;
			} catch (error) {
				active = false;
				await deleteAll(workflow);
				throw error;
			} finally {
				// ActiveWorkflowManager saves static data after adding or removing webhooks.
				store.save(workflow);
			}
		},
		async deactivate() {
			active = false;
			const workflow = await loadWorkflow();
			try {
				await deleteAll(workflow);
			} finally {
				store.save(workflow);
			}
		},
		async close() {
			await settled();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

export interface Delivery {
	status: number;
	body: string;
	json: IDataObject;
}

/** POSTs raw bytes with the given headers (content-type defaults to application/json). */
export async function deliver(url: string, body: Buffer | string, headers: Record<string, string> = {}): Promise<Delivery> {
	const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
	const target = new URL(url);
	return await new Promise((resolve, reject) => {
		const req = http.request(
			{
				host: target.hostname,
				port: target.port,
				path: `${target.pathname}${target.search}`,
				method: 'POST',
				headers: { 'content-type': 'application/json', 'content-length': String(bytes.length), ...headers },
				agent: false,
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let json: IDataObject = {};
					try {
						json = JSON.parse(text) as IDataObject;
					} catch {
						json = {};
					}
					resolve({ status: res.statusCode ?? 0, body: text, json });
				});
			},
		);
		req.on('error', reject);
		req.end(bytes);
	});
}
