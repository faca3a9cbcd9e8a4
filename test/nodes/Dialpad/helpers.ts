/** Shared setup of the Dialpad node tests: the sandbox, the credential, and a leak check. */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { runNode, type NodeRun } from '../../harness/engine';
import { serialised } from '../../harness/serialise';
import { loadOptionsContext } from '../../harness/loadOptions';
import type { DialpadSandbox, RecordedRequest } from '../../harness/sandboxes';
import { DIALPAD_DEMO, dialpadCredential, startDialpadSandbox, useSandboxFile } from '../../harness/sandboxes';

export { DIALPAD_DEMO as DEMO };
export type { DialpadSandbox };

export interface RunOptions {
	input?: IDataObject[];
	continueOnFail?: boolean;
	credential?: Partial<ICredentialDataDecryptedObject>;
}

/** Runs the Dialpad node through the engine and checks that the API key never leaked. */
export async function runDialpad(sandbox: DialpadSandbox, parameters: INodeParameters, options: RunOptions = {}): Promise<NodeRun> {
	const credentials = dialpadCredential(sandbox, options.credential);
	const result = await runNode({ type: 'dialpad', parameters, credentials, input: options.input, continueOnFail: options.continueOnFail });
	const text = serialised(result);
	const key = String(credentials.dialpadApi.apiKey);
	if (key && text.includes(key)) throw new Error(`The API key leaked into the execution: ${key.slice(0, 8)}…`);
	return result;
}

export function byId(value: string, mode: 'id' | 'list' = 'id') {
	return { __rl: true, mode, value };
}

/** The requests to the API (all, or those matching a method and a path below /api/v2). */
export function sent(sandbox: DialpadSandbox, method?: string, path?: string | RegExp): RecordedRequest[] {
	return sandbox.requests.filter((r) => {
		const rel = r.path.replace(/^\/api\/v2/, '');
		return (!method || r.method === method) && (!path || (typeof path === 'string' ? rel === path : path.test(rel)));
	});
}

/** Calls one of the node's pickers the way n8n's editor does. */
export async function callMethod<T>(sandbox: DialpadSandbox, kind: 'listSearch', method: string, args: unknown[] = []): Promise<T> {
	const { context, nodeType } = loadOptionsContext('dialpad', {}, dialpadCredential(sandbox));
	const fn = (nodeType.methods?.[kind] as Record<string, (...a: unknown[]) => Promise<T>> | undefined)?.[method];
	if (!fn) throw new Error(`No ${kind} method ${method}`);
	return await fn.apply(context, args);
}

/** The usual per-file lifecycle: one sandbox, spec violations checked after every test. */
export function useSandbox(options: Record<string, unknown> = {}): () => DialpadSandbox {
	return useSandboxFile(async () => await startDialpadSandbox(options));
}
