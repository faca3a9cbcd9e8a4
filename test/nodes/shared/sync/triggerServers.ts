/**
 * The life cycle the Echo Guard tests of the Callbell and Dialpad Triggers share: one sandbox
 * for the file, and trigger servers (test/harness/webhook.ts) activated per test, each
 * deactivated and closed after its test once the sandbox's deliveries are idle.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startWebhookServer, type WebhookServer, type WebhookServerOptions } from '../../../harness/webhook';

export interface TriggerSandbox {
	webhooks: { idle(): Promise<void> };
	close(): Promise<void>;
}

export interface SyncTriggerSetup<S extends TriggerSandbox> {
	/** Starts the file's sandbox (beforeAll). */
	start: () => Promise<S>;
	/** The trigger server for a test, given the trigger's Options. */
	server: (options: INodeParameters) => WebhookServerOptions;
	/** Runs after each test, once its servers are closed. */
	afterEach?: () => void;
}

export interface SyncTrigger {
	/** Starts and activates a trigger server, closed after the test. */
	serve(options?: INodeParameters): Promise<WebhookServer>;
	/** Waits for the sandbox's deliveries and the executions they started. */
	settle(server: WebhookServer): Promise<void>;
	/** The trigger's first item of the server's last execution. */
	lastItem(server: WebhookServer): IDataObject;
}

export function useSyncTrigger<S extends TriggerSandbox>(setup: SyncTriggerSetup<S>): SyncTrigger {
	let sandbox: S;
	const servers: WebhookServer[] = [];
	beforeAll(async () => {
		sandbox = await setup.start();
	});
	afterEach(async () => {
		await sandbox.webhooks.idle();
		for (const server of servers.splice(0)) {
			await server.deactivate();
			await server.close();
		}
		setup.afterEach?.();
	});
	afterAll(async () => {
		await sandbox.close();
	});
	return {
		async serve(options = {}) {
			const server = await startWebhookServer(setup.server(options));
			servers.push(server);
			await server.activate();
			return server;
		},
		async settle(server) {
			await sandbox.webhooks.idle();
			await server.settled();
		},
		lastItem(server) {
			return server.executions[server.executions.length - 1].triggerItems[0].json;
		},
	};
}
