/**
 * Runs workflows through n8n-core's real execution engine (WorkflowExecute), the way n8n's
 * own NodeTestHarness does, but with real HTTP (no nock): credentials are applied by a
 * credentials helper that resolves `authenticate` expressions like n8n's CLI does, and
 * requests go out through n8n-core's httpRequestWithAuthentication.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
	Workflow as WorkflowType,
} from 'n8n-workflow';
import { createRunExecutionData, ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';

import { PACKAGE, packCredentialTypes, packNodeTypes } from './pack';

export { PACKAGE };

/**
 * A node that passes its input through, once `before()` has resolved when given. Stands in
 * for a manual trigger that emits the test's items, or for the node after a trigger.
 */
export function passThroughNode(displayName: string, name: string, before?: () => Promise<void>): INodeType {
	return {
		description: {
			displayName,
			name,
			group: ['transform'],
			version: 1,
			description: 'Passes its input through',
			defaults: { name: displayName },
			inputs: ['main'],
			outputs: ['main'],
			properties: [],
		} as unknown as INodeType['description'],
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			await before?.();
			return [this.getInputData()];
		},
	};
}

const credentialTypes: Record<string, ICredentialType> = {
	...packCredentialTypes(),
	oAuth2Api: { name: 'oAuth2Api', displayName: 'OAuth2 API', properties: [] } as ICredentialType,
};

export function credentialType(name: string): ICredentialType {
	const type = credentialTypes[name];
	if (!type) throw new Error(`Unknown credential type ${name}`);
	return type;
}

/** Node types by full name; by default every node of the pack plus the test input. */
export class TestNodeTypes implements INodeTypes {
	constructor(
		private readonly types: Record<string, INodeType> = {
			'test.input': passThroughNode('Test Input', 'testInput'),
			...packNodeTypes(),
		},
	) {}

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

/**
 * Credentials helper for tests: hands out the credentials a test gives, applies generic
 * `authenticate` blocks by resolving their expressions against `$credentials`, and records
 * OAuth2 token updates (so refresh-on-401 can be asserted).
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	oauthUpdates: ICredentialDataDecryptedObject[] = [];

	constructor(private credentials: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(name: string): string[] {
		const type = credentialTypes[name];
		const parents = type?.extends ?? [];
		return parents.flatMap((p) => [p, ...this.getParentTypes(p)]);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: WorkflowType,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const type = credentialType(typeName);
		const auth = type.authenticate;
		if (typeof auth === 'function') return await auth(credentials, requestOptions);
		if (!auth || auth.type !== 'generic') return requestOptions;
		const resolve = (value: unknown) =>
			typeof value === 'string' && value.startsWith('=')
				? workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '')
				: value;
		const out: IHttpRequestOptions = { ...requestOptions };
		for (const key of ['headers', 'qs', 'body'] as const) {
			const add = auth.properties[key] as IDataObject | undefined;
			if (!add) continue;
			const resolved: IDataObject = {};
			for (const [k, v] of Object.entries(add)) resolved[k] = resolve(v) as IDataObject[string];
			out[key] = { ...((out[key] as IDataObject) ?? {}), ...resolved };
		}
		return out;
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		_node: INode,
		_credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	getOAuth2Options(type: string) {
		return (credentialTypes[type] as ICredentialType & { oauth2?: never })?.oauth2;
	}

	async getCredentials(): Promise<never> {
		throw new Error('getCredentials is not used by the engine tests');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const found = this.credentials[type];
		if (!found) throw new Error(`No test credentials of type ${type}`);
		return found;
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.credentials[type] = data;
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.credentials[type] = data;
		this.oauthUpdates.push(data);
	}

	getCredentialsProperties() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}
}

export interface RunNodeOptions {
	/** Node type without package prefix, e.g. 'contactsApi'. */
	type: string;
	parameters: INodeParameters;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	input?: IDataObject[];
	continueOnFail?: boolean;
	typeVersion?: number;
}

export interface NodeRun {
	/** Items of the node's first output (with pairedItem kept). */
	items: INodeExecutionData[];
	/** The execution error, when the node failed. */
	error?: Error & { description?: string; httpCode?: string; context?: IDataObject };
	run: IRun;
	credentialsHelper: TestCredentialsHelper;
}

