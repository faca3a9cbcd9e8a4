import { byId, DEMO, runCallbell, sent, useSandbox } from './helpers';

const sandbox = useSandbox({ contacts: 0, webhookEvents: 7 });

describe('Callbell node: teams, channels, templates, funnels', () => {
	it('gets many teams (meta pages)', async () => {
		const result = await runCallbell(sandbox(), { resource: 'team', operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.name)).toEqual(['Support', 'Sales', 'Billing']);
		expect(result.items[0].json).toMatchObject({ uuid: DEMO.teams.support, default: true, members: 3 });
		// meta.pages is 1: no second request.
		expect(sent(sandbox()).map((r) => r.query)).toEqual([{ page: '1' }]);
	});

	it('gets and renames a team', async () => {
		const got = await runCallbell(sandbox(), { resource: 'team', operation: 'get', teamUuid: byId(DEMO.teams.billing, 'list') });
		expect(got.items[0].json).toMatchObject({ uuid: DEMO.teams.billing, name: 'Billing' });
		const renamed = await runCallbell(sandbox(), { resource: 'team', operation: 'update', teamUuid: byId(DEMO.teams.billing), name: ' Accounts ' });
		expect(renamed.error).toBeUndefined();
		expect(sent(sandbox(), 'PATCH', `/teams/${DEMO.teams.billing}`)[0].body).toEqual({ name: 'Accounts' });
		expect(renamed.items[0].json).toMatchObject({ uuid: DEMO.teams.billing, name: 'Accounts' });
		expect(sandbox().store.teams.find((t: { uuid: string }) => t.uuid === DEMO.teams.billing).name).toBe('Accounts');
	});

	it('gets the members of a team, filtered by availability', async () => {
		const all = await runCallbell(sandbox(), { resource: 'team', operation: 'getMembers', teamUuid: byId(DEMO.teams.support), returnAll: true });
		expect(all.items.map((i) => i.json.email)).toEqual([DEMO.users.alice.email, DEMO.users.bob.email, DEMO.users.carla.email]);
		expect(all.items[1].json.userCustomStatus).toMatchObject({ name: 'In meeting' });
		const away = await runCallbell(sandbox(), {
			resource: 'team',
			operation: 'getMembers',
			teamUuid: byId(DEMO.teams.support),
			returnAll: true,
			filters: { status: 'away' },
		});
		expect(away.items.map((i) => i.json.email)).toEqual([DEMO.users.carla.email]);
		expect(sent(sandbox())[1]).toMatchObject({ path: `/teams/${DEMO.teams.support}/members`, query: { status: 'away', page: '1' } });
	});

	it('gets many channels with the type and active filters', async () => {
		const active = await runCallbell(sandbox(), {
			resource: 'channel',
			operation: 'getAll',
			returnAll: true,
			filters: { type: 'whatsapp', active: 'true' },
		});
		expect(active.items.map((i) => i.json.uuid)).toEqual([DEMO.channels.whatsapp, DEMO.channels.whatsappQr]);
		expect(sent(sandbox())[0].query).toEqual({ type: 'whatsapp', active: 'true', page: '1' });
		const inactive = await runCallbell(sandbox(), { resource: 'channel', operation: 'getAll', returnAll: true, filters: { active: 'false' } });
		expect(inactive.items.map((i) => i.json.uuid)).toEqual([DEMO.channels.telegram]);
	});

	it('gets and retitles a channel', async () => {
		const got = await runCallbell(sandbox(), { resource: 'channel', operation: 'get', channelUuid: byId(DEMO.channels.instagram) });
		expect(got.items[0].json).toEqual({ uuid: DEMO.channels.instagram, title: '@demo.shop', type: 'instagram', main: false, discardedAt: false });
		const updated = await runCallbell(sandbox(), { resource: 'channel', operation: 'update', channelUuid: byId(DEMO.channels.instagram), title: '@demo.shop.eu' });
		expect(sent(sandbox(), 'PATCH')[0].body).toEqual({ title: '@demo.shop.eu' });
		expect(updated.items[0].json.title).toBe('@demo.shop.eu');
	});

	it('gets many templates, one template, and retitles one', async () => {
		const all = await runCallbell(sandbox(), { resource: 'template', operation: 'getAll', returnAll: false, limit: 4 });
		expect(all.items).toHaveLength(4);
		expect(all.items[0].json).toMatchObject({ uuid: DEMO.templates.welcome, status: 'approved', templateType: 'text' });
		const one = await runCallbell(sandbox(), { resource: 'template', operation: 'get', templateUuid: byId(DEMO.templates.rejected) });
		expect(one.items[0].json).toMatchObject({ title: 'too_pushy', status: 'rejected' });
		const updated = await runCallbell(sandbox(), { resource: 'template', operation: 'update', templateUuid: byId(DEMO.templates.pending), title: 'spring_sale_v2' });
		expect(sent(sandbox(), 'PATCH', `/templates/${DEMO.templates.pending}`)[0].body).toEqual({ title: 'spring_sale_v2' });
		expect(updated.items[0].json.title).toBe('spring_sale_v2');
	});

	it('gets the funnels in position order, with a limit', async () => {
		const all = await runCallbell(sandbox(), { resource: 'funnel', operation: 'getAll', returnAll: true });
		expect(all.items.map((i) => i.json.name)).toEqual(['New lead', 'Qualified', 'Won']);
		const two = await runCallbell(sandbox(), { resource: 'funnel', operation: 'getAll', returnAll: false, limit: 2 });
		expect(two.items.map((i) => i.json.name)).toEqual(['New lead', 'Qualified']);
		// GET /funnels takes no page parameter.
		expect(sent(sandbox()).map((r) => r.query)).toEqual([{}, {}]);
	});
});

