#!/usr/bin/env node
'use strict';
// Starts the sandbox APIs on fixed local ports with demo data, for the start command and
// manual exploration: node test/sandbox/cli.js [--contacts-port 18080] [--callbell-port 18081] [--dialpad-port 18082]
const fs = require('fs');
const path = require('path');
const { startContactsSandbox } = require('./contacts/server');
const { DEMO } = require('./contacts/seed');

function arg(name, fallback) {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : fallback;
}

async function main() {
	const out = {};
	const contacts = await startContactsSandbox({ port: Number(arg('contacts-port', 18080)), seed: 'demo', rateLimit: { max: 100, intervalMs: 10_000 } });
	out.contacts = { url: contacts.url, locationId: DEMO.locationId, token: DEMO.tokens.write };
	const servers = [contacts];
	const callbellPath = path.join(__dirname, 'callbell', 'server.js');
	if (fs.existsSync(callbellPath)) {
		const { startCallbellSandbox, CALLBELL_DEMO } = require(callbellPath);
		const callbell = await startCallbellSandbox({ port: Number(arg('callbell-port', 18081)), seed: 'demo' });
		out.callbell = { url: callbell.url, apiKey: CALLBELL_DEMO && CALLBELL_DEMO.apiKey };
		servers.push(callbell);
	}
	const { startDialpadSandbox, DIALPAD_DEMO } = require('./dialpad/server');
	const dialpad = await startDialpadSandbox({ port: Number(arg('dialpad-port', 18082)), seed: 'demo' });
	out.dialpad = { url: dialpad.url, apiKey: DIALPAD_DEMO.apiKey };
	servers.push(dialpad);
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
