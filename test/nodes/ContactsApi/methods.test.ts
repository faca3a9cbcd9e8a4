import type { ICredentialDataDecryptedObject, IDataObject, ILoadOptionsFunctions, INodeListSearchResult, INodeParameters, INodePropertyOptions } from 'n8n-workflow';

import { contactPageUrl as contactAppUrl } from '../../../nodes/ContactsApi/helpers/appLinks';
import { insertContact } from '../../harness/contactsStore';
import { loadOptionsContext } from '../../harness/loadOptions';
import { CONTACTS_DEMO, contactsCredential, type Sandbox, useContactsSandbox } from '../../harness/sandboxes';

let sandbox: Sandbox;
useContactsSandbox((started) => (sandbox = started));

beforeAll(() => {
	for (let i = 0; i < 60; i++) {
		insertContact(sandbox, { locationId: CONTACTS_DEMO.locationId, firstName: `Listed${String(i).padStart(2, '0')}`, lastName: 'Person', email: `listed${i}@example.com` });
	}
	insertContact(sandbox, { locationId: CONTACTS_DEMO.locationId, firstName: 'Zoe', lastName: 'Special', phone: '+14155550101' });
});

type LoadOptionsMethod = (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>;
type ListSearchMethod = (this: ILoadOptionsFunctions, filter?: string, token?: string) => Promise<INodeListSearchResult>;

function harness(parameters: INodeParameters = { resource: 'contact', operation: 'create' }, credentials: Record<string, ICredentialDataDecryptedObject> = contactsCredential(sandbox)) {
	const { context, nodeType } = loadOptionsContext('contactsApi', parameters, credentials);
	const methods = nodeType.methods as unknown as { loadOptions: Record<string, LoadOptionsMethod>; listSearch: Record<string, ListSearchMethod> };
	return {
		load: async (name: string) => await methods.loadOptions[name].call(context),
		search: async (filter?: string, token?: string) => await methods.listSearch.searchContacts.call(context, filter, token),
	};
}

describe('Contacts API node: load options and list search (n8n-core LoadOptionsContext)', () => {
	it('getTags lists the location tags by name, sorted', async () => {
		const tags = await harness().load('getTags');
		expect(tags).toEqual(['callbell', 'customer', 'lead', 'newsletter', 'vip'].map((name) => ({ name, value: name })));
		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /locations/${CONTACTS_DEMO.locationId}/tags`]);
		expect(sandbox.requests[0].headers.authorization).toBe(`Bearer ${CONTACTS_DEMO.tokens.write}`);
	});

	it('getCustomFields lists the contact custom fields with their types', async () => {
		const fields = await harness().load('getCustomFields');
		expect(fields).toEqual([
			{ name: 'Favourite Colour (Text)', value: 'cf_text_00000000000001', description: 'contact.favourite_colour' },
			{ name: 'Interests (Multiple Options)', value: 'cf_multi_0000000000003', description: 'contact.interests' },
			{ name: 'Lifetime Value (Monetary)', value: 'cf_num_000000000000002', description: 'contact.lifetime_value' },
			{ name: 'Renewal Date (Date)', value: 'cf_date_00000000000004', description: 'contact.renewal_date' },
		]);
		expect(sandbox.requests[0].query).toEqual({ model: 'contact' });
	});

	it('getUsers lists the users of the location', async () => {
		const users = await harness().load('getUsers');
		expect(users).toEqual([
			{ name: 'Alice Agent', value: 'usr_alice_000000000001', description: 'alice@example.com' },
			{ name: 'Bob Builder', value: 'usr_bob_00000000000002', description: 'bob@example.com' },
		]);
		expect(sandbox.requests[0]).toMatchObject({ path: '/users/', query: { locationId: CONTACTS_DEMO.locationId } });
	});

	it('uses the location of the node options over the credential', async () => {
		await expect(harness({ resource: 'contact', operation: 'create', options: { locationId: CONTACTS_DEMO.otherLocationId } }).load('getTags')).rejects.toThrow(
			new RegExp(`Permission denied for location "${CONTACTS_DEMO.otherLocationId}"`),
		);
		expect(sandbox.requests[0].path).toBe(`/locations/${CONTACTS_DEMO.otherLocationId}/tags`);
	});

	it('names the missing scope when the token cannot read tags', async () => {
		await expect(harness(undefined, contactsCredential(sandbox, { token: CONTACTS_DEMO.tokens.noLookups })).load('getTags')).rejects.toThrow(
			/Permission denied: the token lacks locations\/tags\.readonly/,
		);
	});

	it("links a picked contact to its page in the app, not to the API host", () => {
		expect(contactAppUrl('https://services.leadconnectorhq.com', 'loc1', 'c1')).toBe('https://app.gohighlevel.com/v2/location/loc1/contacts/detail/c1');
		expect(contactAppUrl('https://portalapi.taskee.ai', 'loc1', 'c1')).toBe('https://app.taskee.ai/v2/location/loc1/contacts/detail/c1');
		// A custom host (the sandbox, a proxy): its app is unknown, so no link rather than a 401.
		expect(contactAppUrl('http://127.0.0.1:18080', 'loc1', 'c1')).toBeUndefined();
		expect(contactAppUrl('not a url', 'loc1', 'c1')).toBeUndefined();
	});

	it('searchContacts pages with a token and filters by text', async () => {
		const h = harness({ resource: 'contact', operation: 'get' });
		const first = await h.search();
		expect(first.results).toHaveLength(50);
		expect(first.results[0]).toMatchObject({ name: 'Listed00 Person · listed0@example.com' });
		expect(first.results[0].url).toBeUndefined(); // the sandbox's host has no known app
		expect(first.paginationToken).toBe(first.results[49].value);
		const second = await h.search(undefined, String(first.paginationToken));
		expect(second.results.map((r) => r.name)).toEqual([
			...Array.from({ length: 10 }, (_, i) => `Listed${50 + i} Person · listed${50 + i}@example.com`),
			'Zoe Special · +14155550101',
		]);
		expect(second.paginationToken).toBeUndefined();
		const ids = [...first.results, ...second.results].map((r) => r.value);
		expect(new Set(ids).size).toBe(61);
		expect(sandbox.requests.map((r) => r.query)).toEqual([
			{ locationId: CONTACTS_DEMO.locationId, limit: '50' },
			{ locationId: CONTACTS_DEMO.locationId, limit: '50', startAfterId: String(first.paginationToken) },
		]);

		sandbox.clearRequests();
		const filtered = await h.search('special');
		expect(filtered.results).toEqual([expect.objectContaining({ name: 'Zoe Special · +14155550101' })]);
		expect(filtered.paginationToken).toBeUndefined();
		expect(sandbox.requests[0].query).toEqual({ locationId: CONTACTS_DEMO.locationId, limit: '50', query: 'special' });
	});

	it('works with the OAuth2 credential too (token from oauthTokenData, location from the credential)', async () => {
		const oauth = (sandbox as unknown as { store: IDataObject }).store;
		const { issue } = require('../../sandbox/contacts/routes/oauth');
		const token = issue(oauth, CONTACTS_DEMO.locationId);
		const h = harness(
			{ authentication: 'oAuth2', resource: 'contact', operation: 'create' },
			{
				contactsApiOAuth2Api: {
					grantType: 'authorizationCode',
					clientId: CONTACTS_DEMO.oauth.clientId,
					clientSecret: CONTACTS_DEMO.oauth.clientSecret,
					accessTokenUrl: `${sandbox.url}/oauth/token`,
					authentication: 'body',
					baseUrl: 'custom',
					customBaseUrl: sandbox.url,
					apiVersion: '2021-07-28',
					locationId: '',
					oauthTokenData: token,
				},
			},
		);
		const tags = await h.load('getTags');
		expect(tags.map((t) => t.name)).toContain('vip');
		expect(sandbox.requests[0].headers.authorization).toBe(`Bearer ${token.access_token}`);
		expect(sandbox.requests[0].path).toBe(`/locations/${CONTACTS_DEMO.locationId}/tags`);
	});
});
