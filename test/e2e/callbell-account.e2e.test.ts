/**
 * The Callbell node's message and account resources inside n8n, in one workflow against a
 * Callbell sandbox with two-item pages: send a text message, read its status, delete it;
 * teams (list, members, rename), channels, templates, funnels, custom statuses (create,
 * rename, get, delete, list), user statuses (set, clear), the plan and the webhook delivery
 * log. Lists after the first run "Execute Once" so every node runs for one item.
 */
import type { IDataObject } from 'n8n-workflow';

import { runWorkflowSteps, type WorkflowStep } from './helpers/e2e';
import { CALLBELL_DEMO as DEMO, messagesOf, useCallbellSandbox } from './helpers/callbell';
import { byId, EXECUTE_ONCE, jsonOf } from './helpers/workflows';

const cb = useCallbellSandbox({ sandbox: { pageSize: 2, webhookEvents: 7 } });

function step(name: string, parameters: IDataObject, extra: Partial<WorkflowStep> = { settings: EXECUTE_ONCE }): WorkflowStep {
	// typeVersion given: no look-up of the default version in /types/nodes.json.
	return { type: 'callbell', typeVersion: 1, name, credentials: { callbellApi: cb.credentialId }, parameters: parameters as WorkflowStep['parameters'], ...extra };
}

