import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { insertContact } from '../../harness/contactsStore';
import { runNode } from '../../harness/engine';
import { CONTACTS_DEMO, type Sandbox, useContactsSandbox } from '../../harness/sandboxes';

const { issue } = require('../../sandbox/contacts/routes/oauth');

let sandbox: Sandbox;
useContactsSandbox((started) => (sandbox = started));

const INVALID_ACCESS = 'oauth-access-expired-000000000000000000';

function oauthCredential(tokenData: IDataObject, overrides: IDataObject = {}): Record<string, ICredentialDataDecryptedObject> {
	return {
		contactsApiOAuth2Api: {
			grantType: 'authorizationCode',
			authUrl: `${sandbox.url}/oauth/chooselocation`,
			accessTokenUrl: `${sandbox.url}/oauth/token`,
			clientId: CONTACTS_DEMO.oauth.clientId,
			clientSecret: CONTACTS_DEMO.oauth.clientSecret,
			scope: 'contacts.readonly contacts.write',
			authentication: 'body',
			baseUrl: 'custom',
			customBaseUrl: sandbox.url,
			apiVersion: '2021-07-28',
			locationId: '',
			oauthTokenData: tokenData,
			...overrides,
		},
	};
}

function store() {
	return (sandbox as unknown as { store: unknown }).store;
}

describe('Contacts API node: OAuth2', () => {
	it('refreshes an expired access token on a 401 and repeats the call', async () => {
		const contact = insertContact(sandbox, { locationId: CONTACTS_DEMO.locationId, firstName: 'OAuth', email: 'oauth@example.com' });
		const granted = issue(store(), CONTACTS_DEMO.locationId);
		const result = await runNode({
			type: 'contactsApi',
			parameters: { authentication: 'oAuth2', resource: 'contact', operation: 'get', contactId: { __rl: true, mode: 'id', value: contact.id } },
			credentials: oauthCredential({ ...granted, access_token: INVALID_ACCESS }),
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.id)).toEqual([contact.id]);

		const [first, refresh, retry] = sandbox.requests;
		expect(sandbox.requests).toHaveLength(3);
		expect(first).toMatchObject({ method: 'GET', path: `/contacts/${contact.id}`, status: 401 });
		expect(first.headers.authorization).toBe(`Bearer ${INVALID_ACCESS}`);
		expect(first.headers.version).toBe('2021-07-28');

		expect(refresh).toMatchObject({ method: 'POST', path: '/oauth/token', status: 200 });
		const form = Object.fromEntries(new URLSearchParams(refresh.rawBody));
		expect(form).toMatchObject({ grant_type: 'refresh_token', refresh_token: granted.refresh_token });

		// n8n-core stored the new token data through the credentials helper …
		const updates = result.credentialsHelper.oauthUpdates;
		expect(updates).toHaveLength(1);
		const renewed = updates[0].oauthTokenData as IDataObject;
		expect(renewed.access_token).toMatch(/^oauth-access-/);
		expect(renewed.access_token).not.toBe(INVALID_ACCESS);
		expect(renewed.refresh_token).not.toBe(granted.refresh_token);
		// … and signed the repeated call with it.
		expect(retry).toMatchObject({ method: 'GET', path: `/contacts/${contact.id}`, status: 200 });
		expect(retry.headers.authorization).toBe(`Bearer ${String(renewed.access_token)}`);
		expect(retry.headers.version).toBe('2021-07-28');

		const everything = JSON.stringify([result.items, result.run]);
		for (const secret of [INVALID_ACCESS, granted.refresh_token, renewed.access_token, renewed.refresh_token, CONTACTS_DEMO.oauth.clientSecret]) {
			expect(everything).not.toContain(String(secret));
		}
	});

	it('takes the location from the token when the credential has none', async () => {
		const granted = issue(store(), CONTACTS_DEMO.locationId);
		const result = await runNode({
			type: 'contactsApi',
			parameters: { authentication: 'oAuth2', resource: 'contact', operation: 'getAll', returnAll: false, limit: 1 },
			credentials: oauthCredential(granted),
		});
		expect(result.error).toBeUndefined();
		expect(sandbox.requests).toHaveLength(1);
		expect(sandbox.requests[0].query.locationId).toBe(CONTACTS_DEMO.locationId);
		expect(result.credentialsHelper.oauthUpdates).toHaveLength(0);
	});

	it('asks to reconnect when the refresh token was revoked, without leaking tokens', async () => {
		const revoked = 'oauth-refresh-revoked-00000000000000';
		const result = await runNode({
			type: 'contactsApi',
			parameters: { authentication: 'oAuth2', resource: 'contact', operation: 'getAll', returnAll: false, limit: 1 },
			credentials: oauthCredential({ access_token: INVALID_ACCESS, refresh_token: revoked, token_type: 'Bearer', locationId: CONTACTS_DEMO.locationId }),
		});
		expect(sandbox.requests.map((r) => `${r.method} ${r.path} ${String(r.status)}`)).toEqual(['GET /contacts/ 401', 'POST /oauth/token 400']);
		// n8n-core's own answer to invalid_grant from the token endpoint.
		expect(result.error?.message).toMatch(/needs to be reconnected/);
		expect((result.error as Error & { description?: string }).description).toMatch(/reconnect it/);
		expect(result.credentialsHelper.oauthUpdates).toHaveLength(0);
		const error = result.error as Error & { description?: string };
		const texts = [JSON.stringify(result.run), error.message, String(error.description ?? ''), JSON.stringify(error, Object.getOwnPropertyNames(error))];
		for (const secret of [INVALID_ACCESS, revoked, CONTACTS_DEMO.oauth.clientSecret]) {
			for (const text of texts) expect(text).not.toContain(secret);
		}
	});

	it('reports a credential that was never connected at once, without sending or retrying', async () => {
		const result = await runNode({
			type: 'contactsApi',
			parameters: { authentication: 'oAuth2', resource: 'contact', operation: 'getAll', returnAll: false, limit: 1, options: { locationId: CONTACTS_DEMO.locationId } },
			credentials: oauthCredential(undefined as unknown as IDataObject),
		});
		expect(result.error?.message).toBe('OAuth credentials not connected');
		expect(result.error?.description).toBe('Open the OAuth2 credential and reconnect it.');
		expect(sandbox.requests).toHaveLength(0);
	});
});
