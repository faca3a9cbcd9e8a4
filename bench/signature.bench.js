#!/usr/bin/env node
/**
 * Cost of one webhook signature verification through the trigger's signature module
 * (dist/nodes/ContactsApiTrigger/signature.js → verifyDelivery: header lookup, cached key,
 * strict base64 decoding, crypto.verify) against a bare crypto.verify with a KeyObject
 * parsed once, for RSA-4096 (x-wh-signature) and Ed25519 (x-ghl-signature).
 *
 * Run after `npm run build`:  node bench/signature.bench.js [rounds]
 *
 * A and B alternate in short rounds, in A-B / B-A order on alternate rounds, so drift in CPU
 * speed (other processes on the machine) hits both alike. The report gives per-operation
 * medians, their ratio, the median of the per-round ratios (each A/B pair ran back to back,
 * so this is the figure that best survives a busy machine and is the one held against the
 * target ≤ 1.2) and the median per-round difference in µs, all measured in this one run.
 * Figures are informative only: no test asserts timings.
 */
'use strict';

const crypto = require('crypto');
const path = require('path');

const modulePath = path.resolve(__dirname, '../dist/nodes/ContactsApiTrigger/signature.js');
let signature;
try {
	signature = require(modulePath);
} catch (error) {
	console.error(`Cannot load ${modulePath}: run \`npm run build\` first.\n${error.message}`);
	process.exit(1);
}
const { verifyDelivery } = signature;

const { alternate, median, timeRound: timeEach } = require('./lib/stats');

const rounds = Number(process.argv[2] ?? 101);

const body = Buffer.from(
	JSON.stringify({
		type: 'ContactUpdate',
		locationId: 've9EPM428h8vShlRW1KT',
		timestamp: new Date().toISOString(),
		webhookId: 'bench-0001',
		id: 'nmFmQEsNgz6AVpgLVUJ0',
		firstName: 'John',
		lastName: 'Deo',
		email: 'johndeo@example.com',
		phone: '+919509597501',
		tags: ['id magna sed Lorem', 'Duis dolor commodo aliqua'],
		customFields: [{ id: 'BcdmQEsNgz6AVpgLVUJ0', value: 'XYZ Corp' }],
		notes: 'x'.repeat(600),
	}),
);

/** Nanoseconds per call of fn, over n calls; fails loudly if a verification is rejected. */
const timeRound = (fn, n) => timeEach(() => (fn() ? undefined : false), n);

function compare(label, n, moduleFn, bareFn, extra) {
	const { a, b, ratios, diffs } = alternate(
		() => (moduleFn() ? undefined : false),
		() => (bareFn() ? undefined : false),
		rounds,
		n,
	);
	const ratio = median(ratios);
	const medA = median(a);
	const medB = median(b);
	console.log(`${label}`);
	console.log(`  signature module (verifyDelivery): ${(medA / 1000).toFixed(1)} µs/op (median of ${rounds} rounds × ${n})`);
	console.log(`  bare crypto.verify, cached key:    ${(medB / 1000).toFixed(1)} µs/op`);
	console.log(`  ratio of medians: ${(medA / medB).toFixed(3)}×   median per-round ratio: ${ratio.toFixed(3)}× (${ratio <= 1.2 ? 'within' : 'ABOVE'} the 1.2× target)`);
	console.log(`  median per-round difference: ${(median(diffs) / 1000).toFixed(1)} µs/op`);
	if (extra) console.log(extra());
	return ratio;
}

function main() {
	console.log(`Node ${process.version}, ${require('os').cpus()[0]?.model ?? 'unknown CPU'}; body ${body.length} bytes\n`);
	const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 4096 });
	const ed = crypto.generateKeyPairSync('ed25519');
	const rsaPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
	const edPem = ed.publicKey.export({ type: 'spki', format: 'pem' }).toString();
	const rsaSig = crypto.sign('sha256', body, rsa.privateKey).toString('base64');
	const edSig = crypto.sign(null, body, ed.privateKey).toString('base64');
	const rsaKey = crypto.createPublicKey(rsaPem);
	const edKey = crypto.createPublicKey(edPem);
	const rsaHeaders = { 'content-type': 'application/json', 'x-wh-signature': rsaSig };
	const edHeaders = { 'content-type': 'application/json', 'x-ghl-signature': edSig, 'x-wh-signature': rsaSig };

	const rsaRatio = compare(
		'RSA-4096 / SHA-256 (x-wh-signature)',
		50,
		() => verifyDelivery(body, rsaHeaders, 'rsa', { rsa: rsaPem }).ok,
		() => crypto.verify('sha256', body, rsaKey, Buffer.from(rsaSig, 'base64')),
		() => {
			const parsed = timeRound(() => crypto.verify('sha256', body, crypto.createPublicKey(rsaPem), Buffer.from(rsaSig, 'base64')), 200);
			return `  for reference, parsing the PEM on every request: ${(parsed / 1000).toFixed(1)} µs/op`;
		},
	);
	console.log();
	const edRatio = compare(
		'Ed25519 (x-ghl-signature, Auto mode)',
		150,
		() => verifyDelivery(body, edHeaders, 'auto', { rsa: rsaPem, ed25519: edPem }).ok,
		() => crypto.verify(null, body, edKey, Buffer.from(edSig, 'base64')),
		() => {
			const parsed = timeRound(() => crypto.verify(null, body, crypto.createPublicKey(edPem), Buffer.from(edSig, 'base64')), 1000);
			return `  for reference, parsing the PEM on every request: ${(parsed / 1000).toFixed(1)} µs/op`;
		},
	);
	console.log(`\nSummary (median per-round ratio): RSA ${rsaRatio.toFixed(3)}×, Ed25519 ${edRatio.toFixed(3)}× (target ≤ 1.2×)`);
}

main();