/** How a workflow's node refers to the test credentials (by type; the helper hands them out). */
export function credentialRefs(credentials: Record<string, ICredentialDataDecryptedObject>): INode['credentials'] {
	return Object.fromEntries(Object.keys(credentials).map((type) => [type, { id: `${type}-id`, name: type }]));
}

export function buildAdditionalData(
	credentialsHelper: ICredentialsHelper,
	hooks: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper,
		hooks,
		executeWorkflow: async () => {
			throw new Error('not supported in tests');
		},
		getRunExecutionData: async () => undefined,
		executionId: 'test-execution',
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		userId: 'test-user',
		setExecutionStatus: () => undefined,
		variables: {},
		logAiEvent: () => undefined,
		startRunnerTask: async () => {
			throw new Error('not supported in tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface WorkflowRun {
	workflow: Workflow;
	workflowData: IWorkflowBase;
	mode: WorkflowExecuteMode;
	executionId: string;
	credentialsHelper: ICredentialsHelper;
	/** The node the execution starts from, with its output already given. */
	startNode: string;
	startData: INodeExecutionData[][];
}

/**
 * Runs a workflow through WorkflowExecute from a node whose output is already known (the
 * input node's items, or what a trigger's webhook() returned), as n8n's WorkflowRunner does.
 */
export async function executeWorkflow(options: WorkflowRun): Promise<IRun> {
	const hooks = new ExecutionLifecycleHooks(options.mode, options.executionId, options.workflowData);
	let finish: (run: IRun) => void = () => undefined;
	const done = new Promise<IRun>((resolve) => (finish = resolve));
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => finish(fullRunData));
	const additionalData = buildAdditionalData(options.credentialsHelper, hooks);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: options.workflow.getNode(options.startNode)!, data: { main: options.startData }, source: null },
			],
		},
	});
	await new WorkflowExecute(additionalData, options.mode, runExecutionData).processRunExecutionData(options.workflow);
	return await done;
}

/** Where runSubject starts: the node before [Subject], and the workflow and execution around them. */
export interface SubjectStart {
	/** The start node's type (a test node, e.g. 'test.input', or a pack trigger with its package). */
	type: string;
	id: string;
	name: string;
	typeVersion: number;
	workflow: { id: string; name: string; active: boolean };
	mode: WorkflowExecuteMode;
	executionId: string;
}

/**
 * Runs [start] → [Subject] through WorkflowExecute, the start node's output being the input
 * items, and returns Subject's output.
 */
export async function runSubject(options: RunNodeOptions, start: SubjectStart): Promise<NodeRun> {
	const nodeTypes = new TestNodeTypes();
	const credentialsHelper = new TestCredentialsHelper({ ...options.credentials });
	const workflowData: IWorkflowBase = {
		...start.workflow,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: [
			{ id: start.id, name: start.name, type: start.type, typeVersion: start.typeVersion, position: [0, 0], parameters: {} },
			{
				id: 'subject',
				name: 'Subject',
				type: `${PACKAGE}.${options.type}`,
				typeVersion: options.typeVersion ?? 1,
				position: [200, 0],
				parameters: options.parameters,
				credentials: credentialRefs(options.credentials),
				continueOnFail: options.continueOnFail ?? false,
			},
		],
		connections: { [start.name]: { main: [[{ node: 'Subject', type: 'main', index: 0 }]] } },
		settings: {},
	} as unknown as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		nodeTypes,
		active: start.workflow.active,
		settings: {},
	});
	const input = (options.input ?? [{}]).map((json) => ({ json }));
	const run = await executeWorkflow({
		workflow,
		workflowData,
		mode: start.mode,
		executionId: start.executionId,
		credentialsHelper,
		startNode: start.name,
		startData: [input],
	});
	const nodeRuns = run.data.resultData.runData.Subject ?? [];
	const last = nodeRuns[nodeRuns.length - 1];
	return {
		items: last?.data?.main?.[0] ?? [],
		error: (last?.error ?? run.data.resultData.error) as NodeRun['error'],
		run,
		credentialsHelper,
	};
}

/** Runs [Test Input] → [node] through WorkflowExecute and returns the node's output. */
export async function runNode(options: RunNodeOptions): Promise<NodeRun> {
	return await runSubject(options, {
		type: 'test.input',
		id: 'input',
		name: 'Input',
		typeVersion: 1,
		workflow: { id: 'test-workflow', name: 'test', active: false },
		mode: 'manual',
		executionId: 'test-execution',
	});
}
