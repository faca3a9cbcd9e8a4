/**
 * The Contacts API node's custom fields in n8n's resource mapper, in the real editor (headless
 * Chromium, as test/e2e/editor.e2e.test.ts): on Contact → Update, Create and Upsert the
 * location's custom fields load from the Contacts sandbox (GET /locations/{id}/customFields)
 * with the widget of their type, n8n's checks refuse a wrong-typed value (the number field
 * takes no letters; a non-list in the list field is flagged and the run does not start), and
 * "Execute step" sends what was filled in as the API's `customFields: [{ id, field_value }]`. Expressions
 * (including `{{ null }}`, which clears a field) and the key/value list for dynamic cases
 * work from the editor too.
 *
 * Screenshots (editor-custom-fields-loaded.png, editor-custom-fields-filled.png) land in the
 * ignored .cache/screenshots/ like the other editor shots; `npm run docs:screenshots` sends
 * them to docs/ on purpose.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import type { IDataObject } from 'n8n-workflow';
import type { Locator, Page } from 'playwright-core';

import { launchChromium, settle, signInToEditor, type EditorBrowser } from './helpers/browser';
import { e2eState, fullNodeType, n8nApi, useContactsSandbox } from './helpers/e2e';

const ROOT = path.resolve(__dirname, '../..');
const SHOTS = path.resolve(ROOT, process.env.E2E_SCREENSHOT_DIR || '.cache/screenshots');
const SHOT_LOADED = path.join(SHOTS, 'editor-custom-fields-loaded.png');
const SHOT_FILLED = path.join(SHOTS, 'editor-custom-fields-filled.png');

/** The demo location's contact custom fields, as test/sandbox/contacts/seed.js defines them. */
const CF = {
	text: { id: 'cf_text_00000000000001', name: 'Favourite Colour' }, // TEXT
	money: { id: 'cf_num_000000000000002', name: 'Lifetime Value' }, // MONETORY
	multi: { id: 'cf_multi_0000000000003', name: 'Interests' }, // MULTIPLE_OPTIONS
	date: { id: 'cf_date_00000000000004', name: 'Renewal Date' }, // DATE
};
const FIELD_NAMES = [CF.text.name, CF.multi.name, CF.money.name, CF.date.name];
const UPSERT_EMAIL = 'mapper-upsert@example.com';

const ctx = useContactsSandbox({ sandbox: { contacts: 2 } });

interface StoredContact {
	id: string;
	email?: string | null;
	customFields: Array<{ id: string; value: unknown }>;
}

const store = () => ctx.sandbox.store as unknown as { contacts: Map<string, StoredContact> };

/** A request's custom fields sorted by ID (the editor keeps the values in the order they were added). */
const byId = (fields: unknown) => [...(fields as Array<{ id: string }>)].sort((a, b) => a.id.localeCompare(b.id));

/** The sandbox requests that wrote a contact (not the look-ups the editor makes). */
const writes = () => ctx.sandbox.requests.filter((r) => r.method !== 'GET' && r.path.startsWith('/contacts'));

