'use strict';
// Load generation for the webhook benchmark: a pool of pre-signed deliveries (unique
// webhookId, fresh timestamp, Ed25519 signature over the exact bytes sent) and a bounded
// autocannon run that sends each pool entry at most once.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const autocannon = require('autocannon');

const EXAMPLE = JSON.parse(
	fs.readFileSync(path.join(__dirname, '..', '..', 'test', 'fixtures', 'reference', 'webhook-events', 'ContactCreate.json'), 'utf8'),
).examples[0];

function loadExample() {
	return EXAMPLE;
}

/** An Ed25519 key pair for the run: the public key is configured in the trigger. */
function makeSigningKey() {
	const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
	return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/**
 * signedPool(count, { privateKey, locationId, tag }) → [{ body: Buffer, signature, headers }]
 * Each body is a ContactCreate delivery as upstream sends it, with its own webhookId and
 * the current timestamp; the signature is base64 Ed25519 over exactly those bytes.
 */
function signedPool(count, { privateKey, locationId, tag }) {
	const now = new Date().toISOString();
	const pool = new Array(count);
	for (let i = 0; i < count; i++) {
		const delivery = {
			...EXAMPLE,
			type: 'ContactCreate',
			locationId: locationId || EXAMPLE.locationId,
			timestamp: now,
			webhookId: `${tag}-${i}-${crypto.randomUUID()}`,
		};
		const body = Buffer.from(JSON.stringify(delivery));
		const signature = crypto.sign(null, body, privateKey).toString('base64');
		pool[i] = { body, signature, headers: { 'content-type': 'application/json', 'x-ghl-signature': signature } };
	}
	return pool;
}

/**
 * fire({ url, pool, connections, durationSec }) → autocannon's result (+ sent, exhausted).
 * Each pool entry is sent once, as { body, headers }.
 * Runs for the duration; if the pool runs out first the run stops there (autocannon's own
 * `amount` would instead override the duration and run until it is used up).
 */
async function fire({ url, pool, connections, durationSec }) {
	let next = 0;
	let exhausted = false;
	let instance;
	instance = autocannon({
		url,
		connections,
		duration: durationSec,
		timeout: 30,
		requests: [
			{
				method: 'POST',
				setupRequest(request) {
					if (next >= pool.length) {
						if (!exhausted) {
							exhausted = true;
							setImmediate(() => instance.stop());
						}
						next += 1;
						return request; // the run is stopping; this request is not counted as a delivery
					}
					const entry = pool[next++];
					return {
						...request,
						method: 'POST',
						body: entry.body,
						headers: { ...request.headers, ...entry.headers },
					};
				},
			},
		],
	});
	const result = await instance;
	result.sent = Math.min(next, pool.length);
	result.exhausted = exhausted;
	return result;
}

module.exports = { loadExample, makeSigningKey, signedPool, fire };
