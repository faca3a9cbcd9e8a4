/**
 * The editor's pickers of the Contacts API node: resource locators whose lists come from the
 * API (listSearch methods run in n8n-core's LoadOptionsContext against the sandbox), the
 * contact URL mode, contact links per host, the timezone list, and executions that take a
 * picked value, an ID, or a contact page URL.
 */
import type { ILoadOptionsFunctions, INodeListSearchResult, INodeParameters, INodePropertyOptions } from 'n8n-workflow';

import { appOrigin, contactPageUrl } from '../../../nodes/ContactsApi/helpers/appLinks';
import { loadOptionsContext } from '../../harness/loadOptions';
import { contactsCredential } from '../../harness/sandboxes';
import { CAMPAIGN_ID, CONTACTS_DEMO, addContact, byId, calls, jsonOf, run, useSandbox, type RelatedSandbox } from './related.helpers';

const sandboxOf = useSandbox();
let sandbox: RelatedSandbox;
beforeEach(() => {
	sandbox = sandboxOf();
});

type ListSearchMethod = (this: ILoadOptionsFunctions, filter?: string, token?: string) => Promise<INodeListSearchResult>;
type LoadOptionsMethod = (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>;

function editor(parameters: INodeParameters, token?: string) {
	const { context, nodeType } = loadOptionsContext('contactsApi', parameters, contactsCredential(sandbox, token ? { token } : {}));
	const methods = nodeType.methods as unknown as { listSearch: Record<string, ListSearchMethod>; loadOptions: Record<string, LoadOptionsMethod> };
	return {
		search: async (method: string, filter?: string) => await methods.listSearch[method].call(context, filter),
		load: async (method: string) => await methods.loadOptions[method].call(context),
		property: (name: string) => nodeType.description.properties.find((p) => p.name === name && JSON.stringify(p.displayOptions).includes(String(parameters.resource))),
	};
}

function addTask(contactId: string, id: string, fields: Record<string, unknown>): void {
	sandbox.store.tasks.set(id, { id, contactId, body: null, assignedTo: null, completed: false, dueDate: '2026-06-01T09:00:00.000Z', ...fields });
}

function addNote(contactId: string, id: string, body: string): void {
	sandbox.store.notes.set(id, { id, contactId, body, userId: null, title: null, color: null, pinned: false });
}

const APP_URL = (contactId: string) => `https://app.gohighlevel.com/v2/location/${CONTACTS_DEMO.locationId}/contacts/detail/${contactId}`;

describe('Contacts API node: pickers (resource locators with searchable lists)', () => {
	it('Task, Note, Campaign, Workflow and Business are resource locators with a list and an ID mode', () => {
		const cases: Array<[string, string, string, string]> = [
			['task', 'get', 'taskId', 'searchTasks'],
			['task', 'setCompleted', 'taskId', 'searchTasks'],
			['note', 'update', 'noteId', 'searchNotes'],
			['campaign', 'add', 'campaignId', 'searchCampaigns'],
			['workflow', 'remove', 'workflowId', 'searchWorkflows'],
			['bulk', 'assignBusiness', 'businessId', 'searchBusinesses'],
			['contact', 'getManyByBusiness', 'businessId', 'searchBusinesses'],
		];
		for (const [resource, operation, name, method] of cases) {
			const property = editor({ resource, operation }).property(name);
			expect(property).toMatchObject({ type: 'resourceLocator', default: { mode: 'list', value: '' } });
			expect(property?.modes?.map((m) => m.name)).toEqual(['list', 'id']);
			expect(property?.modes?.[0].typeOptions).toEqual({ searchListMethod: method, searchable: true });
		}
		const contact = editor({ resource: 'task', operation: 'get' }).property('contactId');
		expect(contact?.modes?.map((m) => m.name)).toEqual(['list', 'id', 'url']);
	});

	it("searchTasks lists the chosen contact's tasks, completed or due, and filters by title", async () => {
		const contactId = addContact(sandbox);
		const other = addContact(sandbox);
		addTask(contactId, 'task_call_0000000000001', { title: 'Call back' });
		addTask(contactId, 'task_send_0000000000002', { title: 'Send quote', completed: true });
		addTask(other, 'task_other_000000000003', { title: 'Not this one' });
		const e = editor({ resource: 'task', operation: 'get', contactId: byId(contactId) });
		expect((await e.search('searchTasks')).results).toEqual([
			{ name: 'Call back (due 2026-06-01)', value: 'task_call_0000000000001' },
			{ name: 'Send quote (completed)', value: 'task_send_0000000000002' },
		]);
		expect((await e.search('searchTasks', 'QUOTE')).results.map((r) => r.value)).toEqual(['task_send_0000000000002']);
		expect(calls(sandbox)).toEqual([`GET /contacts/${contactId}/tasks`, `GET /contacts/${contactId}/tasks`]);
	});

	it('searchTasks reads the contact from a pasted contact URL, and asks for a contact when there is none', async () => {
		const contactId = addContact(sandbox);
		addTask(contactId, 'task_call_0000000000001', { title: 'Call back' });
		const byUrl = editor({ resource: 'task', operation: 'delete', contactId: { __rl: true, mode: 'url', value: APP_URL(contactId) } });
		expect((await byUrl.search('searchTasks')).results.map((r) => r.value)).toEqual(['task_call_0000000000001']);
		// Not an error ("Could not load list" in the editor): one entry that says what to do.
		for (const [method, key] of [['searchTasks', 'tasks'], ['searchNotes', 'notes']] as const) {
			expect(await editor({ resource: key === 'tasks' ? 'task' : 'note', operation: 'delete' }).search(method)).toEqual({
				results: [{ name: `Choose a contact first: its ${key} are listed here`, value: '' }],
			});
		}
		expect(calls(sandbox)).toEqual([`GET /contacts/${contactId}/tasks`]);
	});

	it('searchNotes labels notes by their text without HTML, shortened, and filters', async () => {
		const contactId = addContact(sandbox);
		addNote(contactId, 'note_short_000000000001', '<p>Prefers <b>email</b></p>');
		addNote(contactId, 'note_long_0000000000002', 'x'.repeat(100));
		const e = editor({ resource: 'note', operation: 'get', contactId: byId(contactId) });
		const { results } = await e.search('searchNotes');
		expect(results).toEqual([
			{ name: 'Prefers email', value: 'note_short_000000000001' },
			{ name: `${'x'.repeat(79)}…`, value: 'note_long_0000000000002' },
		]);
		expect((await e.search('searchNotes', 'email')).results.map((r) => r.value)).toEqual(['note_short_000000000001']);
	});

	it('searchCampaigns, searchWorkflows and searchBusinesses list the location, sorted, with status, filtered', async () => {
		const e = editor({ resource: 'campaign', operation: 'add' });
		expect((await e.search('searchCampaigns')).results).toEqual([
			{ name: 'Re-engagement (draft)', value: 'camp_demo_000000000002' },
			{ name: 'Welcome Sequence (published)', value: CAMPAIGN_ID },
		]);
		expect((await e.search('searchWorkflows', 'lead')).results).toEqual([{ name: 'New Lead Follow-up (published)', value: 'wf_demo_00000000000001' }]);
		expect((await e.search('searchBusinesses')).results).toEqual([
			{ name: 'Acme Corp', value: 'biz_demo_0000000000000001' },
			{ name: 'Globex', value: 'biz_demo_0000000000000002' },
		]);
		expect(sandbox.requests.map((r) => [r.path, r.query])).toEqual([
			['/campaigns/', { locationId: CONTACTS_DEMO.locationId }],
			['/workflows/', { locationId: CONTACTS_DEMO.locationId }],
			['/businesses/', { locationId: CONTACTS_DEMO.locationId }],
		]);
	});

	it('lists the location of the node options, and names the scope a token lacks', async () => {
		await expect(editor({ resource: 'bulk', operation: 'assignBusiness', options: { locationId: CONTACTS_DEMO.otherLocationId } }).search('searchBusinesses')).rejects.toThrow(
			new RegExp(`Permission denied for location "${CONTACTS_DEMO.otherLocationId}"`),
		);
		await expect(editor({ resource: 'campaign', operation: 'add' }, CONTACTS_DEMO.tokens.noLookups).search('searchCampaigns')).rejects.toThrow(
			/Permission denied: the token lacks campaigns\.readonly/,
		);
	});

	it('getTimezones offers IANA zones (with UTC) by name', async () => {
		const zones = await editor({ resource: 'contact', operation: 'create' }).load('getTimezones');
		expect(zones).toContainEqual({ name: 'America/Chicago', value: 'America/Chicago' });
		expect(zones).toContainEqual({ name: 'America/New York', value: 'America/New_York' });
		expect(zones).toContainEqual({ name: 'UTC', value: 'UTC' });
		expect(zones.length).toBeGreaterThan(300);
		expect(sandbox.requests).toEqual([]);
	});
});

describe('Contacts API node: contact links and pasted contact URLs', () => {
	it('links contacts to the web app of the API host', () => {
		expect(appOrigin('https://services.leadconnectorhq.com')).toBe('https://app.gohighlevel.com');
		expect(appOrigin('https://portalapi.taskee.ai/')).toBe('https://app.taskee.ai');
		expect(appOrigin('http://127.0.0.1:4010')).toBeUndefined();
		expect(contactPageUrl('https://services.leadconnectorhq.com', 'loc 1', 'abc')).toBe('https://app.gohighlevel.com/v2/location/loc%201/contacts/detail/abc');
	});

	it('searchContacts gives no link for a host whose web app is unknown (the sandbox)', async () => {
		const contactId = addContact(sandbox, { email: 'grace@example.com' });
		const e = editor({ resource: 'contact', operation: 'get' });
		const { results } = await e.search('searchContacts');
		// The sandbox stands behind a custom base URL whose web app is unknown: no link rather than
		// one to the API host (which answers a browser with 401).
		expect(results.find((r) => r.value === contactId)).toEqual({ name: 'Grace · grace@example.com', value: contactId, url: undefined });
	});

	it.each([
		['app.gohighlevel.com', (id: string) => APP_URL(id)],
		['app.leadconnectorhq.com', (id: string) => `https://app.leadconnectorhq.com/v2/location/${CONTACTS_DEMO.locationId}/contacts/detail/${id}?tab=notes`],
		['the white-label app', (id: string) => `https://app.taskee.ai/v2/location/${CONTACTS_DEMO.locationId}/contacts/detail/${id}#activity`],
	])('takes a contact page URL from %s in the URL mode and the ID mode', async (_host, urlOf) => {
		const contactId = addContact(sandbox);
		for (const mode of ['url', 'id']) {
			sandbox.clearRequests();
			const result = await run(sandbox, { resource: 'contact', operation: 'get', contactId: { __rl: true, mode, value: urlOf(contactId) } });
			expect(result.error).toBeUndefined();
			expect(calls(sandbox)).toEqual([`GET /contacts/${contactId}`]);
		}
	});

	it('rejects a URL that is not a contact page before any request, naming the parameter and item', async () => {
		const result = await run(sandbox, {
			resource: 'contact',
			operation: 'get',
			contactId: { __rl: true, mode: 'url', value: `https://app.gohighlevel.com/v2/location/${CONTACTS_DEMO.locationId}/settings` },
		});
		expect(result.error?.message).toBe(
			`Invalid Contact (contactId) in item 0: "https://app.gohighlevel.com/v2/location/${CONTACTS_DEMO.locationId}/settings" is not the URL of a contact's page (…/contacts/detail/<contact ID>)`,
		);
		const encoded = await run(sandbox, { resource: 'contact', operation: 'get', contactId: { __rl: true, mode: 'url', value: APP_URL('a%2Fb') } });
		expect(encoded.error?.message).toMatch(/^Invalid Contact \(contactId\) in item 0: "a\/b" is not a valid ID/);
		expect(sandbox.requests).toEqual([]);
	});
});

describe('Contacts API node: executions with picked values', () => {
	it('a task picked from the list, of a contact given by URL', async () => {
		const contactId = addContact(sandbox);
		addTask(contactId, 'task_call_0000000000001', { title: 'Call back' });
		const result = await run(sandbox, {
			resource: 'task',
			operation: 'get',
			contactId: { __rl: true, mode: 'url', value: APP_URL(contactId) },
			taskId: { __rl: true, mode: 'list', value: 'task_call_0000000000001', cachedResultName: 'Call back' },
		});
		expect(result.error).toBeUndefined();
		expect(calls(sandbox)).toEqual([`GET /contacts/${contactId}/tasks/task_call_0000000000001`]);
		expect(jsonOf(result)[0]).toMatchObject({ id: 'task_call_0000000000001', title: 'Call back' });
	});

	it('a campaign and a business from the list, a workflow from an expression', async () => {
		const contactId = addContact(sandbox);
		const campaign = await run(sandbox, { resource: 'campaign', operation: 'add', contactId: byId(contactId), campaignId: { __rl: true, mode: 'list', value: 'camp_demo_000000000002' } });
		expect(campaign.error).toBeUndefined();
		const workflow = await run(
			sandbox,
			{ resource: 'workflow', operation: 'add', contactId: byId(contactId), workflowId: { __rl: true, mode: 'id', value: '={{ $json.wf }}' } },
			{ input: [{ wf: 'wf_demo_00000000000002' }] },
		);
		expect(workflow.error).toBeUndefined();
		const business = await run(sandbox, {
			resource: 'bulk',
			operation: 'assignBusiness',
			businessAction: 'add',
			businessId: { __rl: true, mode: 'list', value: 'biz_demo_0000000000000001' },
			contactIds: contactId,
		});
		expect(business.error).toBeUndefined();
		expect(calls(sandbox)).toEqual([
			`POST /contacts/${contactId}/campaigns/camp_demo_000000000002`,
			`POST /contacts/${contactId}/workflow/wf_demo_00000000000002`,
			'POST /contacts/bulk/business',
		]);
		expect(sandbox.requests[2].body).toEqual({ locationId: CONTACTS_DEMO.locationId, ids: [contactId], businessId: 'biz_demo_0000000000000001' });
	});

	it('an empty picker is an input error naming the parameter, before any request', async () => {
		const contactId = addContact(sandbox);
		// (An empty picker typed in is refused by n8n itself as a missing required parameter; an
		// expression that comes out empty reaches the node.)
		const result = await run(sandbox, { resource: 'note', operation: 'delete', contactId: byId(contactId), noteId: { __rl: true, mode: 'id', value: '={{ $json.none }}' } });
		expect(result.error?.message).toBe('Invalid Note ID (noteId) in item 0: it must not be empty');
		expect(sandbox.requests).toEqual([]);
	});
});
