/**
 * Acknowledged means executed, in regular mode (one n8n, SQLite), across SIGTERM and SIGKILL of
 * the process that receives the webhooks (issue 9): a stream of ~10 requests/s: signed deliveries to a
 * Contacts API Trigger workflow and, as the control, to a workflow started by n8n's own
 * Webhook node (5/s each). A few seconds in, n8n is stopped (SIGTERM: its graceful shutdown;
 * SIGKILL: at once) and started again on the same folder and ports while the streams go on.
 * Afterwards, for the trigger and the control: every delivery answered 2xx has exactly one
 * execution and (SIGTERM) it finished with success; stuck executions are counted for both. Runs on a
 * short-lived n8n of its own (the shared one is not restarted); the queue-mode counterpart is
 * test/e2e-queue/restart.e2e.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { IDataObject } from 'n8n-workflow';

import { createSigner, stamp, type Signer } from '../nodes/ContactsApiTrigger/signer';
import {
	activeWorkflow,
	buildIndex,
	contactsTrigger,
	report,
	reportVerdict,
	runTag,
	send,
	stream,
	verdict,
	webhookNode,
	type ActiveWorkflow,
	type ExecutionIndex,
	type ExecutionRow,
} from '../e2e-queue/helpers';
import { e2eState, type N8nApi } from './helpers/e2e';
import { freePort } from './helpers/instance';
import { sleep } from './helpers/triggers';

const runner = require('../../scripts/runner');

const CONTACT: IDataObject = { type: 'ContactUpdate', locationId: 've9EPM428h8vShlRW1KT', id: 'nmFmQEsNgz6AVpgLVUJ0', firstName: 'John', lastName: 'Deo' };
/** Per stream: trigger and control together make the ~10 requests/s of the issue's test. */
const RATE_PER_SECOND = 5;

interface Handle {
	url: string;
	pid: number;
	startSeconds: number;
	stop(graceMs?: number): Promise<void>;
}

/**
 * Every execution of the workflow (public API, with data), with the delivery ids `<tag>-<n>` it
 * carries. The plain list leaves out executions this n8n is running right now (its
 * `excludeRunning`), so those are asked for separately.
 */