describe('Contacts API custom fields in n8n\'s resource mapper (headless Chromium)', () => {
	let browser: EditorBrowser;
	let page: Page;
	const workflowIds: string[] = [];
	let contactId: string;
	let upsertContactId: string;

	beforeAll(async () => {
		browser = await launchChromium();
		const contacts = [...store().contacts.values()];
		contactId = contacts[0].id;
		// Upsert finds this contact by its email; its colour is what `{{ null }}` clears.
		upsertContactId = contacts[1].id;
		contacts[1].email = UPSERT_EMAIL;
		contacts[1].customFields = [{ id: CF.text.id, value: 'Red' }];
		page = await browser.newPage();
		const { url, owner } = e2eState();
		await signInToEditor(page, url, owner);
		fs.mkdirSync(SHOTS, { recursive: true });
	});

	afterAll(async () => {
		if (browser) await browser.close();
		for (const id of workflowIds) await n8nApi().deleteWorkflow(id).catch(() => undefined);
	});

	/**
	 * A workflow of its own (Start → the node; the editor saves edits as it goes, so tests
	 * sharing one would see each other's saves as conflicts), opened on a fresh page with the
	 * node's panel open.
	 */
	async function openNode(name: string, parameters: IDataObject): Promise<void> {
		const nodes = [
			{ id: randomUUID(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: randomUUID(),
				name,
				type: fullNodeType('contactsApi'),
				typeVersion: 1.1,
				position: [300, 0],
				parameters,
				credentials: { contactsApi: { id: ctx.credentialId, name: 'Contacts sandbox' } },
			},
		];
		const connections = { Start: { main: [[{ node: name, type: 'main', index: 0 }]] } };
		const created = await n8nApi().createWorkflow({ name: `${name} (custom fields, editor e2e)`, nodes, connections });
		workflowIds.push(String(created.id));
		const previous = page;
		page = await browser.context.newPage();
		await previous.close();
		await page.goto(`${e2eState().url}/workflow/${String(created.id)}`);
		const node = page.getByTestId('canvas-node').filter({ hasText: name });
		await node.waitFor({ timeout: 30000 });
		await node.dblclick();
		await page.getByTestId('resource-mapper-container').waitFor({ timeout: 30000 });
	}

	const field = (id: string): Locator => page.getByTestId(`parameter-input-${id}`);

	/** The mapper's "Add custom field to send" control: shown once the fields have loaded. */
	const addButton = (): Locator => page.getByTestId('add-fields-select');

	/**
	 * Adds one field through the mapper's control: a menu of the fields not added yet, or,
	 * for the last one, a button that adds it at once.
	 */
	async function addField(f: { id: string; name: string }): Promise<void> {
		await addButton().click();
		const item = page.getByRole('menuitem').filter({ hasText: f.name });
		await item.or(field(f.id)).first().waitFor({ timeout: 30000 });
		if (await item.isVisible()) await item.click();
		await field(f.id).waitFor({ timeout: 30000 });
	}

	/** Runs the open node ("Execute step") and waits until the sandbox saw `count` writes and the output shows. */
	async function executeStep(count = 1) {
		ctx.sandbox.clearRequests();
		await page.getByTestId('node-execute-button').click();
		const seen = await settle(writes, (w) => w.length >= count);
		expect(seen).toHaveLength(count);
		await page.getByTestId('ndv-items-count').filter({ hasText: /\b1 item\b/ }).waitFor({ timeout: 30000 });
		return seen;
	}

	/** Shows the failure state in a screenshot for the report, then fails. */
	async function orShot<T>(name: string, step: () => Promise<T>): Promise<T> {
		try {
			return await step();
		} catch (error) {
			await page.screenshot({ path: path.join(os.tmpdir(), `editor-mapper-${name}-failed.png`) }).catch(() => undefined);
			throw error;
		}
	}

	it('Update: the location\'s fields load with their types; n8n refuses wrong-typed values and will not run them; Execute step sends the values', async () => {
		ctx.sandbox.clearRequests();
		await openNode('Update contact', { resource: 'contact', operation: 'update', contactId: { __rl: true, mode: 'id', value: contactId } });
		// The heading names the values (n8n's default would be "Values to Send").
		const heading = page.getByTestId('mapping-fields-container').getByText('Custom Fields', { exact: true });
		await heading.waitFor({ timeout: 30000 });
		await orShot('loaded', () => addButton().waitFor({ timeout: 30000 }));
		const lookups = ctx.sandbox.requests.filter((r) => r.method === 'GET' && r.path === '/locations/loc_demo_0001/customFields');
		expect(lookups.length).toBeGreaterThanOrEqual(1);
		expect(lookups[0].query).toMatchObject({ model: 'contact' });
		expect(lookups[0].headers.authorization).toMatch(/^Bearer /);

		// The control lists every field of the location by its name.
		await addButton().click();
		// The fields menu's items (the editor's sidebar has menu items too).
		const items = page.locator('[role="menuitem"][data-reka-collection-item]');
		await items.filter({ hasText: CF.date.name }).waitFor({ timeout: 30000 });
		expect((await items.allTextContents()).map((t) => t.trim()).filter(Boolean)).toEqual(FIELD_NAMES);
		for (const file of [SHOT_LOADED, SHOT_FILLED]) fs.rmSync(file, { force: true });
		await page.screenshot({ path: SHOT_LOADED, animations: 'disabled' });
		// Picked from the open menu (Escape would close the whole node panel), then the others.
		await items.filter({ hasText: CF.text.name }).click();
		await field(CF.text.id).waitFor({ timeout: 30000 });
		for (const f of [CF.money, CF.date, CF.multi]) await orShot(`add-${f.id}`, () => addField(f));
		// Each with the widget of its type: text, number, date picker, JSON list.
		expect(await field(CF.text.id).getByTestId('input-number').count()).toBe(0);
		await field(CF.text.id).locator('input').waitFor();
		await field(CF.money.id).getByTestId('input-number').waitFor();
		await field(CF.date.id).locator('.el-date-editor').waitFor();
		await field(CF.multi.id).locator('.cm-editor').waitFor();

		// n8n's checks: the number field takes no letters; the list field flags a non-list.
		const money = field(CF.money.id).locator('input');
		await money.fill('lots');
		await money.press('Tab');
		expect(await money.inputValue()).toBe('');
		await field(CF.multi.id).locator('.cm-content').click();
		await page.keyboard.type('"Sales"');
		const item = page.getByTestId('mapping-fields-container').locator('.parameter-item').filter({ has: field(CF.multi.id) });
		const issue = item.getByTestId('parameter-issues');
		await orShot('issue', () => issue.waitFor({ timeout: 30000 }));
		await issue.locator('svg').hover();
		const tip = page.getByText(/expects a array but we got/).first();
		await orShot('issue-tip', () => tip.waitFor({ timeout: 30000 }));
		expect(await tip.textContent()).toContain(CF.multi.id);
		// With the flagged value, n8n does not start the run at all.
		ctx.sandbox.clearRequests();
		await page.getByTestId('node-execute-button').click();
		const refused = page.locator('.el-notification').filter({ hasText: 'Workflow execution cannot start' });
		await orShot('refused', () => refused.waitFor({ timeout: 30000 }));
		expect(await refused.textContent()).toMatch(/'cf_multi_0000000000003' expects a array/);
		expect(writes()).toHaveLength(0);
		await refused.locator('.el-notification__closeBtn').click();
		await refused.waitFor({ state: 'hidden', timeout: 30000 });

		await field(CF.text.id).locator('input').fill('Green');
		await money.fill('99.9');
		await field(CF.date.id).locator('input').click();
		await page.keyboard.type('2027-03-01 00:00:00');
		await page.keyboard.press('Enter');
		await field(CF.multi.id).locator('.cm-content').click();
		await page.keyboard.press('ControlOrMeta+a');
		await page.keyboard.type('["Sales", "Billing"]');
		await issue.waitFor({ state: 'detached', timeout: 30000 });
		expect(await field(CF.date.id).locator('input').inputValue()).toBe('2027-03-01 00:00:00');

		const [put] = await orShot('update-run', () => executeStep());
		expect(put.method).toBe('PUT');
		expect(put.path).toBe(`/contacts/${contactId}`);
		expect(Object.keys(put.body as IDataObject)).toEqual(['customFields']);
		expect(byId((put.body as IDataObject).customFields)).toEqual([
			{ id: CF.date.id, field_value: '2027-03-01' },
			{ id: CF.multi.id, field_value: ['Sales', 'Billing'] },
			{ id: CF.money.id, field_value: 99.9 },
			{ id: CF.text.id, field_value: 'Green' },
		]);
		expect(store().contacts.get(contactId)?.customFields).toEqual(
			expect.arrayContaining([
				{ id: CF.text.id, value: 'Green' },
				{ id: CF.money.id, value: 99.9 },
			]),
		);
		await page.screenshot({ path: SHOT_FILLED, animations: 'disabled' });
		for (const file of [SHOT_LOADED, SHOT_FILLED]) expect(fs.statSync(file).size).toBeGreaterThan(10_000);
	}, 180_000);

	it('Create: a number and a date picked in the mapper go out with the new contact', async () => {
		await openNode('Create contact', { resource: 'contact', operation: 'create', email: 'mapper-create@example.com' });
		await orShot('create-loaded', () => addButton().waitFor({ timeout: 30000 }));
		await addField(CF.money);
		await addField(CF.date);
		await field(CF.money.id).locator('input').fill('5');
		await field(CF.date.id).locator('input').click();
		await page.keyboard.type('2027-12-31 00:00:00');
		await page.keyboard.press('Enter');
		const [post] = await orShot('create-run', () => executeStep());
		expect(post.method).toBe('POST');
		expect(post.path).toBe('/contacts/');
		expect(post.body).toMatchObject({ email: 'mapper-create@example.com' });
		expect(byId((post.body as IDataObject).customFields)).toEqual([
			{ id: CF.date.id, field_value: '2027-12-31' },
			{ id: CF.money.id, field_value: 5 },
		]);
	}, 120_000);

	it('Upsert: expressions in the mapper run; {{ null }} clears the field', async () => {
		// Saved with expressions in the mapper, as a user maps values from earlier nodes.
		const schema = [CF.text, CF.multi, CF.money, CF.date].map((f) => ({
			id: f.id,
			displayName: f.name,
			type: ({ [CF.text.id]: 'string', [CF.multi.id]: 'array', [CF.money.id]: 'number', [CF.date.id]: 'dateTime' } as Record<string, string>)[f.id],
			required: false,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			removed: f === CF.money || f === CF.date,
		}));
		await openNode('Upsert contact', {
			resource: 'contact',
			operation: 'upsert',
			additionalFields: { email: UPSERT_EMAIL },
			customFieldMapper: {
				mappingMode: 'defineBelow',
				value: { [CF.text.id]: '={{ null }}', [CF.multi.id]: "={{ ['Sup' + 'port'] }}" },
				matchingColumns: [],
				schema,
				attemptToConvertTypes: false,
				convertFieldsToString: false,
			},
		});
		expect(await field(CF.money.id).count()).toBe(0);
		// The saved expressions show in the fields (n8n's inline expression editor).
		const colour = field(CF.text.id);
		await orShot('upsert-loaded', () => colour.getByText('{{ null }}').waitFor({ timeout: 30000 }));
		await field(CF.multi.id).getByText("{{ ['Sup' + 'port'] }}").waitFor({ timeout: 30000 });
		const [post] = await orShot('upsert-run', () => executeStep());
		expect(post.path).toBe('/contacts/upsert');
		expect(byId((post.body as IDataObject).customFields)).toEqual([
			{ id: CF.multi.id, field_value: ['Support'] },
			{ id: CF.text.id, field_value: '' },
		]);
		// The existing contact was updated: its colour is gone, the interests are set.
		expect(store().contacts.get(upsertContactId)?.customFields).toEqual([{ id: CF.multi.id, value: ['Support'] }]);
	}, 120_000);

	it('the key/value list stays available next to the mapper', async () => {
		await openNode('Update by key/value list', { resource: 'contact', operation: 'update', contactId: { __rl: true, mode: 'id', value: contactId } });
		await orShot('kv-loaded', () => addButton().waitFor({ timeout: 30000 }));
		// Update Fields is the first collection of the panel (Options the last).
		await page.getByTestId('collection-parameter-add').first().click();
		await page.locator('.el-select-dropdown__item:visible').filter({ hasText: 'Custom Fields (Key/Value List)' }).click();
		const list = page.getByTestId('fixed-collection-customFields');
		await orShot('kv-list', () => list.waitFor({ timeout: 30000 }));
		await list.getByTestId('fixed-collection-add').click();
		const id = page.getByTestId('parameter-input-id');
		await id.waitFor({ timeout: 30000 });
		// The list stays disabled until its options (getCustomFields, the same look-up) have loaded.
		const enabled = await settle(() => id.locator('input').isEnabled(), (v) => v);
		expect(enabled).toBe(true);
		await id.click();
		const option = page.locator('.el-select-dropdown__item:visible').filter({ hasText: CF.money.name });
		await orShot('kv-options', () => option.waitFor({ timeout: 30000 }));
		// Each option: "Name (Type)" over its key.
		const options = (await page.locator('.el-select-dropdown__item:visible').allTextContents()).map((t) => t.trim());
		expect(options).toContain('Lifetime Value (Monetary)contact.lifetime_value');
		expect(options.map((t) => t.split(' (')[0])).toEqual(FIELD_NAMES);
		await option.click();
		await page.getByTestId('parameter-input-value').locator('input').fill('12.5');
		const [put] = await orShot('kv-run', () => executeStep());
		expect(put.body).toEqual({ customFields: [{ id: CF.money.id, field_value: 12.5 }] });
	}, 120_000);
});
