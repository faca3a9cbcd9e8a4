/**
 * The Callbell node's contact resource inside n8n, against a Callbell sandbox with small
 * pages: one workflow takes a new contact through create → get (typed custom fields) →
 * update → get by phone → bot status → close/open → note → funnel → template message →
 * message status → its messages; another lists every contact across pages and deletes one.
 */
import type { IDataObject } from 'n8n-workflow';

import { runNodeWorkflow, runWorkflowSteps, type WorkflowStep } from './helpers/e2e';
import { CALLBELL_DEMO as DEMO, messagesOf, useCallbellSandbox } from './helpers/callbell';
import { byId, EXECUTE_ONCE, jsonOf } from './helpers/workflows';

const PAGE_SIZE = 5;
const cb = useCallbellSandbox({ sandbox: { pageSize: PAGE_SIZE } });

function step(name: string, parameters: IDataObject, extra: Partial<WorkflowStep> = {}): WorkflowStep {
	// typeVersion given: no look-up of the default version in /types/nodes.json.
	return { type: 'callbell', typeVersion: 1, name, credentials: { callbellApi: cb.credentialId }, parameters: parameters as WorkflowStep['parameters'], ...extra };
}

// A number libphonenumber knows as valid (UK mobile range 074): the nodes and sandboxes refuse
// numbers no country assigns, such as Ofcom's drama range 07700 900xxx.
const PHONE = '+447400123456';
let newUuid: string;

