/**
 * Helpers for end-to-end tests against the ONE real n8n the global setup started
 * (test/e2e/global-setup.js). Typical test file:
 *
 *   const ctx = useContactsSandbox();           // own sandbox + credential for this file
 *   it('…', async () => {
 *     const items = await runNodeWorkflow('contactsApi', { resource: 'contact', operation: 'get', … },
 *       { contactsApi: ctx.credentialId }, [{ some: 'input' }]);
 *     expect(ctx.sandbox.store.contacts.size).toBe(1);
 *   });
 *
 * runNodeWorkflow runs one node of the pack; runWorkflowSteps chains several and returns every
 * step's output, the execution and the error. Both use the editor's "Execute workflow" path
 * (Manual Trigger with pinned input items → POST /rest/workflows/:id/run → execution).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { CONTACTS_DEMO, startContactsSandbox, type Sandbox } from '../../harness/sandboxes';

// Plain CommonJS, shared with scripts/start.sh.
const runner = require('../../../scripts/runner');

export interface E2EState {
	version: string;
	url: string;
	port: number;
	userFolder: string;
	logFile: string;
	tarball: string;
	packageName: string;
	owner: { email: string; password: string };
	apiKey: string;
	cookie: string;
	browserId: string;
	sandboxes: { contacts: { url: string; locationId: string }; callbell?: { url: string; apiKey?: string }; dialpad?: { url: string; apiKey: string } };
	/** Credentials created at setup against the shared sandboxes: type → credential id. */
	credentials: { contactsApi?: string; callbellApi?: string; dialpadApi?: string };
	missingBuildOutputs: string[];
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/** The subset of scripts/runner/api.js N8nApi the tests use (see that file for the rest). */
export interface N8nApi {
	url: string;
	request(method: string, path: string, options?: { body?: unknown; auth?: 'cookie' | 'apiKey' | 'none'; headers?: Record<string, string>; raw?: boolean }): Promise<any>;
	nodeTypes(): Promise<Array<{ name: string; displayName: string; version: number | number[]; credentials?: Array<{ name: string }> }>>;
	credentialTypes(): Promise<Array<{ name: string; displayName: string }>>;
	createCredential(c: { name: string; type: string; data: IDataObject }): Promise<{ id: string; name: string; type: string }>;
	deleteCredential(id: string): Promise<unknown>;
	testCredential(id: string, data?: IDataObject): Promise<CredentialTestResult>;
	createWorkflow(w: IDataObject): Promise<{ id: string }>;
	activateWorkflow(id: string): Promise<unknown>;
	deactivateWorkflow(id: string): Promise<unknown>;
	deleteWorkflow(id: string): Promise<unknown>;
	runWorkflowManually(id: string, o?: { triggerName?: string; destinationNode?: string }): Promise<string>;
	callWebhook(path: string, o?: { method?: string; body?: unknown; headers?: Record<string, string>; retryMs?: number; test?: boolean }): Promise<{ status: number; headers: Headers; body: any }>;
	getExecution(id: string, o?: { includeData?: boolean }): Promise<any>;
	listExecutions(o?: { workflowId?: string; status?: string; includeData?: boolean; limit?: number }): Promise<any[]>;
	waitForExecution(id: string, o?: { timeoutMs?: number }): Promise<any>;
}

export interface WorkflowStep {
	/** 'contactsApi' (the pack's prefix is added) or a full type like 'n8n-nodes-base.set'. */
	type: string;
	parameters?: INodeParameters;
	/** credential type → credential id */
	credentials?: Record<string, string>;
	name?: string;
	typeVersion?: number;
	/** "On Error: Continue" (regular output). */
	continueOnFail?: boolean;
	/** Extra node fields, e.g. { retryOnFail: true }. */
	settings?: IDataObject;
}

