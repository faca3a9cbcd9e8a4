/**
 * Issue 20, kinds 5 and 6, in n8n's real editor (headless Chromium, as editor.e2e.test.ts):
 * - a Contacts API node added the way a user adds it (node panel search, an action, the
 *   credential picked after the node is placed) shows the Custom Fields mapper as soon as
 *   the credential is chosen, loaded from the sandbox with that credential;
 * - the Contacts API, Callbell and Dialpad nodes offer "Custom API Call" (n8n 2.41 adds it
 *   only to a node without a defaultVersion other than its version), and the HTTP Request
 *   node that n8n points to for it works with each node's credential against its sandbox.
 */
import { randomUUID } from 'crypto';
import * as os from 'os';
import * as path from 'path';

import type { Page } from 'playwright-core';

import { DIALPAD_DEMO, startDialpadSandbox, type DialpadSandbox } from '../harness/sandboxes';
import { launchChromium, settle, signInToEditor, type EditorBrowser } from './helpers/browser';
import { useCallbellSandbox } from './helpers/callbell';
import { contactsCredentialData, createCredential, e2eState, fullNodeType, n8nApi, runWorkflowSteps, useContactsSandbox } from './helpers/e2e';

const contacts = useContactsSandbox({ sandbox: { contacts: 1 } });
const callbell = useCallbellSandbox();

/** What the sandbox saw of the editor's custom field look-ups. */
const fieldLookups = () => contacts.sandbox.requests.filter((r) => r.method === 'GET' && r.path === '/locations/loc_demo_0001/customFields');