describe('Callbell node: custom and user statuses, plan, webhook events', () => {
	it('creates, gets, lists, renames and deletes a custom status', async () => {
		const created = await runCallbell(sandbox(), { resource: 'customStatus', operation: 'create', name: 'Lunch' });
		expect(created.error).toBeUndefined();
		const id = String(created.items[0].json.id);
		expect(created.items[0].json).toMatchObject({ name: 'Lunch' });
		expect(sent(sandbox(), 'POST', '/custom_statuses')[0].body).toEqual({ name: 'Lunch' });

		const got = await runCallbell(sandbox(), { resource: 'customStatus', operation: 'get', customStatusId: byId(id) });
		expect(got.items[0].json).toMatchObject({ id, name: 'Lunch' });

		const all = await runCallbell(sandbox(), { resource: 'customStatus', operation: 'getAll', returnAll: true });
		expect(all.items.map((i) => i.json.name)).toEqual(['Vacationing', 'In meeting', 'Lunch']);

		const renamed = await runCallbell(sandbox(), { resource: 'customStatus', operation: 'update', customStatusId: byId(id), name: 'Long lunch' });
		expect(sent(sandbox(), 'PUT', `/custom_statuses/${id}`)[0].body).toEqual({ name: 'Long lunch' });
		expect(renamed.items[0].json).toMatchObject({ id, name: 'Long lunch' });

		const deleted = await runCallbell(sandbox(), { resource: 'customStatus', operation: 'delete', customStatusId: byId(id) });
		expect(deleted.items[0].json).toEqual({ id, deleted: true, status: 'custom status was destroyed' });
		expect(sandbox().store.customStatuses.some((s: { id: string }) => s.id === id)).toBe(false);
	});

	it('sets availability and a custom status, removes it, and clears it', async () => {
		const user = DEMO.users.alice.uuid;
		const set = await runCallbell(sandbox(), {
			resource: 'userStatus',
			operation: 'set',
			userUuid: user,
			availability: 'away',
			customStatusAction: 'set',
			customStatusId: byId(DEMO.customStatuses.vacationing, 'list'),
		});
		expect(set.error).toBeUndefined();
		expect(sent(sandbox(), 'PUT', `/users/${user}/status`)[0].body).toEqual({ available: false, custom_status_uuid: DEMO.customStatuses.vacationing });
		expect(set.items[0].json).toMatchObject({ userUuid: user, available: false, userCustomStatus: { name: 'Vacationing' } });

		const removed = await runCallbell(sandbox(), { resource: 'userStatus', operation: 'set', userUuid: user, availability: 'keep', customStatusAction: 'remove' });
		expect(sent(sandbox(), 'PUT')[1].body).toEqual({ custom_status_uuid: null });
		expect(removed.items[0].json).toMatchObject({ available: false, userCustomStatus: null });

		const available = await runCallbell(sandbox(), { resource: 'userStatus', operation: 'set', userUuid: user, availability: 'available', customStatusAction: 'keep' });
		expect(sent(sandbox(), 'PUT')[2].body).toEqual({ available: true });
		expect(available.items[0].json.available).toBe(true);

		sandbox().store.users.find((u: { uuid: string }) => u.uuid === user).customStatusId = DEMO.customStatuses.inMeeting;
		const cleared = await runCallbell(sandbox(), { resource: 'userStatus', operation: 'clear', userUuid: user });
		expect(cleared.items[0].json).toEqual({ userUuid: user, cleared: true });
		expect(sent(sandbox(), 'DELETE', `/users/${user}/status`)).toHaveLength(1);
		expect(sandbox().store.users.find((u: { uuid: string }) => u.uuid === user).customStatusId).toBeNull();
	});

	it('gets the plan', async () => {
		const result = await runCallbell(sandbox(), { resource: 'plan', operation: 'get' });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ plan: 'business_plus', includedChannels: 3, licenses: 5, activeUsers: 4 });
		expect((result.items[0].json.teams as unknown[]).length).toBe(3);
	});

	it('gets webhook delivery events with status, events, items and start page', async () => {
		const all = await runCallbell(sandbox(), { resource: 'webhookEvent', operation: 'getAll', returnAll: true });
		expect(all.items).toHaveLength(7);
		expect(all.items[0].json).toMatchObject({ event: 'contact_created', success: true, response: { body: { status: 'ok' }, code: 200 } });
		const failed = await runCallbell(sandbox(), {
			resource: 'webhookEvent',
			operation: 'getAll',
			returnAll: true,
			filters: { status: 'failed', subscriptions: ['contact_updated', 'message_created'] },
			options: { items: 1 },
		});
		expect(failed.items.map((i) => [i.json.event, i.json.success])).toEqual([
			['message_created', false],
			['contact_updated', false],
		]);
		expect(sent(sandbox()).slice(1).map((r) => r.query)).toEqual([
			{ status: 'failed', subscriptions: 'contact_updated,message_created', items: '1', page: '1' },
			{ status: 'failed', subscriptions: 'contact_updated,message_created', items: '1', page: '2' },
		]);
		const fromPage = await runCallbell(sandbox(), {
			resource: 'webhookEvent',
			operation: 'getAll',
			returnAll: true,
			options: { items: 3, page: 3 },
		});
		expect(fromPage.items).toHaveLength(1);
		expect(sent(sandbox()).slice(3).map((r) => r.query.page)).toEqual(['3']);
	});
});
