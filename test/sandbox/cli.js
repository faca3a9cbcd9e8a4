#!/usr/bin/env node
'use strict';
// Starts the sandbox APIs on fixed local ports with demo data, plus the demo console that
// fires their webhook events at n8n, for the start command and manual exploration:
//   node test/sandbox/cli.js [--contacts-port 18080] [--callbell-port 18081] [--demo-port 18082] [--dialpad-port 18083]
//                            [--n8n-url http://127.0.0.1:5678]
// Prints one JSON line: { ready, contacts: { url, locationId, token, webhookPublicKey },
// callbell: { url, apiKey, signingSecret }, dialpad: { url, apiKey }, demo: { url } } (it holds the demo secrets).
const fs = require('fs');
const path = require('path');
const { startContactsSandbox } = require('./contacts/server');
const { DEMO } = require('./contacts/seed');
const { SANDBOX_WEBHOOK_KEYS } = require('./contacts/webhooks');
const { startDemoConsole } = require('./demo/console');

function arg(name, fallback) {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : fallback;
}

async function main() {
	const out = {};
	const sandboxes = {};
	const contacts = await startContactsSandbox({ port: Number(arg('contacts-port', 18080)), seed: 'demo', rateLimit: { max: 100, intervalMs: 10_000 } });
	out.contacts = { url: contacts.url, locationId: DEMO.locationId, token: DEMO.tokens.write, webhookPublicKey: SANDBOX_WEBHOOK_KEYS.ed25519.publicPem };
	sandboxes.contacts = contacts;
	const servers = [contacts];
	const callbellPath = path.join(__dirname, 'callbell', 'server.js');
	if (fs.existsSync(callbellPath)) {
		const { startCallbellSandbox, CALLBELL_DEMO } = require(callbellPath);
		const callbell = await startCallbellSandbox({ port: Number(arg('callbell-port', 18081)), seed: 'demo' });
		out.callbell = { url: callbell.url, apiKey: CALLBELL_DEMO && CALLBELL_DEMO.apiKey, signingSecret: CALLBELL_DEMO && CALLBELL_DEMO.signingSecret };
		sandboxes.callbell = callbell;
		servers.push(callbell);
	}
	const { startDialpadSandbox, DIALPAD_DEMO } = require('./dialpad/server');
	const dialpad = await startDialpadSandbox({ port: Number(arg('dialpad-port', 18083)), seed: 'demo' });
	out.dialpad = { url: dialpad.url, apiKey: DIALPAD_DEMO.apiKey };
	servers.push(dialpad);
	sandboxes.dialpad = dialpad;
	// The demo owner of `npm start` (scripts/runner/demo.js) is who the console logs in as.
	const { OWNER } = require('../../scripts/runner/demo');
	// contactsWebhooks: the Contacts sandbox's API writes go to every Contacts API Trigger in n8n, like HighLevel's.
	const demo = await startDemoConsole({ port: Number(arg('demo-port', 18082)), sandboxes, n8n: { url: arg('n8n-url', 'http://127.0.0.1:5678'), owner: OWNER }, contactsWebhooks: true });
	out.demo = { url: demo.url, events: demo.sources.map((s) => ({ source: s.source, events: s.events().map((e) => e.name) })) };
	servers.push(demo);
	process.stdout.write(JSON.stringify({ ready: true, ...out }) + '\n');
	const stop = async () => {
		await Promise.all(servers.map((s) => s.close()));
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	process.stderr.write(String(error && error.stack) + '\n');
	process.exit(1);
});
