/**
 * Drives webhook trigger nodes the way n8n 2.x serves a production webhook (n8n-io/n8n
 * packages/cli/src/webhooks/live-webhooks.ts + webhook-helpers.ts + middlewares/body-parser.ts),
 * over real HTTP on 127.0.0.1:
 *
 * 1. A request is matched to POST /webhook/<webhookId>/<path> (anything else: 404).
 * 2. The workflow is rebuilt for every request with its static data loaded from the
 *    "database" (a StaticDataStore), like LiveWebhooks does.
 * 3. `req.readRawBody()` / `req.rawBody` behave as n8n's rawBodyReader; the body is then
 *    parsed like n8n's parseBody (application/json → jsonParse, a failure answers 422
 *    before the node runs; text/plain → string; other types untouched).
 * 4. n8n-core's real WebhookContext is built around the express-like req/res and the
 *    node's `webhook()` is called.
 * 5. The answer follows n8n: `noWebhookResponse` → the node answered; no `workflowData` →
 *    200 with `webhookResponse` or {"message":"Webhook call received"}; with `workflowData`
 *    in mode onReceived the execution is started and then 200 is answered (with
 *    `webhookResponse` or {"message":"Workflow was started"}) without waiting for it.
 *    A throwing node gets 500 "Workflow Webhook Error: Workflow could not be started!".
 * 6. Static data is saved when the response is sent, as LiveWebhooks' response callback does.
 * 7. The workflow ([trigger] → [Sink]) runs through n8n-core's WorkflowExecute, starting
 *    from the trigger with the webhook's output, as WorkflowRunner does.
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
import * as path from 'path';
import { DataDeduplicationService, ExecutionLifecycleHooks, HookContext, WebhookContext, WorkflowExecute } from 'n8n-core';
import { getDeduplicationHelperFunctions } from 'n8n-core/dist/execution-engine/node-execution-context/utils/deduplication-helper-functions';
import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDataObject,
	IDeduplicationOutput,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowBase,
	WorkflowActivateMode,
} from 'n8n-workflow';
import { createRunExecutionData, jsonParse, NodeHelpers, Workflow } from 'n8n-workflow';

import { buildAdditionalData, PACKAGE, TestCredentialsHelper } from './engine';

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

	peek(workflowId: string): IDataObject {
		return this.load(workflowId);
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

/** Passes its input through once the gate is open. */
function sinkNode(gate: Gate): INodeType {
	return {
		description: {
			displayName: 'Sink',
			name: 'sink',
			group: ['transform'],
			version: 1,
			description: 'Passes its input through, after the gate opens',
			defaults: { name: 'Sink' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [],
		} as unknown as INodeType['description'],
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			await gate.promise;
			return [this.getInputData()];
		},
	};
}

/**
 * One pack node from its TypeScript source (package.json "n8n.nodes" entry whose class
 * name is the type name with a capital letter), so a half-written sibling node elsewhere in
 * the pack cannot break these tests.
 */
const loadedNodes = new Map<string, new () => INodeType>();

function loadPackNode(type: string): INodeType {
	const NodeClass = loadedNodes.get(type) ?? preloadNode(type);
	return new NodeClass();
}

/**
 * Requires a node's module now. Call it inside jest.isolateModules to give a modelled
 * "other process" its own copy (module state such as caches is not shared).
 */
