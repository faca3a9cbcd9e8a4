/**
 * The Contacts API node in n8n's editor, in headless Chromium (Debian's package, driven by
 * playwright-core): sign in as the owner, open a workflow holding the node, open its
 * parameter panel, check that Resource / Operation render with their values and that the
 * tags dropdown is loaded from the Contacts sandbox (through the node's getTags method).
 * Screenshots (editor-contacts-api-node.png, editor-contacts-api-tags.png) land in the ignored
 * .cache/screenshots/, so a test run never changes tracked files; `npm run docs:screenshots`
 * runs this file with E2E_SCREENSHOT_DIR=docs to refresh the README's images on purpose.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import { launchChromium, signInToEditor, type EditorBrowser } from './helpers/browser';
import { e2eState, fullNodeType, n8nApi, useContactsSandbox } from './helpers/e2e';

const ROOT = path.resolve(__dirname, '../..');
const SHOTS = path.resolve(ROOT, process.env.E2E_SCREENSHOT_DIR || '.cache/screenshots');
const SHOT_NODE = path.join(SHOTS, 'editor-contacts-api-node.png');
const SHOT_TAGS = path.join(SHOTS, 'editor-contacts-api-tags.png');
const SEEDED_TAGS = ['callbell', 'customer', 'lead', 'newsletter', 'vip'];

const ctx = useContactsSandbox({ sandbox: { contacts: 3 } });

describe('the Contacts API node in the n8n editor (headless Chromium)', () => {
	let browser: EditorBrowser;
	let workflowId: string;
	let contactId: string;

	beforeAll(async () => {
		browser = await launchChromium();
		contactId = String([...ctx.sandbox.store.contacts.keys()][0]);
		const created = await n8nApi().createWorkflow({
			name: 'Tag a contact (editor e2e)',
			nodes: [
				{ id: randomUUID(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					id: randomUUID(),
					name: 'Contacts API',
					type: fullNodeType('contactsApi'),
					typeVersion: 1,
					position: [260, 0],
					parameters: { resource: 'tag', operation: 'add', contactId: { __rl: true, mode: 'id', value: contactId }, tags: ['vip'] },
					credentials: { contactsApi: { id: ctx.credentialId, name: 'Contacts sandbox' } },
				},
			],
			connections: { Start: { main: [[{ node: 'Contacts API', type: 'main', index: 0 }]] } },
		});
		workflowId = String(created.id);
	});

	afterAll(async () => {
		if (browser) await browser.close();
		if (workflowId) await n8nApi().deleteWorkflow(workflowId).catch(() => undefined);
	});

	it('signs in, opens the node and renders Resource / Operation and the tags loaded from the API', async () => {
		const page = await browser.newPage();
		const { url, owner } = e2eState();
		await signInToEditor(page, url, owner);

		await page.goto(`${url}/workflow/${workflowId}`);
		const node = page.getByTestId('canvas-node').filter({ hasText: 'Contacts API' });
		await node.waitFor({ timeout: 30000 });
		ctx.sandbox.clearRequests();
		await node.dblclick();

		const resource = page.getByTestId('parameter-input-resource');
		const operation = page.getByTestId('parameter-input-operation');
		await resource.waitFor({ timeout: 30000 });
		await operation.waitFor();
		expect(await resource.locator('input').inputValue()).toBe('Tag');
		expect(await operation.locator('input').inputValue()).toBe('Add');
		const contact = page.getByTestId('parameter-input-contactId');
		expect(await contact.isVisible()).toBe(true);
		expect(await contact.locator('input').last().inputValue()).toBe(contactId);
		// The field stays greyed out until getTags answered; then the stored value shows as a chip.
		const tags = page.getByTestId('parameter-input-tags');
		await tags.getByText('vip', { exact: true }).waitFor({ timeout: 30000 });
		fs.mkdirSync(SHOTS, { recursive: true });
		// Removed first, so the size check below sees this run's images, not an earlier run's.
		for (const file of [SHOT_NODE, SHOT_TAGS]) fs.rmSync(file, { force: true });
		await page.screenshot({ path: SHOT_NODE, animations: 'disabled' });

		await tags.click();
		// The dropdown is rendered in a popper outside the field.
		const options = page.locator('.el-select-dropdown__item:visible');
		await options.filter({ hasText: 'newsletter' }).waitFor({ timeout: 30000 });
		const labels = (await options.allTextContents()).map((t) => t.trim());
		expect(labels).toEqual(SEEDED_TAGS);
		expect(await options.filter({ hasText: 'vip' }).getAttribute('aria-selected')).toBe('true');
		expect(await options.filter({ hasText: 'lead' }).getAttribute('aria-selected')).toBe('false');
		await page.screenshot({ path: SHOT_TAGS, animations: 'disabled' });

		// The options came from the sandbox, asked by n8n with the credential's token.
		const lookups = ctx.sandbox.requests.filter((r) => r.method === 'GET' && /^\/locations\/[^/]+\/tags$/.test(r.path));
		expect(lookups.length).toBeGreaterThanOrEqual(1);
		expect(lookups[0].headers.authorization).toMatch(/^Bearer /);

		for (const file of [SHOT_NODE, SHOT_TAGS]) expect(fs.statSync(file).size).toBeGreaterThan(10_000);
	}, 120_000);
});
