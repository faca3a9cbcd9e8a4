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
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	Workflow as WorkflowType,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';

import { PACKAGE, packCredentialTypes, packNodeTypes } from './pack';

export { PACKAGE };

/** Emits whatever items the test hands it; stands in for a manual trigger. */
class TestInput implements INodeType {
	description = {
		displayName: 'Test Input',
		name: 'testInput',
		group: ['input'],
		version: 1,
		description: 'Test input',
		defaults: { name: 'Test Input' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
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

export class TestNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType>;

	constructor() {
		this.types = { 'test.input': new TestInput(), ...packNodeTypes() };
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

/** Runs [Test Input] → [node] through WorkflowExecute and returns the node's output. */
export async function runNode(options: RunNodeOptions): Promise<NodeRun> {
	const nodeTypes = new TestNodeTypes();
	const credentialsHelper = new TestCredentialsHelper({ ...options.credentials });
	const credentialRefs = Object.fromEntries(
		Object.keys(options.credentials).map((type) => [type, { id: `${type}-id`, name: type }]),
	);
	const workflowData: IWorkflowBase = {
		id: 'test-workflow',
		name: 'test',
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: [
			{ id: 'input', name: 'Input', type: 'test.input', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'subject',
				name: 'Subject',
				type: `${PACKAGE}.${options.type}`,
				typeVersion: options.typeVersion ?? 1,
				position: [200, 0],
				parameters: options.parameters,
				credentials: credentialRefs,
				continueOnFail: options.continueOnFail ?? false,
			},
		],
		connections: { Input: { main: [[{ node: 'Subject', type: 'main', index: 0 }]] } },
		settings: {},
	} as unknown as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		nodeTypes,
		active: false,
		settings: {},
	});
	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', workflowData);
	let finish: (run: IRun) => void = () => undefined;
	const done = new Promise<IRun>((resolve) => (finish = resolve));
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => finish(fullRunData));
	const additionalData = buildAdditionalData(credentialsHelper, hooks);
	const input = (options.input ?? [{}]).map((json) => ({ json }));
	const runExecutionData: IRunExecutionData = {
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			nodeExecutionStack: [{ node: workflow.getNode('Input')!, data: { main: [input] }, source: null }],
			waitingExecution: {},
			waitingExecutionSource: {},
		},
	} as unknown as IRunExecutionData;
	const execute = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	await execute.processRunExecutionData(workflow);
	const run = await done;
	const nodeRuns = run.data.resultData.runData.Subject ?? [];
	const last = nodeRuns[nodeRuns.length - 1];
	return {
		items: last?.data?.main?.[0] ?? [],
		error: (last?.error ?? run.data.resultData.error) as NodeRun['error'],
		run,
		credentialsHelper,
	};
}
