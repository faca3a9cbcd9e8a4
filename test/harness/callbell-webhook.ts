/**
 * Runs a webhook trigger the way n8n's CLI does, over real HTTP:
 * - activation/deactivation call the node's webhookMethods through n8n-core's HookContext,
 *   in the order ActiveWorkflowManager uses (checkExists → create; delete on clean-up);
 * - each request to a registered production URL gets an express-like req/res (rawBody and
 *   readRawBody as n8n's body parser leaves them), runs `webhook()` in n8n-core's
 *   WebhookContext, is answered as webhook-helpers.ts answers it (noWebhookResponse /
 *   webhookResponse / default messages; responseMode onReceived), and when the node returns
 *   workflowData the workflow runs through WorkflowExecute in 'webhook' mode.
 * Workflow: [Trigger] → [Received] (a pass-through), so an execution shows what reached the
 * next node. Static data lives on the Workflow object like n8n's saved static data.
 *
 * Written for the Callbell Trigger while test/harness/webhook.ts (the shared one) was not
 * there yet; it is node-agnostic and meant to be merged into it.
 */
import { randomUUID } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { ExecutionLifecycleHooks, HookContext, WebhookContext, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowBase,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { buildAdditionalData, PACKAGE, TestCredentialsHelper } from './engine';

export interface TriggerHarnessOptions {
	/** Node type without the package prefix, e.g. 'callbellTrigger'. */
	type: string;
	parameters: INodeParameters;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	workflowId?: string;
	/** The workflow's saved static data, e.g. from another harness (an n8n restart). */
	staticData?: IDataObject;
	/** The node's webhookId (part of its URL); n8n assigns one when the node is added. */
	webhookId?: string;
	/**
	 * Base of the production URLs n8n hands the node (n8n's WEBHOOK_URL + "webhook").
	 * Default: this harness's own http://127.0.0.1:<port>/webhook.
	 */
	webhookBaseUrl?: (port: number) => string;
}

export interface Execution {
	run: IRun;
	/** Items the trigger emitted. */
	items: INodeExecutionData[];
	/** Items that reached the next node. */
	received: INodeExecutionData[];
}

export interface HarnessRequest {
	method: string;
	path: string;
	status: number;
	/** What the node returned from webhook(), or the error it threw. */
	result?: IWebhookResponseData;
	error?: Error;
}

type ExpressLikeResponse = http.ServerResponse & {
	status(code: number): ExpressLikeResponse;
	send(body?: unknown): ExpressLikeResponse;
	json(body: unknown): ExpressLikeResponse;
};

const TRIGGER = 'Trigger';
const RECEIVED = 'Received';

/** Passes its input through: shows what reached the node after the trigger. */
class Received implements INodeType {
	description = {
		displayName: 'Received',
		name: 'received',
		group: ['transform'],
		version: 1,
		description: 'Passes its input through',
		defaults: { name: 'Received' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/**
 * The trigger under test (from its package.json entry, as TypeScript source) and the
 * pass-through; only these, so a half-written sibling node cannot break these tests.
 */
class HarnessNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType>;

	constructor(type: string) {
		const root = path.resolve(__dirname, '../..');
		const pkg = require(path.join(root, 'package.json')) as { n8n: { nodes: string[] } };
		const className = type.charAt(0).toUpperCase() + type.slice(1);
		const entry = pkg.n8n.nodes.find((p) => path.basename(p) === `${className}.node.js`);
		if (!entry) throw new Error(`No node ${className} in package.json`);
		const mod = require(path.join(root, entry.replace(/^dist\//, '').replace(/\.js$/, '.ts'))) as Record<string, new () => INodeType>;
		this.types = { [`${PACKAGE}.${type}`]: new mod[className](), 'test.received': new Received() };
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const found = this.types[nodeType];
		if (!found) throw new Error(`Unknown node type ${nodeType}`);
		return found;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes() {
		return {};
	}
}

function expressResponse(res: http.ServerResponse): ExpressLikeResponse {
	const out = res as ExpressLikeResponse;
	out.status = (code: number) => {
		out.statusCode = code;
		return out;
	};
	out.send = (body?: unknown) => {
		if (out.writableEnded) return out;
		if (body === undefined) {
			out.end();
		} else if (typeof body === 'string' || Buffer.isBuffer(body)) {
			if (!out.hasHeader('content-type')) out.setHeader('Content-Type', 'text/html; charset=utf-8');
			out.end(body);
		} else {
			out.setHeader('Content-Type', 'application/json; charset=utf-8');
			out.end(JSON.stringify(body));
		}
		return out;
	};
	out.json = (body: unknown) => {
		out.setHeader('Content-Type', 'application/json; charset=utf-8');
		out.end(JSON.stringify(body));
		return out;
	};
	return out;
}

/** What packages/cli's body-parser middleware leaves on the request. */
function expressRequest(req: http.IncomingMessage, raw: Buffer, url: URL) {
	const out = req as http.IncomingMessage & IDataObject;
	out.rawBody = raw;
	out.readRawBody = async () => undefined;
	out.query = Object.fromEntries(url.searchParams.entries());
	out.params = {};
	out.header = (name: string) => req.headers[name.toLowerCase()];
	out.get = out.header;
	// parseBody: application/json is parsed (a failure is n8n's 422), text/plain becomes a
	// string, anything else stays unparsed; an empty body leaves req.body unset.
	const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	if (raw.length > 0 && type === 'application/json') out.body = JSON.parse(raw.toString('utf8'));
	else if (raw.length > 0 && type === 'text/plain') out.body = raw.toString('utf8');
	return out;
}

export class TriggerHarness {
	readonly requests: HarnessRequest[] = [];
	readonly executions: Execution[] = [];
	readonly workflow: Workflow;
	readonly credentialsHelper: TestCredentialsHelper;
	active = false;

	private readonly pending = new Set<Promise<unknown>>();
	private readonly nodeTypes: HarnessNodeTypes;
	private readonly workflowData: IWorkflowBase;
	private readonly sockets = new Set<import('net').Socket>();
	private baseUrl = '';

	private constructor(
		private readonly server: http.Server,
		options: TriggerHarnessOptions,
	) {
		this.nodeTypes = new HarnessNodeTypes(options.type);
		this.credentialsHelper = new TestCredentialsHelper({ ...options.credentials });
		const credentialRefs = Object.fromEntries(
			Object.keys(options.credentials).map((type) => [type, { id: `${type}-id`, name: type }]),
		);
		this.workflowData = {
			id: options.workflowId ?? `wf-${randomUUID().slice(0, 8)}`,
			name: 'trigger test',
			active: false,
			isArchived: false,
			createdAt: new Date(),
			updatedAt: new Date(),
			nodes: [
				{
					id: 'trigger',
					name: TRIGGER,
					type: `${PACKAGE}.${options.type}`,
					typeVersion: 1,
					position: [0, 0],
					parameters: options.parameters,
					credentials: credentialRefs,
					webhookId: options.webhookId ?? randomUUID(),
				},
				{ id: 'received', name: RECEIVED, type: 'test.received', typeVersion: 1, position: [200, 0], parameters: {} },
			],
			connections: { [TRIGGER]: { main: [[{ node: RECEIVED, type: 'main', index: 0 }]] } },
			settings: {},
			staticData: options.staticData,
		} as unknown as IWorkflowBase;
		this.workflow = new Workflow({
			id: this.workflowData.id,
			nodes: this.workflowData.nodes,
			connections: this.workflowData.connections,
			nodeTypes: this.nodeTypes,
			active: false,
			settings: {},
			staticData: options.staticData ? JSON.parse(JSON.stringify(options.staticData)) : undefined,
		});
	}

	static async start(options: TriggerHarnessOptions): Promise<TriggerHarness> {
		const server = http.createServer();
		const harness = new TriggerHarness(server, options);
		server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
			const handling = harness.handle(req, res).catch((error) => {
				if (!res.headersSent) res.writeHead(500).end(String(error));
			});
			harness.track(handling);
		});
		server.on('connection', (socket) => {
			harness.sockets.add(socket);
			socket.on('close', () => harness.sockets.delete(socket));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		harness.baseUrl = options.webhookBaseUrl ? options.webhookBaseUrl(port) : `http://127.0.0.1:${port}/webhook`;
		return harness;
	}

	/** n8n's production webhook base as given to the node (WEBHOOK_URL + "webhook"). */
	get webhookBase(): string {
		return this.baseUrl;
	}

	get node(): INode {
		return this.workflow.getNode(TRIGGER)!;
	}

	/** The node's static data ("node" scope), as n8n would save it. */
	get nodeStaticData(): IDataObject {
		return JSON.parse(JSON.stringify(this.workflow.staticData[`node:${TRIGGER}`] ?? {}));
	}

	/** The whole workflow static data, to start another harness "after a restart". */
	get savedStaticData(): IDataObject {
		return JSON.parse(JSON.stringify(this.workflow.staticData));
	}

	private get nodeType(): INodeType {
		return this.nodeTypes.getByNameAndVersion(this.node.type, this.node.typeVersion);
	}

	private additionalData(extra: Partial<IWorkflowExecuteAdditionalData> = {}): IWorkflowExecuteAdditionalData {
		const hooks = new ExecutionLifecycleHooks('webhook', 'test-execution', this.workflowData);
		return Object.assign(buildAdditionalData(this.credentialsHelper, hooks), {
			webhookBaseUrl: this.baseUrl,
			webhookTestBaseUrl: this.baseUrl.replace(/\/webhook$/, '/webhook-test'),
			...extra,
		});
	}

	private webhooks(additionalData: IWorkflowExecuteAdditionalData): IWebhookData[] {
		const descriptions = (this.nodeType.description.webhooks ?? []) as IWebhookDescription[];
		return descriptions.map((description) => ({
			httpMethod: description.httpMethod as IWebhookData['httpMethod'],
			node: TRIGGER,
			path: String(description.path),
			webhookDescription: description,
			workflowId: this.workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: this.node.webhookId,
		}));
	}

	/** A production URL as the node sees it (getNodeWebhookUrl). */
	webhookUrl(name = 'default'): string {
		const description = (this.nodeType.description.webhooks ?? []).find((w) => w.name === name)!;
		return NodeHelpers.getNodeWebhookUrl(this.baseUrl, this.workflow.id, this.node, String(description.path), false);
	}

	/** Where this harness actually listens for that URL (differs if webhookBaseUrl is overridden). */
	listeningUrl(name = 'default'): string {
		const { port } = this.server.address() as AddressInfo;
		const url = new URL(this.webhookUrl(name));
		return `http://127.0.0.1:${port}${url.pathname}`;
	}

	private async runLifecycle(
		method: 'checkExists' | 'create' | 'delete',
		webhookData: IWebhookData,
		activation: WorkflowActivateMode,
	): Promise<boolean | undefined> {
		const fn = this.nodeType.webhookMethods?.[webhookData.webhookDescription.name]?.[method];
		if (!fn) return undefined;
		const context = new HookContext(
			this.workflow,
			this.node,
			webhookData.workflowExecuteAdditionalData,
			'trigger',
			activation,
			webhookData,
		);
		return await fn.call(context);
	}

	async checkExists(activation: WorkflowActivateMode = 'activate'): Promise<boolean | undefined> {
		const [first] = this.webhooks(this.additionalData());
		return await this.runLifecycle('checkExists', first, activation);
	}

	/** ActiveWorkflowManager.addWebhooks: on a failure, clean up every webhook, then throw. */
	async activate(activation: WorkflowActivateMode = 'activate'): Promise<void> {
		const additionalData = this.additionalData();
		for (const webhookData of this.webhooks(additionalData)) {
			try {
				const exists = await this.runLifecycle('checkExists', webhookData, activation);
				if (!exists) await this.runLifecycle('create', webhookData, activation);
			} catch (error) {
				await this.deleteAll(additionalData);
				throw error;
			}
		}
		this.active = true;
	}

	/** ActiveWorkflowManager.removeWorkflowWebhooks. */
	async deactivate(): Promise<void> {
		this.active = false;
		await this.deleteAll(this.additionalData());
	}

	private async deleteAll(additionalData: IWorkflowExecuteAdditionalData): Promise<void> {
		for (const webhookData of this.webhooks(additionalData)) {
			await this.runLifecycle('delete', webhookData, 'update');
		}
	}

	private track(promise: Promise<unknown>): void {
		this.pending.add(promise);
		void promise.finally(() => this.pending.delete(promise));
	}

	/** Waits until every request and every execution it started has finished. */
	async settled(): Promise<void> {
		while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
	}

	private matchWebhook(method: string, pathname: string, additionalData: IWorkflowExecuteAdditionalData) {
		return this.webhooks(additionalData).find(
			(w) => w.httpMethod === method && new URL(this.webhookUrl(w.webhookDescription.name)).pathname === pathname,
		);
	}

	private async handle(rawReq: http.IncomingMessage, rawRes: http.ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of rawReq) chunks.push(chunk as Buffer);
		const raw = Buffer.concat(chunks);
		const url = new URL(rawReq.url ?? '/', 'http://harness');
		const res = expressResponse(rawRes);
		const entry: HarnessRequest = { method: rawReq.method ?? 'GET', path: url.pathname, status: 0 };
		this.requests.push(entry);
		const reply = (status: number, body: unknown) => {
			entry.status = status;
			res.status(status).send(body);
		};

		const additionalData = this.additionalData();
		const webhookData = this.active ? this.matchWebhook(entry.method, url.pathname, additionalData) : undefined;
		if (!webhookData) {
			return reply(404, { code: 404, message: `The requested webhook "${entry.method} ${url.pathname}" is not registered.` });
		}
		let req;
		try {
			req = expressRequest(rawReq, raw, url);
		} catch (error) {
			return reply(422, { code: 422, message: 'Failed to parse request body', hint: (error as Error).message });
		}
		additionalData.httpRequest = req as unknown as IWorkflowExecuteAdditionalData['httpRequest'];
		additionalData.httpResponse = res as unknown as IWorkflowExecuteAdditionalData['httpResponse'];

		const context = new WebhookContext(this.workflow, this.node, additionalData, 'webhook', webhookData, [], null);
		let result: IWebhookResponseData;
		try {
			result = await this.nodeType.webhook!.call(context);
		} catch (error) {
			entry.error = error as Error;
			return reply(500, { code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
		}
		entry.result = result;

		// webhook-helpers.ts handleImmediateWebhookResponse + onReceived response mode.
		if (result.noWebhookResponse === true) {
			entry.status = rawRes.statusCode;
		} else if (result.workflowData === undefined) {
			reply(200, result.webhookResponse !== undefined ? result.webhookResponse : { message: 'Webhook call received' });
		} else {
			reply(200, result.webhookResponse !== undefined ? result.webhookResponse : { message: 'Workflow was started' });
		}
		if (result.workflowData !== undefined) this.track(this.execute(result.workflowData));
	}

	private async execute(workflowData: INodeExecutionData[][]): Promise<void> {
		const hooks = new ExecutionLifecycleHooks('webhook', `exec-${this.executions.length + 1}`, this.workflowData);
		let finish: (run: IRun) => void = () => undefined;
		const done = new Promise<IRun>((resolve) => (finish = resolve));
		hooks.addHandler('workflowExecuteAfter', (fullRunData) => finish(fullRunData));
		const additionalData = buildAdditionalData(this.credentialsHelper, hooks);
		const runExecutionData: IRunExecutionData = {
			startData: {},
			resultData: { runData: {} },
			executionData: {
				contextData: {},
				metadata: {},
				nodeExecutionStack: [{ node: this.node, data: { main: workflowData }, source: null }],
				waitingExecution: {},
				waitingExecutionSource: {},
			},
		} as unknown as IRunExecutionData;
		const execute = new WorkflowExecute(additionalData, 'webhook', runExecutionData);
		await execute.processRunExecutionData(this.workflow);
		const run = await done;
		const runData = run.data.resultData.runData;
		this.executions.push({
			run,
			items: runData[TRIGGER]?.[0]?.data?.main?.[0] ?? [],
			received: runData[RECEIVED]?.[0]?.data?.main?.[0] ?? [],
		});
	}

	async close(): Promise<void> {
		await this.settled();
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}
