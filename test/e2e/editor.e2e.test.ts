/**
 * The Contacts API node in n8n's editor, in headless Chromium (Debian's package, driven by
 * playwright-core): sign in as the owner, open a workflow holding the node, open its
 * parameter panel, check that Resource / Operation render with their values and that the
 * tags dropdown is loaded from the Contacts sandbox (through the node's getTags method).
 * Screenshots (editor-contacts-api-node.png, editor-contacts-api-tags.png) land in the ignored
 * .cache/screenshots/, so a test run never changes tracked files; `npm run docs:screenshots`
 * runs this file with E2E_SCREENSHOT_DIR=docs to refresh the README's images on purpose.
 *
 * The second part opens each picker of the node (Task, Note, Campaign, Workflow, Business:
 * resource locators whose lists come from the sandbox through the node's listSearch methods),
 * a contact given by its page URL, the timezone list, and the node panel's search by the
 * codex aliases; one screenshot per picker (editor-picker-<name>.png) in the same folder.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import type { Page } from 'playwright-core';

import { launchChromium, settle, signInToEditor, type EditorBrowser } from './helpers/browser';
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

interface PickerCase {
	/** Node name on the canvas, and the screenshot's name. */
	name: string;
	parameters: Record<string, unknown>;
	/** The resource locator parameter to open. */
	picker: string;
	/** What its list must show, in order (names from the sandbox). */
	expected: string[];
	/** The request that filled it. */
	request: RegExp;
}

const texts = async (locator: ReturnType<Page['locator']>) => (await locator.allTextContents()).map((t) => t.trim());

/** The items of the open resource-locator list (rendered in a popover outside the field). */
const listItems = (page: Page) => page.locator('[data-test-id="rlc-item"]:visible');

/** Opens a resource locator's list and returns the names of its items. */
async function openPicker(page: Page, parameter: string, expectedFirst: string): Promise<string[]> {
	const field = page.getByTestId(`parameter-input-${parameter}`);
	await field.waitFor({ timeout: 30000 });
	await field.getByTestId('rlc-input').click();
	try {
		await listItems(page).filter({ hasText: expectedFirst }).first().waitFor({ timeout: 30000 });
	} catch (error) {
		// What the editor showed instead, for the failure report.
		await page.screenshot({ path: path.join(os.tmpdir(), `editor-picker-${parameter}-failed.png`) });
		throw error;
	}
	return await texts(listItems(page));
}