describe('Callbell node in n8n: contacts', () => {
	it('creates a contact and runs every contact operation on it in one workflow', async () => {
		const run = await runWorkflowSteps(
			[
				step('Create Contact', {
					resource: 'contact',
					operation: 'create',
					source: 'whatsapp',
					identifier: '={{ $json.phone }}',
					name: '={{ $json.name }}',
					additionalFields: {
						tags: 'lead, Hot',
						customFields: {
							field: [
								{ name: 'Billing Address', type: 'text', value: '1 Main St, Leeds' },
								{ name: 'Preferences', type: 'checkbox', value: 'Newsletter, Updates' },
							],
						},
						teamUuid: DEMO.teams.sales,
						assignedUser: DEMO.users.alice.email,
						note: 'Met at the trade fair',
					},
				}),
				step('Get Contact', { resource: 'contact', operation: 'get', contactUuid: byId('={{ $json.uuid }}'), options: { includeFieldTypes: true } }),
				step('Update Contact', {
					resource: 'contact',
					operation: 'update',
					contactUuid: byId('={{ $json.uuid }}'),
					updateFields: {
						name: 'Nina Newton',
						tags: 'vip, call back',
						customFields: { field: [{ name: 'Status', type: 'dropdown', value: 'Paused' }] },
						botStatus: 'bot_end',
					},
				}),
				step('Get by Phone', { resource: 'contact', operation: 'getByPhone', phoneNumber: "={{ $('Start').item.json.phone }}" }),
				step('Get Bot Status', { resource: 'contact', operation: 'getBotStatus', contactUuid: byId('={{ $json.uuid }}') }),
				step('Set Bot Status', { resource: 'contact', operation: 'setBotStatus', contactUuid: byId('={{ $json.contactUuid }}'), botStatus: 'bot_start' }),
				step('Close Conversation', { resource: 'contact', operation: 'closeConversation', contactUuid: byId('={{ $json.contactUuid }}') }),
				step('Open Conversation', { resource: 'contact', operation: 'openConversation', contactUuid: byId('={{ $json.uuid }}') }),
				step('Add Note', { resource: 'contact', operation: 'addNote', contactUuid: byId('={{ $json.uuid }}'), text: 'Called back: all good' }),
				step('Update Funnel', { resource: 'contact', operation: 'updateFunnel', contactUuid: byId('={{ $json.contactUuid }}'), funnelId: byId(DEMO.funnels.qualified) }),
				step('Send Template', {
					resource: 'message',
					operation: 'send',
					channelUuid: byId(DEMO.channels.whatsapp),
					recipientType: 'to',
					to: '={{ $json.phoneNumber }}',
					messageType: 'template',
					templateUuid: byId(DEMO.templates.welcome),
					templateValues: { value: [{ value: "={{ $json.name.split(' ')[0] }}" }] },
					optInContact: true,
					additionalFields: { fields: ['contact'] },
				}),
				step('Message Status', { resource: 'message', operation: 'getStatus', messageUuid: '={{ $json.uuid }}' }),
				step('Get Messages', { resource: 'contact', operation: 'getMessages', contactUuid: byId("={{ $('Create Contact').item.json.uuid }}"), returnAll: true }),
			],
			[{ phone: PHONE, name: 'Nina New' }],
			{ name: 'e2e Callbell contact operations' },
		);
		expect(run.error).toBeUndefined();

		const [created] = jsonOf(run.steps['Create Contact']);
		newUuid = String(created.uuid);
		expect(created).toMatchObject({ name: 'Nina New', phoneNumber: PHONE, source: 'whatsapp', tags: ['lead', 'hot'], assignedUser: DEMO.users.alice.email });
		expect(created.team).toMatchObject({ uuid: DEMO.teams.sales });

		// include_field_types: checkbox values come back as real lists, with each field's type.
		const [typed] = jsonOf(run.steps['Get Contact']);
		expect(typed.customFields).toEqual({ 'Billing Address': '1 Main St, Leeds', Preferences: ['Newsletter', 'Updates'] });
		expect(typed.customFieldTypes).toEqual({ 'Billing Address': 'text', Preferences: 'checkbox' });

		expect(jsonOf(run.steps['Update Contact'])).toEqual([expect.objectContaining({ uuid: newUuid, name: 'Nina Newton', tags: ['vip', 'Call back'] })]);
		expect(jsonOf(run.steps['Get by Phone'])).toEqual([expect.objectContaining({ uuid: newUuid, name: 'Nina Newton' })]);
		expect(jsonOf(run.steps['Get Bot Status'])).toEqual([expect.objectContaining({ contactUuid: newUuid, status: 'ended' })]);
		expect(jsonOf(run.steps['Set Bot Status'])).toEqual([expect.objectContaining({ contactUuid: newUuid, status: 'in_progress' })]);
		expect(jsonOf(run.steps['Close Conversation'])[0].closedAt).toEqual(expect.any(String));
		expect(jsonOf(run.steps['Open Conversation'])).toEqual([expect.objectContaining({ uuid: newUuid, closedAt: null })]);
		expect(jsonOf(run.steps['Add Note'])).toEqual([{ contactUuid: newUuid, success: true, text: 'Called back: all good' }]);
		expect(jsonOf(run.steps['Update Funnel'])).toEqual([expect.objectContaining({ uuid: newUuid, funnelId: DEMO.funnels.qualified })]);
		const [sent] = jsonOf(run.steps['Send Template']);
		expect(sent).toMatchObject({ status: 'enqueued', contact: { uuid: newUuid, name: 'Nina Newton', phone: PHONE } });
		expect(jsonOf(run.steps['Message Status'])).toEqual([{ uuid: sent.uuid, status: 'enqueued', messageStatusPayload: null }]);

		// What Callbell holds now.
		const stored = cb.sandbox.store.contacts.get(newUuid);
		expect(stored).toMatchObject({
			name: 'Nina Newton',
			tags: ['vip', 'Call back'],
			customFields: { 'Billing Address': '1 Main St, Leeds', Preferences: ['Newsletter', 'Updates'], Status: 'Paused' },
			botStatus: 'bot_start',
			closedAt: null,
			funnelId: DEMO.funnels.qualified,
			note: 'Met at the trade fair',
		});
		const messages = messagesOf(cb.sandbox, newUuid);
		expect(messages.map((m) => [m.status, m.text])).toEqual([
			['note', 'Called back: all good'],
			['enqueued', 'Hello Nina, welcome to Demo Shop!'],
		]);
		expect(messages[1]).toMatchObject({ uuid: sent.uuid, templateUuid: DEMO.templates.welcome });
		// Get Messages lists them newest first.
		expect(run.items.map((m) => [m.status, m.text, m.contactUuid])).toEqual([
			['enqueued', 'Hello Nina, welcome to Demo Shop!', newUuid],
			['note', 'Called back: all good', newUuid],
		]);
		const send = cb.sandbox.requests.find((r) => r.path === '/messages/send')!;
		expect(send.body).toEqual({
			from: 'whatsapp',
			channel_uuid: DEMO.channels.whatsapp,
			to: PHONE,
			type: 'text',
			content: { text: 'Nina' },
			template_uuid: DEMO.templates.welcome,
			optin_contact: true,
			template_values: ['Nina'],
			fields: 'contact',
		});
	});

	it('gets every contact across pages (and filtered ones), then deletes one', async () => {
		const run = await runWorkflowSteps([
			step('All Contacts', { resource: 'contact', operation: 'getAll', returnAll: true }),
			step('Sales Contacts', { resource: 'contact', operation: 'getAll', returnAll: true, filters: { tags: 'SALES', source: 'whatsapp' } }, { settings: EXECUTE_ONCE }),
		], undefined, { name: 'e2e Callbell contact lists' });
		expect(run.error).toBeUndefined();
		const order: string[] = cb.sandbox.store.order;
		expect(order.length).toBeGreaterThan(2 * PAGE_SIZE);
		expect(jsonOf(run.steps['All Contacts']).map((c) => c.uuid)).toEqual(order);
		const sales = order.filter((uuid) => cb.sandbox.store.contacts.get(uuid).tags.some((t: string) => t.toLowerCase() === 'sales'));
		expect(run.items.map((c) => c.uuid)).toEqual(sales);

		const pages = cb.sandbox.requests.filter((r) => r.path === '/contacts');
		const allPages = pages.filter((r) => r.query.tags === undefined).map((r) => r.query.page);
		// No meta on this list: the walk stops at the first empty page.
		expect(allPages).toEqual(Array.from({ length: Math.ceil(order.length / PAGE_SIZE) + 1 }, (_, i) => String(i + 1)));
		for (const r of pages.filter((p) => p.query.tags !== undefined)) expect(r.query).toMatchObject({ tags: 'SALES', source: 'whatsapp' });

		const deleted = await runNodeWorkflow('callbell', { resource: 'contact', operation: 'delete', contactUuid: byId(newUuid) }, { callbellApi: cb.credentialId }, undefined, {
			step: { typeVersion: 1 },
		});
		expect(deleted).toEqual([{ uuid: newUuid, deleted: true, status: 'contact was destroyed' }]);
		expect(cb.sandbox.store.contacts.has(newUuid)).toBe(false);
	});
});
