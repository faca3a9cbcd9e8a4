/** Shared setup of the Callbell node tests: the sandbox, the credential, and a leak check. */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { CALLBELL_DEMO, startCallbell, type CallbellDemo, type CallbellSandbox } from '../../harness/callbell';
import { runNode, type NodeRun } from '../../harness/engine';
import { loadOptionsContext } from '../../harness/loadOptions';
import { useSandboxFile, type RecordedRequest } from '../../harness/sandboxes';

export type { CallbellDemo, CallbellSandbox } from '../../harness/callbell';
export { startCallbell };

export const DEMO: CallbellDemo = CALLBELL_DEMO;

/** A secret that is only in the credential: it must never show up anywhere either. */
export const SIGNING_SECRET = 'whsec_sandboxSigningSecret0123456789';

export function callbellCredential(
	sandbox: CallbellSandbox,
	overrides: Partial<ICredentialDataDecryptedObject> = {},
): Record<string, ICredentialDataDecryptedObject> {
	return { callbellApi: { apiKey: DEMO.apiKey, baseUrl: sandbox.url, signingSecret: SIGNING_SECRET, ...overrides } };
}

export { serialised } from '../../harness/serialise';
import { serialised } from '../../harness/serialise';

export interface RunOptions {
	input?: IDataObject[];
	continueOnFail?: boolean;
	credential?: Partial<ICredentialDataDecryptedObject>;
}

/** Runs the Callbell node through the engine and checks that no secret leaked. */
export async function runCallbell(sandbox: CallbellSandbox, parameters: INodeParameters, options: RunOptions = {}): Promise<NodeRun> {
	const credentials = callbellCredential(sandbox, options.credential);
	const result = await runNode({
		type: 'callbell',
		parameters,
		credentials,
		input: options.input,
		continueOnFail: options.continueOnFail,
	});
	const text = serialised(result);
	for (const secret of [credentials.callbellApi.apiKey, SIGNING_SECRET]) {
		if (typeof secret === 'string' && secret && text.includes(secret)) {
			throw new Error(`A secret leaked into the execution: ${secret.slice(0, 8)}…`);
		}
	}
	return result;
}

export function byId(value: string, mode: 'id' | 'list' = 'id') {
	return { __rl: true, mode, value };
}

/** The requests to the API (all of them, or those matching a method and path). */
export function sent(sandbox: CallbellSandbox, method?: string, path?: string | RegExp): RecordedRequest[] {
	return sandbox.requests.filter(
		(r) => (!method || r.method === method) && (!path || (typeof path === 'string' ? r.path === path : path.test(r.path))),
	);
}

/** Calls one of the node's pickers the way n8n's editor does. */
export async function callMethod<T>(
	sandbox: CallbellSandbox,
	kind: 'loadOptions' | 'listSearch',
	method: string,
	args: unknown[] = [],
	parameters: INodeParameters = {},
): Promise<T> {
	const { context, nodeType } = loadOptionsContext('callbell', parameters, callbellCredential(sandbox));
	const group = nodeType.methods?.[kind] as Record<string, (...a: unknown[]) => Promise<T>> | undefined;
	const fn = group?.[method];
	if (!fn) throw new Error(`No ${kind} method ${method}`);
	return await fn.apply(context, args);
}

/** Message → Send: a WhatsApp text to John through the demo channel. */
export function whatsappText(text: string) {
	return {
		resource: 'message',
		operation: 'send',
		channelUuid: byId(DEMO.channels.whatsapp),
		recipientType: 'to',
		to: DEMO.phones.john,
		messageType: 'text',
		text,
	};
}

/** The usual per-file lifecycle: one sandbox, spec violations checked after every test. */
export function useSandbox(options: Record<string, unknown> = {}): () => CallbellSandbox {
	return useSandboxFile(async () => await startCallbell(options));
}