describe('the Contacts API pickers in the n8n editor (headless Chromium)', () => {
	let browser: EditorBrowser;
	let page: Page;
	let workflowId: string;
	let contactId: string;
	let contactUrl: string;
	const cases: PickerCase[] = [];

	beforeAll(async () => {
		browser = await launchChromium();
		const store = ctx.sandbox.store as unknown as {
			contacts: Map<string, { id: string; locationId: string }>;
			tasks: Map<string, Record<string, unknown>>;
			notes: Map<string, Record<string, unknown>>;
		};
		const contact = [...store.contacts.values()][1];
		contactId = contact.id;
		contactUrl = `https://app.gohighlevel.com/v2/location/${contact.locationId}/contacts/detail/${contactId}`;
		store.tasks.set('task_e2e_call_00000001', { id: 'task_e2e_call_00000001', contactId, title: 'Call back', body: null, completed: false, dueDate: '2026-06-01T09:00:00.000Z', assignedTo: null });
		store.tasks.set('task_e2e_quote_0000002', { id: 'task_e2e_quote_0000002', contactId, title: 'Send quote', body: null, completed: true, dueDate: '2026-06-02T09:00:00.000Z', assignedTo: null });
		store.notes.set('note_e2e_000000000001', { id: 'note_e2e_000000000001', contactId, body: '<p>Prefers <b>email</b></p>', userId: null, title: null, color: null, pinned: false });
		const byId = { __rl: true, mode: 'id', value: contactId };
		const empty = { __rl: true, mode: 'list', value: '' };
		cases.push(
			{ name: 'task', parameters: { resource: 'task', operation: 'get', contactId: byId, taskId: empty }, picker: 'taskId', expected: ['Call back (due 2026-06-01)', 'Send quote (completed)'], request: new RegExp(`^/contacts/${contactId}/tasks$`) },
			{ name: 'note', parameters: { resource: 'note', operation: 'get', contactId: { __rl: true, mode: 'url', value: contactUrl }, noteId: empty }, picker: 'noteId', expected: ['Prefers email'], request: new RegExp(`^/contacts/${contactId}/notes$`) },
			{ name: 'campaign', parameters: { resource: 'campaign', operation: 'add', contactId: byId, campaignId: empty }, picker: 'campaignId', expected: ['Re-engagement (draft)', 'Welcome Sequence (published)'], request: /^\/campaigns\/$/ },
			{ name: 'workflow', parameters: { resource: 'workflow', operation: 'add', contactId: byId, workflowId: empty }, picker: 'workflowId', expected: ['Appointment Reminder (draft)', 'New Lead Follow-up (published)'], request: /^\/workflows\/$/ },
			{ name: 'business', parameters: { resource: 'bulk', operation: 'assignBusiness', businessAction: 'add', businessId: empty, contactIds: contactId }, picker: 'businessId', expected: ['Acme Corp', 'Globex'], request: /^\/businesses\/$/ },
		);
		const nodes = [
			...cases.map((c, i) => ({
				id: randomUUID(),
				name: `Pick ${c.name}`,
				type: fullNodeType('contactsApi'),
				typeVersion: 1,
				position: [260, i * 200],
				parameters: c.parameters,
				credentials: { contactsApi: { id: ctx.credentialId, name: 'Contacts sandbox' } },
			})),
			{
				id: randomUUID(),
				name: 'Pick timezone',
				type: fullNodeType('contactsApi'),
				typeVersion: 1,
				position: [560, 0],
				parameters: { resource: 'contact', operation: 'update', contactId: byId, updateFields: { timezone: 'America/Chicago' } },
				credentials: { contactsApi: { id: ctx.credentialId, name: 'Contacts sandbox' } },
			},
		];
		const created = await n8nApi().createWorkflow({ name: 'Pickers (editor e2e)', nodes, connections: {} });
		workflowId = String(created.id);
		page = await browser.newPage();
		const { url, owner } = e2eState();
		await signInToEditor(page, url, owner);
		await page.goto(`${url}/workflow/${workflowId}`);
		await page.getByTestId('canvas-node').first().waitFor({ timeout: 30000 });
	});

	afterAll(async () => {
		if (browser) await browser.close();
		if (workflowId) await n8nApi().deleteWorkflow(workflowId).catch(() => undefined);
	});

	/** Opens the workflow afresh (no panel left open from the last test) and the node's panel. */
	async function openNode(name: string): Promise<void> {
		await page.goto(`${e2eState().url}/workflow/${workflowId}`);
		const node = page.getByTestId('canvas-node').filter({ hasText: name });
		await node.waitFor({ timeout: 30000 });
		await node.dblclick();
		await page.getByTestId('parameter-input-resource').waitFor({ timeout: 30000 });
	}

	it.each(['task', 'note', 'campaign', 'workflow', 'business'])('the %s picker lists what the API returns, searchably', async (name) => {
		const c = cases.find((x) => x.name === name) as PickerCase;
		await openNode(`Pick ${name}`);
		ctx.sandbox.clearRequests();
		const items = await openPicker(page, c.picker, c.expected[0]);
		expect(items).toEqual(c.expected);
		const shot = path.join(SHOTS, `editor-picker-${name}.png`);
		await page.screenshot({ path: shot, animations: 'disabled' });
		expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
		// Typing into the list's search box narrows it (the filter goes to the listSearch method).
		if (c.expected.length > 1) {
			// The list opens with its search box focused.
			await page.keyboard.type(c.expected[1].split(' ')[0]);
			const shown = await settle(() => texts(listItems(page)), (v) => v.length === 1 && v[0] === c.expected[1]);
			expect(shown).toEqual([c.expected[1]]);
		}
		const lists = ctx.sandbox.requests.filter((r) => r.method === 'GET' && c.request.test(r.path));
		expect(lists.length).toBeGreaterThanOrEqual(1);
		// Still open to an ID and an expression: the mode selector offers "By ID".
		await page.keyboard.press('Escape');
		const modes = page.getByTestId(`parameter-input-${c.picker}`).getByTestId('rlc-mode-selector');
		await modes.click();
		await page.locator('.el-select-dropdown__item:visible').filter({ hasText: 'By ID' }).waitFor({ timeout: 10000 });
		await page.keyboard.press('Escape');
	}, 120_000);

	it('shows a contact given by its page URL in the URL mode', async () => {
		await openNode('Pick note');
		const contact = page.getByTestId('parameter-input-contactId');
		expect(await contact.locator('input').last().inputValue()).toBe(contactUrl);
		expect(await contact.getByTestId('rlc-mode-selector').locator('input').inputValue()).toBe('By URL');
	}, 60_000);

	it('offers the timezone from a list', async () => {
		await openNode('Pick timezone');
		const field = page.getByTestId('parameter-input-timezone');
		await field.waitFor({ timeout: 30000 });
		const value = await settle(() => field.locator('input').inputValue(), (v) => v === 'America/Chicago');
		expect(value).toBe('America/Chicago');
		await field.click();
		const option = page.locator('.el-select-dropdown__item:visible').filter({ hasText: 'America/New York' });
		await option.first().waitFor({ timeout: 30000 });
		const shot = path.join(SHOTS, 'editor-picker-timezone.png');
		await page.screenshot({ path: shot, animations: 'disabled' });
		expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
		await page.keyboard.press('Escape');
	}, 60_000);

	it('finds the nodes by their aliases in the node panel (HighLevel, GHL, LeadConnector, Taskee, CRM; WhatsApp, chat)', async () => {
		const cases: Array<[string, string]> = [
			['GHL', 'HighLevel Contacts API'],
			['GoHighLevel', 'HighLevel Contacts API'],
			['HighLevel', 'HighLevel Contacts API'],
			['LeadConnector', 'HighLevel Contacts API'],
			['Taskee', 'HighLevel Contacts API'],
			['CRM', 'HighLevel Contacts API'],
			['WhatsApp', 'Callbell'],
			['chat', 'Callbell'],
		];
		await page.goto(`${e2eState().url}/workflow/${workflowId}`);
		await page.getByTestId('canvas-node').first().waitFor({ timeout: 30000 });
		const found: Record<string, string[]> = {};
		for (const [alias, node] of cases) {
			await page.getByTestId('node-creator-plus-button').click();
			await page.getByTestId('node-creator').waitFor({ timeout: 30000 });
			// The panel opens with its search box focused.
			await page.keyboard.type(alias);
			const names = page.getByTestId('node-creator').getByTestId('node-creator-item-name');
			found[alias] = await settle(() => texts(names), (v) => v.includes(node));
			if (alias === 'GHL') await page.screenshot({ path: path.join(SHOTS, 'editor-node-panel-ghl.png'), animations: 'disabled' });
			await page.keyboard.press('Escape');
			await page.getByTestId('node-creator').waitFor({ state: 'hidden', timeout: 10000 });
		}
		for (const [alias, node] of cases) expect({ alias, found: found[alias].includes(node) }).toEqual({ alias, found: true });
	}, 180_000);
});
