import type { INodeListSearchResult, INodeParameters, INodePropertyOptions } from 'n8n-workflow';

import { testCredential } from '../../harness/credentialTest';
import { callMethod, DEMO, sent, SIGNING_SECRET, useSandbox } from './helpers';

const sandbox = useSandbox({ contacts: 60 });

describe('Callbell node: pickers', () => {
	it('searchContacts pages through contacts one API page at a time and filters by name or phone', async () => {
		const first = await callMethod<INodeListSearchResult>(sandbox(), 'listSearch', 'searchContacts', []);
		expect(first.results).toHaveLength(50);
		expect(first.results[0]).toEqual({
			name: 'John Doe · +393331234567',
			value: DEMO.contacts.john,
			url: `https://dash.callbell.eu/contacts/${DEMO.contacts.john}`,
		});
		expect(first.paginationToken).toBe('2');
		const second = await callMethod<INodeListSearchResult>(sandbox(), 'listSearch', 'searchContacts', [undefined, '2']);
		expect(second.results).toHaveLength(13);
		expect(sent(sandbox()).map((r) => r.query.page)).toEqual(['1', '2']);

		const filtered = await callMethod<INodeListSearchResult>(sandbox(), 'listSearch', 'searchContacts', ['ROSSI']);
		expect(filtered.results.map((r) => r.value)).toEqual([DEMO.contacts.mario]);
	});

	it('searchChannels lists every channel, marks inactive ones, and filters', async () => {
		const all = await callMethod<INodeListSearchResult>(sandbox(), 'listSearch', 'searchChannels', []);
		expect(all.results.map((r) => r.name)).toEqual([
			'@demo.shop (instagram)',
			'+39 02 1234 5678 (whatsapp)',
			'Demo Shop Bot (telegram, inactive)',
			'Shop phone (QR) (whatsapp)',
		]);
		const insta = await callMethod<INodeListSearchResult>(sandbox(), 'listSearch', 'searchChannels', ['INSTA']);
		expect(insta.results).toEqual([{ name: '@demo.shop (instagram)', value: DEMO.channels.instagram }]);
	});

	it('searchTeams, searchTemplates, searchFunnels and searchCustomStatuses read their lists', async () => {
		const teams = await callMethod<INodeListSearchResult>(sandbox(), 'listSearch', 'searchTeams', ['sal']);
		expect(teams.results).toEqual([{ name: 'Sales', value: DEMO.teams.sales }]);

		const templates = await callMethod<INodeListSearchResult>(sandbox(), 'listSearch', 'searchTemplates', []);
		expect(templates.results).toHaveLength(6);
		expect(templates.results.find((t) => t.value === DEMO.templates.promoImage)?.name).toBe('promo_image (approved, image)');
		const order = await callMethod<INodeListSearchResult>(sandbox(), 'listSearch', 'searchTemplates', ['order {{2}}']);
		expect(order.results.map((t) => t.value)).toEqual([DEMO.templates.orderUpdate]);

		const funnels = await callMethod<INodeListSearchResult>(sandbox(), 'listSearch', 'searchFunnels', []);
		expect(funnels.results.map((f) => f.name)).toEqual(['🆕 New lead', '🎯 Qualified', '🏆 Won']);
		expect(funnels.results[1].value).toBe(DEMO.funnels.qualified);

		const statuses = await callMethod<INodeListSearchResult>(sandbox(), 'listSearch', 'searchCustomStatuses', ['meet']);
		expect(statuses.results).toEqual([{ name: '💬 In meeting', value: DEMO.customStatuses.inMeeting }]);
	});

	it('the Channel picker follows the chosen Source (Create Contact) and WhatsApp for Find by Phone', async () => {
		const list = async (parameters: INodeParameters) =>
			(await callMethod<INodeListSearchResult>(sandbox(), 'listSearch', 'searchChannels', [], parameters)).results.map((c) => c.value);
		const all = await list({ resource: 'message', operation: 'send' });
		expect(all.sort()).toEqual(Object.values(DEMO.channels).sort());
		expect((await list({ resource: 'contact', operation: 'create', source: 'instagram' }))).toEqual([DEMO.channels.instagram]);
		expect((await list({ resource: 'contact', operation: 'create', source: 'whatsapp' })).sort()).toEqual([DEMO.channels.whatsapp, DEMO.channels.whatsappQr].sort());
		expect((await list({ resource: 'contact', operation: 'getByPhone' })).sort()).toEqual([DEMO.channels.whatsapp, DEMO.channels.whatsappQr].sort());
		// A Source given by an expression is only known at run time: every channel.
		expect((await list({ resource: 'contact', operation: 'create', source: '={{ $json.source }}' })).sort()).toEqual(Object.values(DEMO.channels).sort());
	});

	it('getTeams offers every team, sorted', async () => {
		const teams = await callMethod<INodePropertyOptions[]>(sandbox(), 'loadOptions', 'getTeams');
		expect(teams).toEqual([
			{ name: 'Billing', value: DEMO.teams.billing },
			{ name: 'Sales', value: DEMO.teams.sales },
			{ name: 'Support', value: DEMO.teams.support },
		]);
	});

	it('picker failures carry the same actionable, key-free errors', async () => {
		sandbox().faults.inject({ kind: '404', count: 1, path: '/funnels' });
		const failure = await callMethod(sandbox(), 'listSearch', 'searchFunnels', []).catch((e: Error) => e);
		expect(String((failure as Error).message)).toMatch(/^Not found: the record does not exist in Callbell/);
		expect(JSON.stringify(failure)).not.toContain(DEMO.apiKey);
	});
});

describe('Callbell API credential test', () => {
	it('GET /auth/me succeeds with the demo key (a trailing slash on the Base URL is fine)', async () => {
		const result = await testCredential('callbellApi', { apiKey: DEMO.apiKey, baseUrl: `${sandbox().url}/`, signingSecret: SIGNING_SECRET });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(sent(sandbox(), 'GET', '/auth/me')).toHaveLength(1);
		expect(sent(sandbox())[0].headers.authorization).toBe(`Bearer ${DEMO.apiKey}`);
	});

	it('fails with a wrong key', async () => {
		const result = await testCredential('callbellApi', { apiKey: 'test_wrong', baseUrl: sandbox().url, signingSecret: '' });
		expect(result.status).toBe('Error');
	});
});