async function executionIndex(api: N8nApi, workflowId: string, tag: string): Promise<ExecutionIndex> {
	const rows = new Map<string, ExecutionRow>();
	for (const status of ['', '&status=running']) {
		let cursor: string | undefined;
		do {
			const page = await api.request('GET', `/api/v1/executions?workflowId=${workflowId}&includeData=true&limit=100${status}${cursor ? `&cursor=${cursor}` : ''}`);
			for (const e of page.data) {
				const ids = new Set(JSON.stringify(e.data ?? {}).match(new RegExp(`${tag}-[0-9]+`, 'g')) ?? []);
				rows.set(String(e.id), { id: String(e.id), status: String(e.status), deliveries: [...ids] });
			}
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
	}
	return buildIndex([...rows.values()]);
}

/** Waits until the workflow's executions of this tag stop changing and none is new/running. */
async function settled(api: N8nApi, workflowId: string, tag: string, { quietMs = 4000, timeoutMs = 180_000 } = {}): Promise<ExecutionIndex> {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	let since = Date.now();
	for (;;) {
		let index: ExecutionIndex;
		try {
			index = await executionIndex(api, workflowId, tag);
		} catch (error) {
			// A restarted n8n answers 503 until its database is ready: ask again.
			if (Date.now() > deadline) throw error;
			await sleep(1000);
			continue;
		}
		const open = index.tagged.some((e) => ['new', 'running', 'waiting'].includes(e.status));
		const key = JSON.stringify(index.taggedByStatus);
		if (key !== last || open) {
			last = key;
			since = Date.now();
		} else if (Date.now() - since >= quietMs) {
			return index;
		}
		if (Date.now() > deadline) return index;
		await sleep(500);
	}
}

describe('regular mode: SIGTERM and SIGKILL of n8n under load (trigger and Webhook-node control)', () => {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-restart-'));
	let options: IDataObject;
	let n8n: Handle;
	let api: N8nApi & { ensureOwner(o: IDataObject): Promise<unknown>; createApiKey(o?: IDataObject): Promise<string> };
	let signer: Signer;
	let trigger: ActiveWorkflow;
	let control: ActiveWorkflow;

	beforeAll(async () => {
		const port = await freePort();
		let brokerPort = await freePort();
		while (brokerPort === port) brokerPort = await freePort();
		options = { version: '2.41.1', userFolder, port, brokerPort, runner: await runner.ensureRunner({ version: '2.41.1' }), timeoutMs: 300_000 };
		[n8n, signer] = await Promise.all([runner.startN8n({ ...options, tarball: e2eState().tarball }), createSigner({ rsa: false })]);
		api = new runner.N8nApi(n8n.url);
		await api.ensureOwner({ email: 'restart-owner@example.com', password: 'Restart-password-1', firstName: 'Restart', lastName: 'Owner' });
		await api.createApiKey({ label: 'e2e restart' });
		trigger = await activeWorkflow(api, contactsTrigger(signer.parameters()), { name: 'e2e restart trigger', probe: { body: '{}', baseUrls: [n8n.url] } });
		control = await activeWorkflow(api, webhookNode(), { name: 'e2e restart control', probe: { body: '{"probe":true}', baseUrls: [n8n.url] } });
	});

	afterAll(async () => {
		if (n8n) await n8n.stop();
		if (process.env.E2E_KEEP !== '1') fs.rmSync(userFolder, { recursive: true, force: true });
	});

	it.each(['SIGTERM', 'SIGKILL'] as const)('%s: every 2xx has exactly one execution, finished after SIGTERM (trigger and Webhook-node control)', async (signal) => {
		const tag = runTag(signal === 'SIGTERM' ? 'rterm' : 'rkill');
		const controlTag = `${tag}c`;
		const triggerStream = stream(RATE_PER_SECOND, async (n) => {
			const id = `${tag}-${n}`;
			const body = JSON.stringify(stamp(CONTACT, new Date(), id));
			return { id, ...(await send(`${n8n.url}/webhook/${trigger.webhookPath}`, body, signer.headers(body, 'ed25519'))) };
		});
		const controlStream = stream(RATE_PER_SECOND, async (n) => {
			const id = `${controlTag}-${n}`;
			return { id, ...(await send(`${n8n.url}/webhook/${control.webhookPath}`, JSON.stringify({ id }))) };
		});

		await sleep(3000);
		const t0 = Date.now();
		if (signal === 'SIGKILL') {
			try {
				process.kill(-n8n.pid, 'SIGKILL');
			} catch {
				/* already gone */
			}
		}
		await n8n.stop(60000);
		const shutdownSeconds = (Date.now() - t0) / 1000;
		// Same folder and ports; the package stays installed, as after a real restart.
		n8n = await runner.startN8n({ ...options, registerPackage: false });
		await sleep(3000);
		const [triggerSent, controlSent] = await Promise.all([triggerStream.stop(), controlStream.stop()]);

		const [t, c] = await Promise.all([settled(api, trigger.id, tag), settled(api, control.id, controlTag)]);
		const triggerVerdict = verdict(triggerSent, t);
		const controlVerdict = verdict(controlSent, c);
		report(`regular mode, ${signal} of n8n: shutdown ${shutdownSeconds.toFixed(1)} s, ready again after ${n8n.startSeconds.toFixed(1)} s`);
		reportVerdict('trigger', triggerVerdict);
		reportVerdict('control (Webhook node)', controlVerdict);

		// Every delivery answered 2xx: exactly one execution, and (SIGTERM) it finished with success.
		// SIGKILL can cut a running execution short (n8n marks it crashed at the next start), and
		// requests cut off before any answer can leave a `new` execution: n8n core does both for its
		// own Webhook node too, so those counts are printed next to the control's.
		for (const v of [triggerVerdict, controlVerdict]) {
			expect({ lost: v.lost, twice: v.twice, unfinished: signal === 'SIGKILL' ? [] : v.unfinished }).toEqual({ lost: [], twice: [], unfinished: [] });
		}
		for (const v of [triggerVerdict, controlVerdict]) expect(v.acked).toBeGreaterThan(RATE_PER_SECOND * 3);
	}, 600_000);
});