export interface StepResult {
	ran: boolean;
	/** Every output of the node's last run (items as n8n stores them: { json, pairedItem, … }). */
	outputs: Array<Array<{ json: IDataObject; pairedItem?: unknown; binary?: IDataObject; error?: unknown }>>;
	items: Array<{ json: IDataObject; pairedItem?: unknown }>;
	error?: { message: string; description?: string; httpCode?: string; name?: string; [k: string]: unknown };
}

export interface WorkflowRunResult {
	workflowId: string;
	executionId: string;
	status: string;
	execution: any;
	steps: Record<string, StepResult>;
	/** json of the last step's first output */
	items: IDataObject[];
	error?: StepResult['error'];
	failedNode?: string;
}

export interface RunOptions {
	/** 'manual' (default): the editor's Execute workflow; 'webhook': production webhook path. */
	mode?: 'manual' | 'webhook';
	/** Keep the workflow in n8n after the run (for debugging in the editor). */
	keep?: boolean;
	timeoutMs?: number;
	name?: string;
}

let cachedState: E2EState | undefined;
export function e2eState(): E2EState {
	if (cachedState) return cachedState;
	const file = process.env.N8N_E2E_STATE;
	if (!file || !fs.existsSync(file)) {
		throw new Error('N8N_E2E_STATE is not set: run the e2e tests with `npm run test:e2e` (jest -c jest.e2e.config.js)');
	}
	cachedState = JSON.parse(fs.readFileSync(file, 'utf8')) as E2EState;
	return cachedState;
}

let cachedApi: N8nApi | undefined;
/** A client logged in as the owner (cookie for /rest, API key for /api/v1). */
export function n8nApi(): N8nApi {
	if (cachedApi) return cachedApi;
	const s = e2eState();
	cachedApi = new runner.N8nApi(s.url, { cookie: s.cookie, apiKey: s.apiKey, browserId: s.browserId }) as N8nApi;
	return cachedApi;
}

export function fullNodeType(type: string): string {
	return runner.fullType(type);
}

/** Runs trigger → steps… in n8n; never throws for node errors (see result.error). */
export async function runWorkflowSteps(steps: WorkflowStep[], inputItems?: IDataObject[], options: RunOptions = {}): Promise<WorkflowRunResult> {
	return await runner.runWorkflowSteps(n8nApi(), steps, inputItems, options);
}

/**
 * Runs ONE node of the pack in n8n on inputItems (default [{}]) and resolves to the json of
 * its first output's items. Rejects with n8n's error (message, description, httpCode) when
 * the node fails.
 */
export async function runNodeWorkflow(
	nodeType: string,
	parameters: INodeParameters,
	credentials?: Record<string, string>,
	inputItems?: IDataObject[],
	options: RunOptions & { step?: Partial<WorkflowStep> } = {},
): Promise<IDataObject[]> {
	return await runner.runNodeWorkflow(n8nApi(), nodeType, parameters, credentials, inputItems, options);
}

/** Contacts credential data pointing at a sandbox (the demo write token by default). */
export function contactsCredentialData(url: string, overrides: IDataObject = {}): IDataObject {
	return {
		token: CONTACTS_DEMO.tokens.write,
		locationId: CONTACTS_DEMO.locationId,
		baseUrl: 'custom',
		customBaseUrl: url,
		apiVersion: '2021-07-28',
		...overrides,
	};
}

/** Creates a credential in n8n; deleted again in afterAll when created inside a describe. */
export async function createCredential(type: string, data: IDataObject, name = `${type} ${Date.now()}`): Promise<string> {
	const created = await n8nApi().createCredential({ name, type, data });
	return created.id;
}

/**
 * Takes down what a test set up, as far as it got: its workflow (deactivated, then deleted),
 * its credential, its sandbox. The n8n calls' failures are ignored (n8n may be gone already).
 */
