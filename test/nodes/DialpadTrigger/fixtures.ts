/** Shared setup of the Dialpad Trigger tests: sandbox, trigger harness, event delivery. */
import type { INodeParameters } from 'n8n-workflow';

import type { DialpadSandbox } from '../../harness/sandboxes';
import { DIALPAD_DEMO, dialpadCredential, startDialpadSandbox } from '../../harness/sandboxes';
import { startWebhookServer, type StaticDataStore, type WebhookServer } from '../../harness/webhook';

export const deliverJs = require('../../sandbox/dialpad/deliver');
export const { signJwt } = require('../../sandbox/dialpad/jwt');

export { DIALPAD_DEMO, startDialpadSandbox };
export type { DialpadSandbox };

export interface Delivered {
	status: number;
	body: Record<string, unknown> | string;
	text: string;
	rawBody: Buffer;
	url: string;
	headers: Record<string, string>;
}

export interface TriggerOptions {
	parameters?: INodeParameters;
	staticData?: StaticDataStore;
	workflowId?: string;
	nodeId?: string;
	webhookId?: string;
	apiKey?: string;
	/** n8n's WEBHOOK_URL as the node sees it; fixed so a "restarted" server keeps the same URLs. */
	webhookBase?: string;
}

export const DEFAULT_PARAMETERS: INodeParameters = {
	events: ['call.hangup', 'call.missed', 'contact.created', 'contact.updated', 'sms.inbound'],
	targetType: 'company',
	options: {},
};

export async function startTrigger(sandbox: DialpadSandbox, options: TriggerOptions = {}): Promise<WebhookServer> {
	return await startWebhookServer({
		type: 'dialpadTrigger',
		parameters: { ...DEFAULT_PARAMETERS, ...(options.parameters ?? {}) },
		credentials: dialpadCredential(sandbox, options.apiKey ? { apiKey: options.apiKey } : {}),
		staticData: options.staticData,
		workflowId: options.workflowId,
		nodeId: options.nodeId,
		webhookId: options.webhookId,
		webhookBaseUrl: options.webhookBase ? () => String(options.webhookBase) : undefined,
	});
}

/** Sends an event the way Dialpad would, to every matching subscription. */
export async function deliver(sandbox: DialpadSandbox, event: object, options: Record<string, unknown> = {}): Promise<Delivered[]> {
	return (await deliverJs.deliverEvent(sandbox, event, options)) as Delivered[];
}

export function requestsTo(sandbox: DialpadSandbox, method: string, path: string | RegExp) {
	return sandbox.requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === `/api/v2${path}` : path.test(r.path.replace(/^\/api\/v2/, ''))));
}
