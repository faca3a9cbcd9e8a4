#!/usr/bin/env node
/**
 * CPU cost of the Echo Guard per delivery (issue 18): the Contacts API Trigger's own work on a
 * signed ContactUpdate with the guard Off (Ed25519 verification of the raw body, JSON parse)
 * against the same with the guard's decision added (dist/nodes/shared/sync/receive.js →
 * guardDelivery: receive state load and union from static data, canonical values, stamp
 * parse and HMAC check, ledger look-up, state save), in one run.
 *
 * Run after `npm run build`:  node bench/echoGuard.bench.js [rounds]
 *
 * Three guard cases: a passed human edit (stamp present, values changed), the echo of a
 * stamped write (dropped), and a passed edit with the trigger's receive state holding 2,000
 * entries (its cap) in static data. The webhook context is a minimal stand-in with the
 * methods the guard calls (static data, node, workflow, mode, instance id, child nodes). A and
 * B alternate in short rounds (A-B / B-A), and the report gives per-delivery medians, the
 * median per-round ratio and difference. Informative only: no test asserts timings.
 */
'use strict';

const crypto = require('crypto');
const path = require('path');

function load(rel) {
	const file = path.resolve(__dirname, '../dist', rel);
	try {
		return require(file);
	} catch (error) {
		console.error(`Cannot load ${file}: run \`npm run build\` first.\n${error.message}`);
		process.exit(1);
	}
}
const { verifyDelivery } = load('nodes/ContactsApiTrigger/signature.js');
const { guardDelivery } = load('nodes/shared/sync/receive.js');
const { makeStamp, stampKey } = load('nodes/shared/sync/stamp.js');
const { canonicalRecord } = load('nodes/shared/sync/records.js');

const { alternate, median } = require('./lib/stats');

const rounds = Number(process.argv[2] ?? 51);
const INSTANCE = 'bench-instance-id';

// The published ContactUpdate example (test/fixtures/reference/webhook-events), with a valid phone.
const example = require('../test/fixtures/reference/webhook-events/ContactUpdate.json').examples[0];
const contact = { ...example, phone: '+14155552671', customFields: undefined };

function delivery(fields, stamp) {
	const customFields = [{ id: 'BcdmQEsNgz6AVpgLVUJ0', value: 'XYZ Corp' }];
	if (stamp) customFields.push({ id: 'StampFieldId00000001', value: stamp });
	return Buffer.from(JSON.stringify({ ...contact, ...fields, customFields, timestamp: new Date().toISOString(), webhookId: crypto.randomUUID() }));
}

/** What the guard calls on n8n's WebhookContext. */
function context(staticData) {
	const node = { id: 'node-1', name: 'Contacts API Trigger', type: 'n8n-nodes-contacts-api.contactsApiTrigger' };
	return {
		getWorkflowStaticData: () => staticData,
		getNode: () => node,
		getWorkflow: () => ({ id: 'wf-bench' }),
		getMode: () => 'webhook',
		getInstanceId: () => INSTANCE,
		getChildNodes: () => [{ name: 'Callbell', type: 'n8n-nodes-contacts-api.callbell', disabled: false }],
	};
}

function compare(label, n, withGuard, without) {
	const { a, b, ratios, diffs } = alternate(withGuard, without, rounds, n);
	console.log(label);
	console.log(`  guard on:  ${(median(a) / 1000).toFixed(1)} µs/delivery (median of ${rounds} rounds × ${n})`);
	console.log(`  guard off: ${(median(b) / 1000).toFixed(1)} µs/delivery`);
	console.log(`  median per-round ratio on/off: ${median(ratios).toFixed(3)}×; the guard's own cost: ${(median(diffs) / 1000).toFixed(1)} µs/delivery`);
	return { ratio: median(ratios), micros: median(diffs) / 1000 };
}

function main() {
	console.log(`Node ${process.version}, ${require('os').cpus()[0]?.model ?? 'unknown CPU'}\n`);
	const ed = crypto.generateKeyPairSync('ed25519');
	const keys = { ed25519: ed.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
	const signed = (body) => ({ body, headers: { 'content-type': 'application/json', 'x-ghl-signature': crypto.sign(null, body, ed.privateKey).toString('base64') } });
	const base = (d) => {
		const check = verifyDelivery(d.body, d.headers, 'ed25519', keys);
		if (!check.ok) throw new Error('signature');
		return JSON.parse(d.body.toString('utf8'));
	};
	const now = Date.now();
	const key = stampKey(INSTANCE);
	const written = { ...contact, firstName: 'Augusta', customFields: [{ id: 'BcdmQEsNgz6AVpgLVUJ0', value: 'XYZ Corp' }] };
	const stamp = makeStamp(key, 'hl', contact.id, ['fn'], canonicalRecord('hl', written), now);
	const human = signed(delivery({ city: 'Paris' }, stamp));
	const echo = signed(delivery({ firstName: 'Augusta' }, stamp));

	const results = [];
	const freshData = () => ({ processedDeliveries: { keys: [], anchors: [] } });
	for (const [label, d, dataFor] of [
		['Passed human edit (stamp present, values changed)', human, freshData],
		['Echo of a stamped write (dropped)', echo, freshData],
		[
			'Passed human edit, receive state at its cap (2,000 entries in static data)',
			human,
			() => {
				const keysList = [];
				const values = [];
				for (let i = 0; i < 2000; i++) {
					keysList.push(`h:hl:contact${String(i).padStart(16, '0')}`);
					values.push(now - i);
				}
				return { echoGuard: { keys: keysList, values } };
			},
		],
	]) {
		let data = dataFor();
		let ctx = context(data);
		results.push(
			compare(
				label,
				200,
				(i) => {
					// A new "request" every 50 deliveries: static data as loaded from the database.
					if (i % 50 === 0) ctx = context((data = dataFor()));
					const payload = base(d);
					const verdict = guardDelivery(ctx, { sys: 'hl', record: payload, eventTime: Date.parse(payload.timestamp) - 1 }, Date.now());
					if (!verdict.drop) verdict.commit();
				},
				() => base(d),
			),
		);
		console.log();
	}
	console.log(`Summary: guard on/off per delivery ${results.map((r) => `${r.ratio.toFixed(2)}× (+${r.micros.toFixed(1)} µs)`).join(', ')}`);
}

main();
