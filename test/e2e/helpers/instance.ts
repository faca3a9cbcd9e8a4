/**
 * A second, short-lived n8n beside the shared one of the global setup: its own user folder,
 * free ports, the same packed tarball installed as a community package, an owner and an
 * API key. For tests that must restart n8n or run another n8n version without disturbing
 * the shared instance.
 *
 *   const extra = await startExtraN8n({ version: '1.123.81' });
 *   … extra.api.createCredential(…) …
 *   await extra.restart();        // same user folder (database, static data), same ports
 *   await extra.close();          // stops n8n, removes the folder (kept with E2E_KEEP=1)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { e2eState, type N8nApi } from './e2e';

const runner = require('../../../scripts/runner');

/** A TCP port nobody listens on right now (the OS picks it; scripts/runner/ports.js). */
export const freePort: () => Promise<number> = runner.freePort;

export interface ExtraN8n {
	version: string;
	url: string;
	port: number;
	userFolder: string;
	api: N8nApi;
	/** Seconds from spawn to readiness of the last start. */
	startSeconds: number;
	logs(): string;
	/** Stops n8n (SIGTERM, graceful) and starts it again on the same folder and ports. */
	restart(): Promise<void>;
	close(): Promise<void>;
}

interface Handle {
	url: string;
	port: number;
	pid: number;
	startSeconds: number;
	logs(): string;
	stop(graceMs?: number): Promise<void>;
}

export interface ExtraN8nOptions {
	version?: string;
	/** Extra environment for n8n (e.g. N8N_EXPRESSION_ENGINE). */
	env?: Record<string, string>;
	/** The tarball to install; defaults to the one the global setup packed. */
	tarball?: string;
	/** Resolved ensureRunner() result, when the caller installed the runner itself. */
	runner?: unknown;
	/** Write the installed_packages rows (2.x layout; off by default for other versions). */
	registerPackage?: boolean;
	logFile?: string;
}

const OWNER = { email: 'extra-owner@example.com', password: 'Extra-password-1', firstName: 'Extra', lastName: 'Owner' };

export async function startExtraN8n(options: ExtraN8nOptions = {}): Promise<ExtraN8n> {
	const version = options.version ?? '2.41.1';
	const installed = options.runner ?? (await runner.ensureRunner({ version }));
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-e2e-extra-${version}-`));
	const [port, brokerPort] = await runner.freePorts(2);
	const common = {
		version,
		userFolder,
		port,
		brokerPort,
		env: options.env,
		runner: installed,
		logFile: options.logFile,
	};
	let handle: Handle = await runner.startN8n({
		...common,
		tarball: options.tarball ?? e2eState().tarball,
		registerPackage: options.registerPackage ?? version.startsWith('2.'),
	});
	const api = new runner.N8nApi(handle.url) as N8nApi & {
		ensureOwner(o: typeof OWNER): Promise<unknown>;
		createApiKey(o?: { label?: string; scopes?: string[] }): Promise<string>;
	};
	await api.ensureOwner(OWNER);
	await api.createApiKey({ label: 'e2e extra' });

	const extra: ExtraN8n = {
		version,
		url: handle.url,
		port,
		userFolder,
		api,
		startSeconds: handle.startSeconds,
		logs: () => handle.logs(),
		async restart() {
			await handle.stop();
			// No tarball: the package stays installed in the folder, as after a real restart.
			handle = await runner.startN8n({ ...common, registerPackage: false });
			extra.startSeconds = handle.startSeconds;
		},
		async close() {
			await handle.stop();
			if (process.env.E2E_KEEP === '1') process.stderr.write(`[e2e] kept ${userFolder}\n`);
			else fs.rmSync(userFolder, { recursive: true, force: true });
		},
	};
	return extra;
}

export { OWNER as EXTRA_OWNER };
