'use strict';
// Global setup of the end-to-end suite (jest.e2e.config.js), run once per `npm run test:e2e`:
//   1. `npm run build`, then `npm pack` of the repo (the tarball a user would install);
//   2. the cached n8n 2.41.1 runner (.n8n-runner/, installed on first use, ~3 min cold);
//   3. the sandbox APIs on random ports (Contacts, Dialpad; Callbell when its sandbox exists);
//   4. ONE `n8n start` on 127.0.0.1:5690 (broker 5691) with a throwaway user folder and the
//      tarball installed as a community package; owner, API key, shared credentials;
//   5. writes the connection state to a JSON file named by N8N_E2E_STATE for the tests
//      (test/e2e/helpers/e2e.ts reads it). global-teardown.js stops everything.
// Environment: E2E_PACK_ONLY_BUILT=1 packs only the n8n-section files the build produced
// (a development aid while nodes are unwritten; n8n otherwise refuses the whole package);
// E2E_SKIP_BUILD=1 packs the dist/ as it is (the caller just built); E2E_KEEP=1 keeps the user folder; E2E_N8N_PORT / E2E_BROKER_PORT move the ports.
// The n8n log of the last run is kept in .n8n-runner/e2e-n8n.log (e2e-n8n-<port>.log on other ports).
const fs = require('fs');
const os = require('os');
const net = require('net');
const path = require('path');
const { execFileSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const runner = require(path.join(ROOT, 'scripts', 'runner'));

const OWNER = { email: 'e2e-owner@example.com', password: 'E2e-password-1', firstName: 'E2E', lastName: 'Owner' };

function portFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

function say(message) {
	process.stderr.write(`[e2e setup] ${message}\n`);
}

module.exports = async function globalSetup() {
	try {
		await setup();
	} catch (error) {
		// jest runs no global teardown after a failed setup: clean up here.
		await require('./global-teardown')().catch(() => undefined);
		throw error;
	}
};

async function setup() {
	const t0 = Date.now();
	const lap = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
	const port = Number(process.env.E2E_N8N_PORT || 5690);
	const brokerPort = Number(process.env.E2E_BROKER_PORT || port + 1);
	for (const p of [port, brokerPort]) {
		if (!(await portFree(p))) throw new Error(`port ${p} is in use: is another n8n (or an earlier e2e run) still running? (ps -ef | grep n8n)`);
	}

	process.stderr.write('\n');
	if (process.env.E2E_SKIP_BUILD === '1') {
		say('E2E_SKIP_BUILD=1: using the dist/ that is there');
	} else {
		say('building the pack');
		try {
			execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
		} catch (error) {
			throw new Error(`npm run build failed:\n${String(error.stdout || '')}${String(error.stderr || '')}`);
		}
	}
	const missing = runner.missingBuildOutputs();
	if (missing.length > 0) say(`WARNING: package.json's n8n section lists files the build did not produce: ${missing.join(', ')}`);
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
	const handles = { n8n: undefined, sandboxes: [], userFolder };
	globalThis.__N8N_E2E__ = handles;
	const tarball = runner.packPack({ onlyBuilt: process.env.E2E_PACK_ONLY_BUILT === '1', destDir: path.join(userFolder, 'pack') });
	say(`packed ${path.basename(tarball)} (${lap()})`);

	const installed = await runner.ensureRunner({ version: '2.41.1' });
	say(`n8n 2.41.1 runner ${installed.cached ? 'cached' : `installed in ${installed.seconds.toFixed(0)} s`} (${lap()})`);

	// Ctrl-C or a crash of jest must not leave n8n's process group (or its folder) behind.
	const killGroup = () => {
		if (handles.n8n && !handles.n8n.exited) {
			try {
				process.kill(-handles.n8n.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
		}
		if (process.env.E2E_KEEP !== '1') fs.rmSync(userFolder, { recursive: true, force: true });
	};
	process.once('exit', killGroup);
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.once(signal, () => {
			killGroup();
			process.exit(130);
		});
	}

	const { startContactsSandbox } = require(path.join(ROOT, 'test', 'sandbox', 'contacts', 'server'));
	const { DEMO } = require(path.join(ROOT, 'test', 'sandbox', 'contacts', 'seed'));
	const contacts = await startContactsSandbox({ port: 0, seed: 'demo', rateLimit: { max: 100000, intervalMs: 10000 } });
	handles.sandboxes.push(contacts);
	const sandboxes = { contacts: { url: contacts.url, locationId: DEMO.locationId } };
	const callbellPath = path.join(ROOT, 'test', 'sandbox', 'callbell', 'server.js');
	if (fs.existsSync(callbellPath)) {
		try {
			const { startCallbellSandbox, CALLBELL_DEMO } = require(callbellPath);
			const callbell = await startCallbellSandbox({ port: 0, seed: 'demo' });
			handles.sandboxes.push(callbell);
			sandboxes.callbell = { url: callbell.url, apiKey: CALLBELL_DEMO && CALLBELL_DEMO.apiKey };
		} catch (error) {
			say(`Callbell sandbox not started: ${error.message}`);
		}
	}

	const { startDialpadSandbox, DIALPAD_DEMO } = require(path.join(ROOT, 'test', 'sandbox', 'dialpad', 'server'));
	const dialpad = await startDialpadSandbox({ port: 0, rateLimit: { max: 100000, intervalMs: 1000 } });
	handles.sandboxes.push(dialpad);
	sandboxes.dialpad = { url: dialpad.url, apiKey: DIALPAD_DEMO.apiKey };

	// A run on other ports (E2E_N8N_PORT) keeps its own log, so parallel runs do not clobber it.
	const logFile = path.join(runner.RUNNER_DIR, port === 5690 ? 'e2e-n8n.log' : `e2e-n8n-${port}.log`);
	fs.rmSync(logFile, { force: true });
	const n8n = await runner.startN8n({ version: '2.41.1', userFolder, port, brokerPort, tarball, logFile, runner: installed });
	handles.n8n = n8n;
	say(`n8n ready on ${n8n.url} in ${n8n.startSeconds.toFixed(1)} s (${lap()})`);

	const api = new runner.N8nApi(n8n.url);
	await api.ensureOwner(OWNER);
	await api.createApiKey({ label: 'e2e' });

	const credentials = {};
	const credentialTypes = new Set((await api.credentialTypes()).map((c) => c.name));
	if (credentialTypes.has('contactsApi')) {
		const cred = await api.createCredential({
			name: 'Contacts sandbox (shared)',
			type: 'contactsApi',
			data: { token: DEMO.tokens.write, locationId: DEMO.locationId, baseUrl: 'custom', customBaseUrl: contacts.url, apiVersion: '2021-07-28' },
		});
		credentials.contactsApi = cred.id;
	} else {
		say('WARNING: credential type contactsApi is not loaded: the pack did not load (see .n8n-runner/e2e-n8n.log)');
	}
	if (sandboxes.callbell && credentialTypes.has('callbellApi')) {
		const cred = await api.createCredential({
			name: 'Callbell sandbox (shared)',
			type: 'callbellApi',
			data: { apiKey: sandboxes.callbell.apiKey, baseUrl: sandboxes.callbell.url },
		});
		credentials.callbellApi = cred.id;
	}

	if (credentialTypes.has('dialpadApi')) {
		const cred = await api.createCredential({
			name: 'Dialpad sandbox (shared)',
			type: 'dialpadApi',
			data: { apiKey: sandboxes.dialpad.apiKey, environment: 'custom', customBaseUrl: sandboxes.dialpad.url },
		});
		credentials.dialpadApi = cred.id;
	}

	const state = {
		version: '2.41.1',
		url: n8n.url,
		port,
		userFolder,
		logFile,
		tarball,
		packageName: runner.PACK_NAME,
		owner: { email: OWNER.email, password: OWNER.password },
		apiKey: api.apiKey,
		cookie: api.cookie,
		browserId: api.browserId,
		sandboxes,
		credentials,
		missingBuildOutputs: missing,
	};
	const stateFile = path.join(userFolder, 'e2e-state.json');
	fs.writeFileSync(stateFile, JSON.stringify(state, null, 2), { mode: 0o600 });
	process.env.N8N_E2E_STATE = stateFile;
	handles.setupSeconds = (Date.now() - t0) / 1000;
	say(`ready (${lap()})`);
}