describe('Issue 20 in the n8n editor (headless Chromium)', () => {
	let browser: EditorBrowser;
	let page: Page;
	let dialpad: DialpadSandbox;
	let dialpadCredentialId: string;
	let secondContactsCredentialId: string;
	const workflowIds: string[] = [];
	const credentialName = () => `Contacts sandbox ${path.basename(expect.getState().testPath || '')}`;

	beforeAll(async () => {
		browser = await launchChromium();
		page = await browser.newPage();
		const { url, owner } = e2eState();
		await signInToEditor(page, url, owner);
		secondContactsCredentialId = await createCredential('contactsApi', contactsCredentialData(contacts.sandbox.url), 'Contacts sandbox (second, editor-inputs e2e)');
		dialpad = await startDialpadSandbox({ port: 0 });
		dialpadCredentialId = await createCredential('dialpadApi', { apiKey: DIALPAD_DEMO.apiKey, environment: 'custom', customBaseUrl: dialpad.url }, 'Dialpad sandbox (editor-inputs e2e)');
	});

	afterAll(async () => {
		if (browser) await browser.close();
		for (const id of workflowIds) await n8nApi().deleteWorkflow(id).catch(() => undefined);
		if (dialpadCredentialId) await n8nApi().deleteCredential(dialpadCredentialId).catch(() => undefined);
		if (secondContactsCredentialId) await n8nApi().deleteCredential(secondContactsCredentialId).catch(() => undefined);
		if (dialpad) await dialpad.close();
	});

	async function orShot<T>(name: string, step: () => Promise<T>): Promise<T> {
		try {
			return await step();
		} catch (error) {
			await page.screenshot({ path: path.join(os.tmpdir(), `editor-inputs-${name}-failed.png`) }).catch(() => undefined);
			throw error;
		}
	}

	/** A new workflow holding only a manual trigger, open in the editor. */
	async function freshWorkflow(name: string): Promise<void> {
		const created = await n8nApi().createWorkflow({
			name,
			nodes: [{ id: randomUUID(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }],
			connections: {},
		});
		workflowIds.push(String(created.id));
		await page.goto(`${e2eState().url}/workflow/${String(created.id)}`);
		await page.getByTestId('canvas-node').first().waitFor({ timeout: 30000 });
	}

	/** Node panel → search → the node → one of its actions, as a user adds a node. */
	async function addFromPanel(search: string, nodeName: string, action: string): Promise<void> {
		await page.getByTestId('node-creator-plus-button').click();
		const creator = page.getByTestId('node-creator');
		await creator.waitFor({ timeout: 30000 });
		await page.keyboard.type(search);
		await creator.getByTestId('node-creator-item-name').filter({ hasText: new RegExp(`^${nodeName}$`) }).first().click();
		await orShot('action', () => creator.getByText(action, { exact: true }).first().click());
		await page.getByTestId('ndv').waitFor({ timeout: 30000 });
	}

	async function pickCredential(name: string): Promise<void> {
		// The same way as editor-first-run.e2e.test.ts: n8n 2.41's credential select is an
		// element-plus select whose options carry the credential's name as text.
		const select = page.getByTestId('node-credentials-select');
		await select.first().waitFor({ timeout: 30000 });
		await select.first().click();
		const options = page.locator('.el-select-dropdown__item:visible');
		await options.first().waitFor({ timeout: 10000 });
		await options.filter({ hasText: name }).first().click();
	}

	it('Contact → Create added from the node panel: the mapper appears once the credential is picked, loaded with it', async () => {
		await freshWorkflow('Issue 20: mapper on a new node (editor e2e)');
		contacts.sandbox.clearRequests();
		// Every field-list request the editor makes, with n8n's answer: before the fix the
		// first one went out before the credential was set and got 500 "Node does not have
		// any credentials set", and the mapper stayed empty.
		const answers: number[] = [];
		page.on('response', (response) => {
			if (response.url().includes('resource-mapper-fields')) answers.push(response.status());
		});
		await addFromPanel('Contacts API', 'HighLevel Contacts API', 'Create a contact');
		const mapper = page.getByTestId('resource-mapper-container');
		// n8n 2.41 puts the newest credential of the type on a new node by itself; pick ours
		// (a switch), as a user picks one after placing the node.
		await pickCredential(credentialName());
		await orShot('mapper', () => mapper.waitFor({ timeout: 30000 }));
		await orShot('fields', () => page.getByTestId('add-fields-select').waitFor({ timeout: 30000 }));
		const lookups = await settle(fieldLookups, (l) => l.length >= 1);
		expect(lookups.every((r) => r.status === 200 && /^Bearer /.test(String(r.headers.authorization)))).toBe(true);
		await page.getByTestId('add-fields-select').click();
		const items = page.locator('[role="menuitem"][data-reka-collection-item]');
		await orShot('menu', () => items.filter({ hasText: 'Renewal Date' }).waitFor({ timeout: 30000 }));
		expect((await items.allTextContents()).map((t) => t.trim()).filter(Boolean)).toEqual(['Favourite Colour', 'Interests', 'Lifetime Value', 'Renewal Date']);
		expect(answers.length).toBeGreaterThanOrEqual(1);
		expect(answers.filter((status) => status !== 200)).toEqual([]);
		await page.keyboard.press('Escape');
	}, 180_000);

	it('the Contacts API node offers Custom API Call, and n8n then points to the HTTP Request node', async () => {
		await freshWorkflow('Issue 20: custom API call (editor e2e)');
		await addFromPanel('Contacts API', 'HighLevel Contacts API', 'Get a contact');
		const operation = page.getByTestId('parameter-input-operation');
		await operation.click();
		// The last option of a long list: filter the list as a user would.
		await page.keyboard.type('Custom');
		// Resource's hidden list has the option too: the visible one is Operation's.
		const option = page.locator('.el-select-dropdown__item:visible').filter({ hasText: /^\s*Custom API Call\s*$/ });
		await orShot('custom-option', () => option.first().waitFor({ timeout: 30000 }));
		await option.first().click();
		await orShot('custom-notice', () => page.getByText(/HTTP Request node/).first().waitFor({ timeout: 30000 }));
	}, 180_000);

	it('n8n lists Custom API Call for all three action nodes, with their credentials', async () => {
		const types = (await n8nApi().request('GET', '/types/nodes.json', { auth: 'cookie' })) as Array<{ name: string; version: number | number[]; properties: Array<{ name: string; options?: Array<{ value: unknown }> }>; credentials?: Array<{ name: string }> }>;
		const offered = (type: string) =>
			types
				.filter((t) => t.name === fullNodeType(type))
				.some((t) => t.properties.some((p) => ['resource', 'operation'].includes(p.name) && (p.options ?? []).some((o) => o.value === '__CUSTOM_API_CALL__')));
		expect({ contactsApi: offered('contactsApi'), callbell: offered('callbell'), dialpad: offered('dialpad') }).toEqual({ contactsApi: true, callbell: true, dialpad: true });
	});

	it.each([
		['contactsApi', '/contacts/?locationId=loc_demo_0001&limit=1', 'contacts'],
		['callbellApi', '/teams', 'teams'],
		['dialpadApi', '/api/v2/users', 'items'],
	])('the custom call with the %s credential reaches the sandbox authenticated', async (credentialType, requestPath, key) => {
		const sandbox = credentialType === 'contactsApi' ? contacts.sandbox : credentialType === 'callbellApi' ? callbell.sandbox : dialpad;
		const credentialId = credentialType === 'contactsApi' ? contacts.credentialId : credentialType === 'callbellApi' ? callbell.credentialId : dialpadCredentialId;
		sandbox.requests.length = 0;
		const result = await runWorkflowSteps([
			{
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				name: 'Custom API Call',
				parameters: { method: 'GET', url: `${sandbox.url}${requestPath}`, authentication: 'predefinedCredentialType', nodeCredentialType: credentialType, options: {} },
				credentials: { [credentialType]: credentialId },
			},
		]);
		expect(result.error).toBeUndefined();
		expect(result.items[0][key]).toBeDefined();
		const seen = (sandbox.requests as Array<{ status?: number | string; headers: Record<string, unknown> }>).filter((r) => r.status === 200);
		expect(seen).toHaveLength(1);
		expect(String(seen[0].headers.authorization)).toMatch(/^Bearer /);
	}, 120_000);
});
