/**
 * A user's first minutes with the pack in n8n's editor (headless Chromium, as
 * test/e2e/editor.e2e.test.ts): each of the six nodes is added to a new workflow the way a user
 * does it (the node panel's search, the node's entry, then an action, or for a trigger one of
 * its events, which n8n lists as "On …") and its credential is picked in the node's panel after
 * the node is placed. On each fresh node:
 * - no parameter is shown red (n8n's parameter-issue marks);
 * - the action nodes offer "Custom API Call" (n8n adds it as the last Resource option);
 * - the Contacts API node (Contact → Create) shows the custom-fields mapper;
 * - the Contacts API Trigger shows no key boxes; its public keys are under Options;
 * - Dialpad → Create or Update explains its UID under the field.
 * One screenshot per node (editor-first-<node>.png) and one of the trigger's Options
 * (editor-first-trigger-options.png) land in .cache/screenshots/, or docs/ with
 * `npm run docs:screenshots`.
 *
 * Two points depend on issue 20 (branch wt-inputs), which is not in this branch: the mapper on
 * a fresh node and Custom API Call on the Contacts API node. Their assertions are marked
 * ISSUE-20 below; they fail here until both branches are merged.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import type { Locator, Page } from 'playwright-core';

import { launchChromium, settle, signInToEditor, type EditorBrowser } from './helpers/browser';
import { e2eState, n8nApi, useContactsSandbox } from './helpers/e2e';

const ROOT = path.resolve(__dirname, '../..');
const SHOTS = path.resolve(ROOT, process.env.E2E_SCREENSHOT_DIR || '.cache/screenshots');

const ctx = useContactsSandbox({ sandbox: { contacts: 1 } });

interface NodeCase {
	/** The node's displayName: what the user types into the node panel's search. */
	panelName: string;
	/** The action to pick in the panel. n8n lists a node and its trigger as one entry (named
	 * without "Trigger"), whose panel offers the trigger's events ("On …") and the actions. */
	action: string | RegExp;
	/** Credential type the node needs. */
	credentialType: 'contactsApi' | 'callbellApi' | 'dialpadApi' | null;
	shot: string;
	actionNode: boolean;
}

const CASES: NodeCase[] = [
	{ panelName: 'HighLevel Contacts API', action: 'Create a contact', credentialType: 'contactsApi', shot: 'contacts-api', actionNode: true },
	{ panelName: 'HighLevel Contacts API Trigger', action: /^On Contact:? Created$/i, credentialType: null, shot: 'contacts-api-trigger', actionNode: false },
	{ panelName: 'Callbell', action: 'Send a message', credentialType: 'callbellApi', shot: 'callbell', actionNode: true },
	{ panelName: 'Callbell Trigger', action: /^On Contact:? Created$/i, credentialType: 'callbellApi', shot: 'callbell-trigger', actionNode: false },
	{ panelName: 'Dialpad', action: 'Create or update a contact', credentialType: 'dialpadApi', shot: 'dialpad', actionNode: true },
	{ panelName: 'Dialpad Trigger', action: /^On Contact:? Created$/i, credentialType: 'dialpadApi', shot: 'dialpad-trigger', actionNode: false },
];

const texts = async (locator: Locator) => (await locator.allTextContents()).map((t) => t.trim());