export function preloadNode(type: string): new () => INodeType {
	const root = path.resolve(__dirname, '../..');
	const pkg = require(path.join(root, 'package.json')) as { n8n: { nodes: string[] } };
	const className = type.charAt(0).toUpperCase() + type.slice(1);
	const entry = pkg.n8n.nodes.find((p) => path.basename(p) === `${className}.node.js`);
	if (!entry) throw new Error(`No node ${className} in package.json`);
	const source = path.join(root, entry.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
	const mod = require(source) as Record<string, new () => INodeType>;
	loadedNodes.set(type, mod[className]);
	return mod[className];
}

class WebhookNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType>;

	constructor(type: string, sink: INodeType) {
		this.types = { [`${PACKAGE}.${type}`]: loadPackNode(type), 'test.sink': sink };
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types[nodeType];
		if (!type) throw new Error(`Unknown node type ${nodeType}`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes() {
		return {};
	}
}

export interface WebhookServerOptions {
	/** Node type without package prefix, e.g. 'contactsApiTrigger'. */
	type: string;
	parameters: INodeParameters;
	/** Shared "database" column; pass the same store to two servers to model two n8n processes. */
	staticData?: StaticDataStore;
	/** Shared processed_data table for the deduplication helpers. */
	processedData?: ProcessedDataTable;
	/** Attach n8n's deduplication helpers to the webhook context (n8n 2.41 does not). */
	exposeDeduplicationHelpers?: boolean;
	/** Database round-trip time for static data and processed_data (default: next event-loop turn). */
	dbLatencyMs?: number;
	workflowId?: string;
	nodeId?: string;
	webhookId?: string;
}

export interface WebhookExecution {
	/** What the trigger emitted (its run data in the execution). */
	triggerItems: INodeExecutionData[];
	/** What reached the next node. */
	sinkItems: INodeExecutionData[];
	run: IRun;
}

export interface WebhookServer {
	url: string;
	baseUrl: string;
	workflowId: string;
	node: INode;
	staticData: StaticDataStore;
	/** Executions that finished. */
	executions: WebhookExecution[];
	/** Executions started (finished or not). */
	started: number;
	/** Errors thrown by the node's webhook(), i.e. the 500 answers. */
	nodeErrors: Error[];
	gate: Gate;
	/** Resolves when every started execution has finished. */
	settled(): Promise<void>;
	/** Runs one of the node's webhookMethods.default lifecycle methods with a real HookContext. */
	lifecycle(method: 'checkExists' | 'create' | 'delete', activation?: WorkflowActivateMode): Promise<boolean>;
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
	const nodeTypes = new WebhookNodeTypes(options.type, sinkNode(gate));
	const store = options.staticData ?? new StaticDataStore();
	const processedData = options.processedData ?? defaultTable;
	const dbLatencyMs = options.dbLatencyMs ?? 0;
	const workflowId = options.workflowId ?? `wf-${randomUUID()}`;
	const node: INode = {
		id: options.nodeId ?? randomUUID(),
		name: TRIGGER,
		type: `${PACKAGE}.${options.type}`,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters,
		webhookId: options.webhookId ?? randomUUID(),
	};
	const nodes: INode[] = [
		node,
		{ id: 'sink', name: SINK, type: 'test.sink', typeVersion: 1, position: [200, 0], parameters: {} },
	];
	const connections = { [TRIGGER]: { main: [[{ node: SINK, type: 'main' as const, index: 0 }]] } };
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
	const nodeType = nodeTypes.getByNameAndVersion(node.type, 1);
	const description = nodeType.description.webhooks?.[0];
	if (!description || !nodeType.webhook) throw new Error(`${node.type} has no webhook`);
	const webhookPath = NodeHelpers.getNodeWebhookPath(workflowId, node, String(description.path));
	const responseMode = String(description.responseMode ?? 'onReceived');
	const responseCode = 200;

	const executions: WebhookExecution[] = [];
	const inFlight = new Set<Promise<void>>();
	const nodeErrors: Error[] = [];
	let started = 0;

	const buildWorkflow = (staticData: IDataObject) =>
		new Workflow({ id: workflowId, name: 'webhook test', nodes, connections, active: true, nodeTypes, staticData, settings: {} });

	function runWorkflow(workflow: Workflow, workflowStartData: INodeExecutionData[][]): void {
		started++;
		const executionId = `execution-${started}`;
		const hooks = new ExecutionLifecycleHooks('webhook', executionId, workflowData);
		let finish: (run: IRun) => void = () => undefined;
		const done = new Promise<IRun>((resolve) => (finish = resolve));
		hooks.addHandler('workflowExecuteAfter', (fullRunData) => finish(fullRunData));
		const additionalData = buildAdditionalData(new TestCredentialsHelper({}), hooks);
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [{ node: workflow.getNode(TRIGGER)!, data: { main: workflowStartData }, source: null }],
			},
		});
		const execute = new WorkflowExecute(additionalData, 'webhook', runExecutionData);
		void execute.processRunExecutionData(workflow);
		const tracked = done.then((run) => {
			const runData = run.data.resultData.runData;
			executions.push({
				triggerItems: runData[TRIGGER]?.[0]?.data?.main?.[0] ?? [],
				sinkItems: runData[SINK]?.[0]?.data?.main?.[0] ?? [],
				run,
			});
		});
		inFlight.add(tracked);
		void tracked.finally(() => inFlight.delete(tracked));
	}

	async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const response = expressResponse(res);
		if (req.method !== 'POST' || url.pathname !== `/webhook/${webhookPath}`) {
			req.resume();
			answer(response, 404, { code: 404, message: 'The requested webhook is not registered.' });
			return;
		}
		const request = expressRequest(req, url);
		const workflow = buildWorkflow(await store.query(workflowId, dbLatencyMs));
		const startNode = workflow.getNode(TRIGGER)!;
		const additionalData = buildAdditionalData(new TestCredentialsHelper({}), new ExecutionLifecycleHooks('webhook', 'webhook', workflowData));
		additionalData.httpRequest = request as never;
		additionalData.httpResponse = response as never;
		const webhookData: IWebhookData = {
			httpMethod: 'POST',
			node: TRIGGER,
			path: webhookPath,
			webhookDescription: description!,
			workflowId,
			workflowExecuteAdditionalData: additionalData,
			webhookId: node.webhookId,
		};
		try {
			await parseBody(request);
		} catch (error) {
			answer(response, 422, { code: 422, message: 'Failed to parse request body', hint: (error as Error).message });
			return;
		}
		const context = new WebhookContext(workflow, startNode, additionalData, 'webhook', webhookData, [], null);
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
		if (result.workflowData === undefined) {
			if (result.noWebhookResponse !== true) {
				answer(response, responseCode, result.webhookResponse !== undefined ? result.webhookResponse : { message: 'Webhook call received' });
			}
			store.save(workflow);
			return;
		}
		runWorkflow(workflow, result.workflowData);
		if (responseMode === 'onReceived' && result.noWebhookResponse !== true) {
			answer(response, responseCode, result.webhookResponse !== undefined ? result.webhookResponse : { message: 'Workflow was started' });
		}
		store.save(workflow);
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch((error: Error) => {
			nodeErrors.push(error);
			answer(expressResponse(res), 500, { code: 500, message: error.message });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const baseUrl = `http://127.0.0.1:${port}`;

	return {
		url: `${baseUrl}/webhook/${webhookPath}`,
		baseUrl,
		workflowId,
		node,
		staticData: store,
		executions,
		get started() {
			return started;
		},
		nodeErrors,
		gate,
		async settled() {
			while (inFlight.size > 0) await Promise.all([...inFlight]);
		},
		async lifecycle(method, activation = 'activate') {
			const workflow = buildWorkflow(await store.query(workflowId, dbLatencyMs));
			const additionalData = buildAdditionalData(new TestCredentialsHelper({}), new ExecutionLifecycleHooks('webhook', 'hook', workflowData));
			additionalData.webhookBaseUrl = `${baseUrl}/webhook`;
			const webhookData = {
				httpMethod: 'POST',
				node: TRIGGER,
				path: webhookPath,
				webhookDescription: description!,
				workflowId,
				workflowExecuteAdditionalData: additionalData,
				webhookId: node.webhookId,
			} as IWebhookData;
			const context = new HookContext(workflow, workflow.getNode(TRIGGER)!, additionalData, 'webhook', activation, webhookData);
			const methods = nodeType.webhookMethods?.default;
			const result = await methods![method]!.call(context);
			// ActiveWorkflowManager saves static data after adding or removing webhooks.
			store.save(workflow);
			return result;
		},
		async close() {
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
