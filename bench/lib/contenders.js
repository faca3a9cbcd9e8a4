'use strict';
// The webhook contenders of scenario 3 and of bench/profile.js: each of the pack's three
// triggers at typeVersion 2, configured as a user does for signed deliveries, and n8n's own
// Webhook node v2 (POST, respond immediately) as the reference. A contender knows how to make
// its workflow active and how to build a pool of deliveries, each used once: unique ids and
// fresh timestamps, signed over the exact bytes sent, as the real service would send them.
//   contacts  Contacts API Trigger: ContactCreate with its own webhookId, Ed25519 x-ghl-signature
//   callbell  Callbell Trigger: contact_created envelope with its own contact uuid,
//             X-Callbell-Signature (t=…,v1=HMAC-SHA256) with the credential's signing secret
//   dialpad   Dialpad Trigger: call.hangup event with its own call_id and event_timestamp, sent as
//             an HS256 JWT (application/jwt) with the secret the trigger registered at Dialpad
//   plain     Webhook v2: the Contacts API deliveries (same bytes and headers as `contacts`)
//   plainAuth Webhook v2 with Header Auth (a credential): control for the triggers with credentials
const crypto = require('crypto');
const { makeSigningKey, signedPool } = require('./signed-load');
const { createActiveWorkflow, webhookUrl, warmUp } = require('../scenarios/webhooks');

const PACK = 'n8n-nodes-contacts-api';
const CALLBELL_SECRET = 'whsec_bench_6Jq2Vx9Lm4Tz8Rw1Pc7Hd3';
const AUTH_VALUE = 'bench-header-auth-4f1c9e';

/** The Contacts API Trigger's options: Max Remembered Deliveries from BENCH_CONTACTS_MAX_REMEMBERED when set. */
function maxRemembered() {
	const n = Number(process.env.BENCH_CONTACTS_MAX_REMEMBERED);
	return Number.isInteger(n) && n > 0 ? { maxRememberedDeliveries: n } : {};
}

function callbellPool(count, tag) {
	const { sign, nowSeconds } = require('../../test/sandbox/callbell/deliver');
	const t = String(nowSeconds());
	const pool = new Array(count);
	for (let i = 0; i < count; i++) {
		const uuid = crypto.randomUUID().replace(/-/g, '');
		const body = Buffer.from(
			JSON.stringify({
				event: 'contact_created',
				payload: {
					uuid,
					name: `Bench ${tag} ${i}`,
					phoneNumber: '+393331234567',
					avatarUrl: null,
					createdAt: new Date().toISOString(),
					source: 'whatsapp',
					href: `https://dash.callbell.eu/contacts/${uuid}`,
					tags: ['bench'],
					customFields: {},
				},
			}),
		);
		pool[i] = { body, headers: { 'content-type': 'application/json', 'x-callbell-signature': `t=${t},v1=${sign(CALLBELL_SECRET, t, body)}` } };
	}
	return pool;
}

function dialpadPool(count, secret) {
	const { callEvent } = require('../../test/sandbox/dialpad/deliver');
	const { toDialpadJson } = require('../../test/sandbox/dialpad/server');
	const { signJwt } = require('../../test/sandbox/dialpad/jwt');
	const pool = new Array(count);
	for (let i = 0; i < count; i++) {
		// callEvent numbers its call_id (int64 beyond 2^53) and stamps event_timestamp now.
		const body = Buffer.from(signJwt(toDialpadJson(callEvent('hangup')), secret));
		pool[i] = { body, headers: { 'content-type': 'application/jwt' } };
	}
	return pool;
}

/**
 * prepareContenders({ api, sandboxes: { callbell?, dialpad? } }, names) → [{ name, label, workflowId,
 * url, pool(count, tag) }] in the order of `names`, each active and warmed up with 100 deliveries.
 */