describe('each node of the pack, added the way a user adds it (headless Chromium)', () => {
	let browser: EditorBrowser;
	let page: Page;
	const workflowIds: string[] = [];
	const credentialNames: Record<string, string> = {};

	beforeAll(async () => {
		browser = await launchChromium();
		page = await browser.newPage();
		const { url, owner } = e2eState();
		await signInToEditor(page, url, owner);
		fs.mkdirSync(SHOTS, { recursive: true });
		// The credentials global-setup made against the shared sandboxes, and this file's own
		// Contacts sandbox credential (useContactsSandbox): several of one type, so the test
		// picks by name the way a user does.
		credentialNames.contactsApi = `Contacts sandbox ${path.basename(__filename)}`;
		credentialNames.callbellApi = 'Callbell sandbox (shared)';
		credentialNames.dialpadApi = 'Dialpad sandbox (shared)';
		expect(ctx.credentialId).toBeTruthy();
	});

	afterAll(async () => {
		if (browser) await browser.close();
		for (const id of workflowIds) await n8nApi().deleteWorkflow(id).catch(() => undefined);
	});

	/**
	 * A new workflow opened in the editor: empty for a trigger (its first step), holding a Manual
	 * Trigger for an action node (n8n's panel then lists the node's actions first).
	 */
	async function newWorkflow(name: string, forTrigger = false): Promise<void> {
		const start = { id: `start-${Date.now()}`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
		const created = await n8nApi().createWorkflow({ name: `${name} (first-run editor e2e)`, nodes: forTrigger ? [] : [start], connections: {} });
		workflowIds.push(String(created.id));
		const previous = page;
		page = await browser.context.newPage();
		await previous.close();
		await page.goto(`${e2eState().url}/workflow/${String(created.id)}`);
		await (forTrigger ? page.getByTestId('canvas-add-button') : page.getByTestId('canvas-node')).first().waitFor({ timeout: 30000 });
	}

	async function failShot(name: string): Promise<void> {
		await page.screenshot({ path: path.join(os.tmpdir(), `editor-first-${name}-failed.png`) }).catch(() => undefined);
	}

	/** Node panel → search → the node → its action or event → the node's panel opens. */
	async function addFromPanel(c: NodeCase): Promise<void> {
		// An empty canvas offers "Add first step"; otherwise the panel opens from its + button.
		await (c.actionNode ? page.getByTestId('node-creator-plus-button') : page.getByTestId('canvas-add-button')).first().click();
		await page.getByTestId('node-creator').waitFor({ timeout: 30000 });
		await page.keyboard.type(c.panelName);
		const entry = c.panelName.replace(/ Trigger$/, '');
		const item = page.getByTestId('node-creator').getByTestId('node-creator-item-name').filter({ hasText: new RegExp(`^${entry}$`) });
		await item.first().waitFor({ timeout: 30000 });
		await item.first().click();
		const action = page.getByTestId('node-creator').getByText(c.action, typeof c.action === 'string' ? { exact: true } : undefined);
		// The node's list shows its triggers or its actions first; the other group may start folded.
		const group = page.getByTestId('node-creator').getByText(c.actionNode ? /^Actions \(\d+\)$/ : /^Triggers \(\d+\)$/);
		await action.first().or(group.first()).first().waitFor({ timeout: 30000 });
		// Unfold the group only when the action has not shown up once the list has rendered
		// (a click on an unfolded group folds it).
		if (!(await settle(() => action.first().isVisible(), (v) => v, 3000))) await group.first().click();
		await action.first().waitFor({ timeout: 30000 });
		await action.first().click();
		await page.getByTestId('ndv').waitFor({ timeout: 30000 });
	}

	/** Picks the credential in the node's panel, after the node is placed. */
	async function pickCredential(c: NodeCase): Promise<void> {
		if (!c.credentialType) return;
		const name = credentialNames[c.credentialType];
		const select = page.getByTestId('node-credentials-select');
		await select.first().waitFor({ timeout: 30000 });
		const current = await select.first().locator('input').first().inputValue().catch(() => '');
		if (name && current === name) return;
		await select.first().click();
		const options = page.locator('.el-select-dropdown__item:visible');
		await options.first().waitFor({ timeout: 10000 });
		const chosen = name ? options.filter({ hasText: name }) : options.filter({ hasNotText: /Create new/i });
		await chosen.first().click();
	}

	/** The parameters n8n marks as having issues (red), by their parameter name. */
	async function redParameters(): Promise<string[]> {
		const marked = page.getByTestId('ndv').locator('[data-test-id="parameter-issues"]:visible');
		const names: string[] = [];
		for (const mark of await marked.all()) {
			const item = mark.locator('xpath=ancestor::*[starts-with(@data-test-id, "parameter-input-") or contains(@class, "parameter-item")][1]');
			names.push((await item.getAttribute('data-test-id').catch(() => null)) ?? (await item.textContent().catch(() => '')) ?? '?');
		}
		return names;
	}

	/** The Resource dropdown's options, as the user sees them. */
	async function resourceOptions(): Promise<string[]> {
		const resource = page.getByTestId('parameter-input-resource');
		await resource.waitFor({ timeout: 30000 });
		await resource.click();
		const options = page.locator('.el-select-dropdown__item:visible');
		await options.first().waitFor({ timeout: 10000 });
		const shown = await texts(options);
		await page.keyboard.press('Escape');
		return shown;
	}

	it.each(CASES.map((c) => [c.panelName, c] as const))('%s: placed from the node panel, credential picked, nothing red', async (_name, c) => {
		await newWorkflow(c.panelName, !c.actionNode);
		try {
			await addFromPanel(c);
			await pickCredential(c);
			// Let the panel settle (loaded options, the mapper's fields) before reading marks.
			await page.waitForTimeout(1500);
			const red = await settle(redParameters, (v) => v.length === 0, 5000);
			await page.screenshot({ path: path.join(SHOTS, `editor-first-${c.shot}.png`), animations: 'disabled' });
			expect({ node: c.panelName, red }).toEqual({ node: c.panelName, red: [] });
		} catch (error) {
			await failShot(c.shot);
			throw error;
		}
	}, 120_000);

	it.each(CASES.filter((c) => c.actionNode).map((c) => [c.panelName, c] as const))('%s offers Custom API Call', async (_name, c) => {
		await newWorkflow(`${c.panelName} custom call`);
		await addFromPanel(c);
		await pickCredential(c);
		const options = await resourceOptions();
		// ISSUE-20: the Contacts API node gets Custom API Call from issue 20 (branch wt-inputs);
		// Callbell and Dialpad have it already.
		expect({ node: c.panelName, customApiCall: options.includes('Custom API Call') }).toEqual({ node: c.panelName, customApiCall: true });
	}, 120_000);

	it('the HighLevel Contacts API node (Contact → Create) shows the custom-fields mapper on a fresh node', async () => {
		const c = CASES[0];
		await newWorkflow('Contacts API mapper');
		await addFromPanel(c);
		await pickCredential(c);
		// ISSUE-20: the mapper on a fresh node is issue 20's fix (branch wt-inputs).
		await page.getByTestId('resource-mapper-container').waitFor({ timeout: 30000 });
		expect(await page.getByTestId('resource-mapper-container').isVisible()).toBe(true);
	}, 120_000);

	it('the HighLevel Contacts API Trigger keeps its public keys under Options, pre-filled', async () => {
		const c = CASES[1];
		await newWorkflow('Contacts API Trigger options', true);
		await addFromPanel(c);
		const ndv = page.getByTestId('ndv');
		await ndv.getByTestId('parameter-input-events').waitFor({ timeout: 30000 });
		expect(await ndv.getByTestId('parameter-input-ed25519PublicKey').count()).toBe(0);
		expect(await ndv.getByTestId('parameter-input-rsaPublicKey').count()).toBe(0);
		// The event picked in the node panel ("On Contact: Created").
		const events = await settle(() => texts(ndv.getByTestId('parameter-input-events').locator('.el-tag, .el-select__tags-text')), (v) => v.length > 0, 10000);
		expect(events.join(' | ')).toContain('Contact: Created');
		// Options → Add Option lists both keys.
		// The collection's "Add Option" is a select whose text is its placeholder.
		await ndv.getByTestId('collection-parameter-add').first().click();
		const options = page.locator('.el-select-dropdown__item:visible, [role="menuitem"]:visible');
		await options.first().waitFor({ timeout: 10000 });
		// The dropdown's items can be in the page before their labels are (a slow machine read six
		// empty items): read until both keys are listed or 15 s pass.
		const wanted = ['Ed25519 Public Key', 'RSA Public Key'];
		const offered = await settle(async () => (await texts(options)).filter(Boolean), (v) => wanted.every((k) => v.includes(k)), 15000);
		expect(offered).toEqual(expect.arrayContaining(['Ed25519 Public Key', 'RSA Public Key']));
		await options.filter({ hasText: 'Ed25519 Public Key' }).first().click();
		const key = ndv.getByTestId('parameter-input-ed25519PublicKey');
		await key.waitFor({ timeout: 10000 });
		const value = await key.locator('textarea, input').first().inputValue();
		expect(value).toContain('-----BEGIN PUBLIC KEY-----');
		await page.screenshot({ path: path.join(SHOTS, 'editor-first-trigger-options.png'), animations: 'disabled' });
	}, 120_000);

	it('Dialpad → Create or Update explains its UID under the field', async () => {
		const c = CASES[4];
		await newWorkflow('Dialpad UID');
		await addFromPanel(c);
		const field = page.getByTestId('ndv').locator('.parameter-item').filter({ has: page.getByTestId('parameter-input-uid') });
		await field.waitFor({ timeout: 30000 });
		expect(await field.textContent()).toContain('the same UID always updates the same Dialpad contact');
	}, 120_000);
});