describe('Callbell node in n8n: messages and account resources', () => {
	it('sends, checks and deletes a message, then reads and changes teams, channels, templates, funnels, statuses, the plan and webhook deliveries', async () => {
		const johnMessagesBefore = messagesOf(cb.sandbox, DEMO.contacts.john).length;
		const run = await runWorkflowSteps([
			step('Send Text', {
				resource: 'message',
				operation: 'send',
				channelUuid: byId(DEMO.channels.whatsapp),
				to: DEMO.phones.john,
				messageType: 'text',
				text: 'Your order has shipped',
				additionalFields: { fields: ['contact', 'conversation'], metadata: { entry: [{ key: 'orderId', value: 'A-1001' }] } },
			}),
			step('Message Status', { resource: 'message', operation: 'getStatus', messageUuid: '={{ $json.uuid }}' }),
			step('Delete Message', { resource: 'message', operation: 'delete', messageUuid: '={{ $json.uuid }}' }),
			step('Teams', { resource: 'team', operation: 'getAll', returnAll: true }),
			step('Available Support Members', { resource: 'team', operation: 'getMembers', teamUuid: byId(DEMO.teams.support), returnAll: true, filters: { status: 'available' } }),
			step('Rename Team', { resource: 'team', operation: 'update', teamUuid: byId(DEMO.teams.billing), name: 'Billing & Invoices' }),
			step('Get Team', { resource: 'team', operation: 'get', teamUuid: byId(DEMO.teams.billing) }),
			step('Active Channels', { resource: 'channel', operation: 'getAll', returnAll: true, filters: { active: 'true' } }),
			step('Get Channel', { resource: 'channel', operation: 'get', channelUuid: byId(DEMO.channels.instagram) }),
			step('Rename Channel', { resource: 'channel', operation: 'update', channelUuid: byId(DEMO.channels.whatsappQr), title: 'Shop phone (backup)' }),
			step('Three Templates', { resource: 'template', operation: 'getAll', returnAll: false, limit: 3 }),
			step('Get Template', { resource: 'template', operation: 'get', templateUuid: byId(DEMO.templates.orderUpdate) }),
			step('Rename Template', { resource: 'template', operation: 'update', templateUuid: byId(DEMO.templates.pending), title: 'spring_sale_2027' }),
			step('Funnels', { resource: 'funnel', operation: 'getAll', returnAll: true }),
			step('Create Status', { resource: 'customStatus', operation: 'create', name: 'Lunch break' }),
			step('Rename Status', { resource: 'customStatus', operation: 'update', customStatusId: byId('={{ $json.id }}'), name: 'Lunch' }),
			step('Get Status', { resource: 'customStatus', operation: 'get', customStatusId: byId('={{ $json.id }}') }),
			step('Set Alice Away at Lunch', {
				resource: 'userStatus',
				operation: 'set',
				userUuid: DEMO.users.alice.uuid,
				availability: 'away',
				customStatusAction: 'set',
				customStatusId: byId('={{ $json.id }}'),
			}),
			step('Clear Bob', { resource: 'userStatus', operation: 'clear', userUuid: DEMO.users.bob.uuid }),
			step('Delete Vacationing', { resource: 'customStatus', operation: 'delete', customStatusId: byId(DEMO.customStatuses.vacationing) }),
			step('Custom Statuses', { resource: 'customStatus', operation: 'getAll', returnAll: true }),
			step('Plan', { resource: 'plan', operation: 'get' }),
			step('Successful Deliveries', {
				resource: 'webhookEvent',
				operation: 'getAll',
				returnAll: true,
				filters: { status: 'success' },
				options: { items: 2 },
			}),
		], undefined, { name: 'e2e Callbell messages and account' });
		expect(run.error).toBeUndefined();
		expect(run.status).toBe('success');
		const out = (name: string) => jsonOf(run.steps[name]);
		const store = cb.sandbox.store;

		// Messages: sent to John (his 24-hour window is open), then deleted again.
		const [sent] = out('Send Text');
		expect(sent).toMatchObject({ status: 'enqueued', contact: { uuid: DEMO.contacts.john }, conversation: { source: 'whatsapp' } });
		expect(out('Message Status')).toEqual([{ uuid: sent.uuid, status: 'enqueued', messageStatusPayload: null }]);
		expect(out('Delete Message')).toEqual([{ uuid: sent.uuid, deleted: true }]);
		expect(store.messages.has(sent.uuid)).toBe(false);
		expect(messagesOf(cb.sandbox, DEMO.contacts.john)).toHaveLength(johnMessagesBefore);
		const sendRequest = cb.sandbox.requests.find((r) => r.path === '/messages/send')!;
		expect(sendRequest.body).toMatchObject({ type: 'text', content: { text: 'Your order has shipped' }, metadata: { orderId: 'A-1001' }, fields: 'contact,conversation' });

		// Teams, across two pages; members filtered by availability; a rename.
		expect(out('Teams').map((t) => t.uuid)).toEqual([DEMO.teams.support, DEMO.teams.sales, DEMO.teams.billing]);
		expect(out('Available Support Members').map((m) => m.email)).toEqual([DEMO.users.alice.email, DEMO.users.bob.email]);
		expect(out('Rename Team')).toEqual([expect.objectContaining({ uuid: DEMO.teams.billing, name: 'Billing & Invoices' })]);
		expect(out('Get Team')).toEqual([expect.objectContaining({ uuid: DEMO.teams.billing, name: 'Billing & Invoices', members: 1 })]);

		// Channels (the discarded Telegram one filtered out), templates (a limit across pages).
		expect(out('Active Channels').map((c) => c.uuid)).toEqual([DEMO.channels.whatsapp, DEMO.channels.whatsappQr, DEMO.channels.instagram]);
		expect(out('Get Channel')).toEqual([expect.objectContaining({ uuid: DEMO.channels.instagram, type: 'instagram' })]);
		expect(store.channels.find((c: IDataObject) => c.uuid === DEMO.channels.whatsappQr).title).toBe('Shop phone (backup)');
		expect(out('Three Templates').map((t) => t.uuid)).toEqual([DEMO.templates.welcome, DEMO.templates.orderUpdate, DEMO.templates.promoImage]);
		expect(out('Get Template')).toEqual([expect.objectContaining({ uuid: DEMO.templates.orderUpdate, title: 'order_update' })]);
		expect(store.templates.find((t: IDataObject) => t.uuid === DEMO.templates.pending).title).toBe('spring_sale_2027');
		expect(out('Funnels').map((f) => f.uuid)).toEqual([DEMO.funnels.newLead, DEMO.funnels.qualified, DEMO.funnels.won]);

		// Custom and user statuses.
		const [created] = out('Create Status');
		expect(out('Get Status')).toEqual([expect.objectContaining({ id: created.id, name: 'Lunch' })]);
		expect(out('Set Alice Away at Lunch')).toEqual([
			expect.objectContaining({ userUuid: DEMO.users.alice.uuid, available: false, userCustomStatus: expect.objectContaining({ id: created.id, name: 'Lunch' }) }),
		]);
		expect(out('Clear Bob')).toEqual([{ userUuid: DEMO.users.bob.uuid, cleared: true }]);
		expect(out('Delete Vacationing')).toEqual([{ id: DEMO.customStatuses.vacationing, deleted: true, status: 'custom status was destroyed' }]);
		expect(out('Custom Statuses').map((s) => s.name)).toEqual(['In meeting', 'Lunch']);
		const user = (key: 'alice' | 'bob' | 'carla') => store.users.find((u: IDataObject) => u.uuid === DEMO.users[key].uuid);
		expect(user('alice')).toMatchObject({ available: false, customStatusId: created.id });
		expect(user('bob').customStatusId).toBeNull();
		expect(user('carla').customStatusId).toBeNull();

		// Plan and the webhook delivery log (5 successful of 7, two per page).
		expect(out('Plan')).toEqual([expect.objectContaining({ plan: 'business_plus', activeUsers: 4 })]);
		expect(run.items).toHaveLength(5);
		expect(run.items.every((e) => e.success === true)).toBe(true);
		const logPages = cb.sandbox.requests.filter((r) => r.path === '/webhooks/events');
		expect(logPages.map((r) => [r.query.page, r.query.status, r.query.items])).toEqual([
			['1', 'success', '2'],
			['2', 'success', '2'],
			['3', 'success', '2'],
		]);
	});
});
