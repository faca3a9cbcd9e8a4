/**
 * n8n 1.x compatibility smoke test: the same packed tarball installed as a community package
 * in n8n 1.123.81 (the last 1.x line; installed into .n8n-runner/n8n-1.123.81 on first use,
 * several minutes cold, cached afterwards), on Node 24, with its own user folder, ports and
 * Contacts sandbox. Checks that 1.x loads every node and credential type of the pack and
 * runs a Contacts API contact create → get workflow, and that the Contacts API Trigger
 * accepts a signed delivery, refuses its duplicate and keeps the record in static data.
 *
 * n8n 1.x's "Execute workflow" endpoint wants the whole workflow in the request, so the
 * workflow runs through a production webhook (runWorkflowSteps mode 'webhook').
 */
import type { IDataObject } from 'n8n-workflow';

import { CONTACTS_DEMO, startContactsSandbox } from '../harness/sandboxes';
import { readRecord, recordKey } from '../../nodes/shared/triggers/dedupRecord';
import { createSigner, stamp } from '../nodes/ContactsApiTrigger/signer';
import { contactsCredentialData, e2eState, expectedPackTypes, type ContactsSandbox } from './helpers/e2e';
import { startExtraN8n, type ExtraN8n } from './helpers/instance';
import { createTriggerWorkflow, expectExecutionCountStays, nodeOutput, postWebhook, waitForExecutionCount } from './helpers/triggers';

const runner = require('../../scripts/runner');

const VERSION = '1.123.81';
const INSTALL_TIMEOUT_MS = 20 * 60_000;