export async function removeSetup(
	api: N8nApi,
	{ workflowId, credentialId, sandbox }: { workflowId?: string; credentialId?: string; sandbox?: { close(): Promise<void> } },
): Promise<void> {
	if (workflowId) {
		await api.deactivateWorkflow(workflowId).catch(() => undefined);
		await api.deleteWorkflow(workflowId).catch(() => undefined);
	}
	if (credentialId) await api.deleteCredential(credentialId).catch(() => undefined);
	if (sandbox) await sandbox.close();
}

/** The sandbox handle with its in-memory state (test/sandbox/contacts/store.js). */
export type ContactsSandbox = Sandbox & {
	store: { contacts: Map<string, IDataObject>; tasks: Map<string, IDataObject>; notes: Map<string, IDataObject>; [k: string]: unknown };
};

export interface SandboxContext {
	sandbox: ContactsSandbox;
	credentialId: string;
}

/**
 * Starts a Contacts sandbox of this test file (direct access to store, requests, faults)
 * and an n8n credential pointing at it, in beforeAll; closes both in afterAll. After each
 * test, fails on spec violations and clears the request log.
 */
export function useContactsSandbox(options: { sandbox?: Record<string, unknown>; credential?: IDataObject } = {}): SandboxContext {
	return useSandboxCredential(
		async () => (await startContactsSandbox({ contacts: 0, ...(options.sandbox || {}) })) as ContactsSandbox,
		'contactsApi',
		(url) => contactsCredentialData(url, options.credential),
		'Contacts sandbox',
	);
}

/** What every e2e sandbox has that useSandboxCredential needs. */
interface CheckedSandbox {
	url: string;
	specViolations(): string[];
	clearSpecViolations(): void;
	clearRequests(): void;
	close(): Promise<void>;
}

/**
 * A sandbox of this test file and an n8n credential of `type` pointing at it, in beforeAll
 * (the credential named `label` and the test file); both go again in afterAll. After each
 * test, fails on spec violations and clears the request log.
 */
export function useSandboxCredential<S extends CheckedSandbox>(
	start: () => Promise<S>,
	type: string,
	data: (url: string) => IDataObject,
	label: string,
): { sandbox: S; credentialId: string } {
	const ctx = {} as { sandbox: S; credentialId: string };
	beforeAll(async () => {
		ctx.sandbox = await start();
		ctx.credentialId = await createCredential(type, data(ctx.sandbox.url), `${label} ${path.basename(expect.getState().testPath || '')}`);
	});
	afterEach(() => {
		if (!ctx.sandbox) return;
		expect(ctx.sandbox.specViolations()).toEqual([]);
		ctx.sandbox.clearSpecViolations();
		ctx.sandbox.clearRequests();
	});
	afterAll(async () => {
		if (ctx.credentialId) await n8nApi().deleteCredential(ctx.credentialId).catch(() => undefined);
		if (ctx.sandbox) await ctx.sandbox.close();
	});
	return ctx;
}

/** The pack's node and credential type names n8n should list, from package.json's n8n section. */
export function expectedPackTypes(): { nodes: string[]; credentials: string[] } {
	const root = path.resolve(__dirname, '../../..');
	const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; n8n: { nodes: string[]; credentials: string[] } };
	// n8n names a type by its description's `name`; our files follow Name.node.js → `name`.
	const typeName = (file: string, kind: 'nodes' | 'credentials'): string => {
		const full = path.join(root, file);
		const base = path.basename(file).split('.')[0];
		if (fs.existsSync(full)) {
			try {
				const Cls = require(full)[base];
				const instance = new Cls();
				return kind === 'nodes' ? instance.description.name : instance.name;
			} catch {
				/* fall back to the naming convention */
			}
		}
		return base.charAt(0).toLowerCase() + base.slice(1);
	};
	return {
		nodes: pkg.n8n.nodes.map((f) => `${pkg.name}.${typeName(f, 'nodes')}`),
		credentials: pkg.n8n.credentials.map((f) => typeName(f, 'credentials')),
	};
}
