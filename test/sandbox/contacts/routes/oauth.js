'use strict';
// OAuth2 token endpoint (form-encoded, like services.leadconnectorhq.com/oauth/token), so the
// OAuth2 credential and n8n's refresh-on-401 can be exercised against the sandbox.
const crypto = require('crypto');
const { HttpError } = require('../../core');
const { DEMO, ALL_SCOPES } = require('../seed');
const { addToken } = require('../store');

function issue(store, locationId) {
	const access = `oauth-access-${crypto.randomBytes(12).toString('hex')}`;
	const refresh = `oauth-refresh-${crypto.randomBytes(12).toString('hex')}`;
	addToken(store, access, { scopes: ALL_SCOPES, locationIds: [locationId], label: 'oauth' });
	store.oauth.set(refresh, { locationId });
	return { access_token: access, token_type: 'Bearer', expires_in: 86399, refresh_token: refresh, scope: ALL_SCOPES.join(' '), userType: 'Location', locationId };
}

module.exports = [
	{
		method: 'POST', path: '/oauth/token', public: true,
		handler(ctx) {
			const form = Object.fromEntries(new URLSearchParams(ctx.record.rawBody));
			const auth = ctx.headers.authorization || '';
			if (auth.startsWith('Basic ')) {
				const [id, secret] = Buffer.from(auth.slice(6), 'base64').toString().split(':');
				form.client_id = form.client_id || id;
				form.client_secret = form.client_secret || secret;
			}
			if (form.client_id !== DEMO.oauth.clientId || form.client_secret !== DEMO.oauth.clientSecret) {
				throw new HttpError(401, { error: 'invalid_client', error_description: 'Invalid client credentials' });
			}
			if (form.grant_type === 'refresh_token') {
				const grant = ctx.store.oauth.get(form.refresh_token);
				if (!grant) throw new HttpError(400, { error: 'invalid_grant', error_description: 'Invalid refresh token' });
				ctx.store.oauth.delete(form.refresh_token);
				return { body: issue(ctx.store, grant.locationId) };
			}
			if (form.grant_type === 'authorization_code' && form.code === 'sandbox-code') {
				return { body: issue(ctx.store, DEMO.locationId) };
			}
			throw new HttpError(400, { error: 'unsupported_grant_type' });
		},
	},
];
module.exports.issue = issue;