describe(`the pack in n8n ${VERSION}`, () => {
	let n8n: ExtraN8n;
	let sandbox: ContactsSandbox;
	let credentialId: string;

	beforeAll(async () => {
		const installed = await runner.ensureRunner({ version: VERSION });
		process.stderr.write(`[e2e n8n ${VERSION}] runner ${installed.cached ? 'cached' : `installed in ${installed.seconds.toFixed(0)} s`}\n`);
		sandbox = (await startContactsSandbox({ contacts: 0 })) as ContactsSandbox;
		n8n = await startExtraN8n({ version: VERSION, runner: installed });
		process.stderr.write(`[e2e n8n ${VERSION}] ready on ${n8n.url} in ${n8n.startSeconds.toFixed(1)} s\n`);
		// 1.x's public API validates credential data against a schema that demands fields of
		// n8n's generic "allowed domains" option; the editor's endpoint takes what the dialog sends.
		const created = await n8n.api.request('POST', '/rest/credentials', {
			body: { name: 'Contacts sandbox (1.x)', type: 'contactsApi', data: contactsCredentialData(sandbox.url) },
		});
		credentialId = String(created.id);
	}, INSTALL_TIMEOUT_MS);

	afterEach(() => {
		if (!sandbox) return;
		expect(sandbox.specViolations()).toEqual([]);
		sandbox.clearSpecViolations();
	});

	afterAll(async () => {
		if (n8n) await n8n.close();
		if (sandbox) await sandbox.close();
	});

	it('is n8n 1.x, on Node 24', async () => {
		const settings = await n8n.api.request('GET', '/rest/settings');
		expect(settings.versionCli).toBe(VERSION);
		expect(settings.nodeJsVersion).toMatch(/^24\./);
	});

	it('loads every node and credential type of the pack, without load errors', async () => {
		const expected = expectedPackTypes();
		const nodes = new Set((await n8n.api.nodeTypes()).map((n) => n.name));
		const credentials = new Set((await n8n.api.credentialTypes()).map((c) => c.name));
		expect({ missingNodes: expected.nodes.filter((n) => !nodes.has(n)) }).toEqual({ missingNodes: [] });
		expect({ missingCredentials: expected.credentials.filter((c) => !credentials.has(c)) }).toEqual({ missingCredentials: [] });
		expect(n8n.logs()).not.toMatch(new RegExp(`Failed to load package "${e2eState().packageName}"|Error loading package`));
	});

	it('runs Contacts API contact create → get against the sandbox', async () => {
		sandbox.clearRequests();
		const run = await runner.runWorkflowSteps(
			n8n.api,
			[
				{
					type: 'contactsApi',
					name: 'Create Contact',
					credentials: { contactsApi: credentialId },
					parameters: {
						resource: 'contact',
						operation: 'create',
						email: '={{ $json.email }}',
						additionalFields: { firstName: '={{ $json.first }}', lastName: 'Hopper', tags: ['vip'] },
					},
				},
				{
					type: 'contactsApi',
					name: 'Get Contact',
					credentials: { contactsApi: credentialId },
					parameters: { resource: 'contact', operation: 'get', contactId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
				},
			],
			[{ first: 'Grace', email: 'grace.1x@example.com' }],
			{ mode: 'webhook', name: `e2e n8n ${VERSION} contact create → get` },
		);
		expect(run.error).toBeUndefined();
		expect(run.status).toBe('success');
		const created = run.steps['Create Contact'].items.map((i: { json: IDataObject }) => i.json);
		expect(created).toEqual([expect.objectContaining({ firstName: 'Grace', lastName: 'Hopper', email: 'grace.1x@example.com' })]);
		expect(run.items).toEqual([expect.objectContaining({ id: created[0].id, firstName: 'Grace', email: 'grace.1x@example.com', tags: ['vip'] })]);
		expect(sandbox.store.contacts.get(String(created[0].id))).toMatchObject({
			firstName: 'Grace',
			lastName: 'Hopper',
			email: 'grace.1x@example.com',
			locationId: CONTACTS_DEMO.locationId,
		});
		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /contacts/', `GET /contacts/${created[0].id}`]);
		for (const r of sandbox.requests) expect(r.headers.authorization).toBe(`Bearer ${CONTACTS_DEMO.tokens.write}`);
	});

	it('runs the Contacts API Trigger: one execution per signed delivery, duplicates refused and recorded in static data', async () => {
		const signer = await createSigner({ rsa: false });
		const wf = await createTriggerWorkflow(n8n.api, {
			type: 'contactsApiTrigger',
			triggerName: 'Contacts API Trigger',
			parameters: { events: ['*'], signatureMode: 'ed25519', ed25519PublicKey: signer.ed25519.publicPem },
		});
		await n8n.api.activateWorkflow(wf.id);
		const payload = stamp({ type: 'ContactCreate', locationId: CONTACTS_DEMO.locationId, id: 'c1', firstName: 'Ada' });
		const body = JSON.stringify(payload);
		const answer = await postWebhook(n8n.url, wf.webhookPath, body, signer.headers(body, 'ed25519'));
		expect(answer.status).toBe(200);
		const [execution] = await waitForExecutionCount(n8n.api, wf.id, 1);
		expect(nodeOutput(execution, 'Contacts API Trigger')).toEqual([
			{ ...payload, _webhook: { eventType: 'ContactCreate', webhookId: payload.webhookId, timestamp: payload.timestamp, verifiedBy: 'ed25519' } },
		]);

		const forged = await postWebhook(n8n.url, wf.webhookPath, body.replace('Ada', 'Eve'), signer.headers(body, 'ed25519'));
		expect(forged).toMatchObject({ status: 401, body: { error: 'Invalid x-ghl-signature signature' } });
		const duplicate = await postWebhook(n8n.url, wf.webhookPath, body, signer.headers(body, 'ed25519'));
		expect(duplicate).toMatchObject({ status: 200, body: { status: 'already processed', webhookId: payload.webhookId } });
		await expectExecutionCountStays(n8n.api, wf.id, 1);

		const stored = await n8n.api.request('GET', `/rest/workflows/${wf.id}`);
		expect(readRecord(stored.staticData?.['node:Contacts API Trigger'] ?? {}).map(([key]) => key)).toEqual([recordKey(`id:${payload.webhookId}`)]);
		await n8n.api.deactivateWorkflow(wf.id);
	});
});