async function prepareContenders({ api, sandboxes = {} }, names) {
	const key = makeSigningKey();
	const out = [];
	for (const name of names) {
		let workflowId;
		let pool;
		let label;
		if (name === 'plain') {
			label = 'Webhook v2';
			workflowId = await createActiveWorkflow(api, {
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				parameters: { httpMethod: 'POST', path: `bench-plain-${crypto.randomUUID()}`, responseMode: 'onReceived', options: {} },
			});
			pool = (count, tag) => signedPool(count, { privateKey: key.privateKey, tag });
		} else if (name === 'plainAuth') {
			// Control: the same Webhook node with Header Auth, i.e. with a credential. n8n loads it
			// per request (to check the header) and, like for every workflow whose nodes carry
			// credentials, checks their access before each execution: what the Callbell and
			// Dialpad Triggers (which need credentials for their registration) cannot avoid either.
			label = 'Webhook v2 + Header Auth';
			const credential = await api.createCredential({ name: 'bench: header auth', type: 'httpHeaderAuth', data: { name: 'x-bench-auth', value: AUTH_VALUE } });
			workflowId = await createActiveWorkflow(api, {
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				parameters: { httpMethod: 'POST', path: `bench-plain-auth-${crypto.randomUUID()}`, authentication: 'headerAuth', responseMode: 'onReceived', options: {} },
				credentials: { httpHeaderAuth: { id: credential.id, name: 'bench: header auth' } },
			});
			pool = (count, tag) => signedPool(count, { privateKey: key.privateKey, tag }).map((e) => ({ ...e, headers: { ...e.headers, 'x-bench-auth': AUTH_VALUE } }));
		} else if (name === 'contacts') {
			label = 'Contacts API Trigger';
			workflowId = await createActiveWorkflow(api, {
				name: 'Contacts API Trigger',
				type: `${PACK}.contactsApiTrigger`,
				typeVersion: 2,
				parameters: { events: ['*'], signatureMode: 'auto', ed25519PublicKey: key.publicKeyPem, options: maxRemembered() },
			});
			pool = (count, tag) => signedPool(count, { privateKey: key.privateKey, tag });
		} else if (name === 'callbell') {
			label = 'Callbell Trigger';
			const { CALLBELL_DEMO } = require('../../test/sandbox/callbell/server');
			const credential = await api.createCredential({
				name: 'bench: Callbell',
				type: 'callbellApi',
				data: { apiKey: CALLBELL_DEMO.apiKey, baseUrl: sandboxes.callbell.url, signingSecret: CALLBELL_SECRET },
			});
			workflowId = await createActiveWorkflow(api, {
				name: 'Callbell Trigger',
				type: `${PACK}.callbellTrigger`,
				typeVersion: 2,
				parameters: { events: ['contact_created'], replaceExistingWebhook: false },
				credentials: { callbellApi: { id: credential.id, name: 'bench: Callbell' } },
			});
			pool = (count, tag) => callbellPool(count, tag);
		} else if (name === 'dialpad') {
			label = 'Dialpad Trigger';
			const { DIALPAD_DEMO } = require('../../test/sandbox/dialpad/server');
			const credential = await api.createCredential({
				name: 'bench: Dialpad',
				type: 'dialpadApi',
				data: { apiKey: DIALPAD_DEMO.apiKey, environment: 'custom', customBaseUrl: sandboxes.dialpad.url },
			});
			workflowId = await createActiveWorkflow(api, {
				name: 'Dialpad Trigger',
				type: `${PACK}.dialpadTrigger`,
				typeVersion: 2,
				parameters: { events: ['call.hangup'], targetType: 'company', options: {} },
				credentials: { dialpadApi: { id: credential.id, name: 'bench: Dialpad' } },
			});
			pool = (count) => dialpadPool(count, registeredSecret(sandboxes.dialpad));
		} else {
			throw new Error(`unknown contender ${name}`);
		}
		const url = await webhookUrl(api, workflowId);
		if (name === 'dialpad') await waitFor(() => registeredSecret(sandboxes.dialpad), 'the Dialpad webhook of the activation');
		if (name === 'callbell') await waitFor(() => sandboxes.callbell.store.webhook && sandboxes.callbell.store.webhook.url === url, 'the Callbell subscription of the activation');
		await warmUp(url, pool(100, `warm-${name}-${Date.now()}`), 100);
		out.push({ name, label, workflowId, url, pool });
	}
	return out;
}

function registeredSecret(sandbox) {
	const hook = sandbox.store.webhooks.find((w) => w.secret);
	return hook && hook.secret;
}

async function waitFor(fn, what, timeoutMs = 20000) {
	const deadline = Date.now() + timeoutMs;
	while (!fn()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

module.exports = { prepareContenders, CALLBELL_SECRET };
