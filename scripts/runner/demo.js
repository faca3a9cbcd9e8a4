'use strict';
// The API part of `npm start` (scripts/start.sh): starts n8n on 127.0.0.1:5678 with the pack
// installed as a community package in the persistent user folder .n8n-runner/demo-user,
// creates the owner, credentials pointing at the running sandboxes and imports examples/*.json,
// prints the URL and login, then runs until SIGINT/SIGTERM and stops n8n cleanly.
//   node scripts/runner/demo.js --tarball <tgz> --sandboxes-file <file holding test/sandbox/cli.js's JSON line>
const fs = require('fs');
const path = require('path');
const { ROOT, RUNNER_DIR, ensureRunner } = require('./install');
const { startN8n } = require('./n8n');
const { N8nApi } = require('./api');

const OWNER = { email: 'demo@example.com', password: 'Demo-password-1', firstName: 'Demo', lastName: 'User' };
const CREDENTIAL_NAMES = { contactsApi: 'Contacts API (sandbox)', callbellApi: 'Callbell (sandbox)', dialpadApi: 'Dialpad (sandbox)' };

function arg(name, fallback) {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : fallback;
}

/** The first line test/sandbox/cli.js prints, kept in a file (it holds the demo tokens); {} without one. */
function readSandboxes(file) {
	return file ? JSON.parse(fs.readFileSync(file, 'utf8').split('\n')[0]) : {};
}

/**
 * `stop(code)` runs `stopAll` once and exits with `code`; SIGINT and SIGTERM call it with 0.
 * `stopping()` says whether it has begun (a watcher then leaves the exit to it).
 */
function stopper(stopAll) {
	let stopping = false;
	const stop = async (code) => {
		if (stopping) return;
		stopping = true;
		await stopAll();
		process.exit(code);
	};
	process.on('SIGINT', () => stop(0));
	process.on('SIGTERM', () => stop(0));
	return { stop, stopping: () => stopping };
}

function say(message) {
	process.stdout.write(`[start] ${message}\n`);
}

/** Creates the credential unless one of that name exists; updates its data when it does. */
async function ensureCredential(api, existing, type, data) {
	const name = CREDENTIAL_NAMES[type];
	const found = existing.find((c) => c.name === name && c.type === type);
	if (found) {
		await api.request('PATCH', `/rest/credentials/${found.id}`, { body: { name, type, data } });
		return found.id;
	}
	return (await api.createCredential({ name, type, data })).id;
}

/**
 * Points an example's triggers at the sandboxes: a Contacts API Trigger verifies the Ed25519
 * signature with the sandbox's public key instead of HighLevel's (the node's default), so the
 * demo's signed events are accepted and the workflow can be published as it is.
 */
function configureTriggers(json, { ed25519PublicKey } = {}) {
	for (const node of json.nodes) {
		if (ed25519PublicKey && String(node.type).endsWith('.contactsApiTrigger')) trustEd25519Key(node, ed25519PublicKey);
	}
}

/**
 * Makes a Contacts API Trigger node accept only deliveries signed for `publicPem` (Ed25519):
 * version 3 keeps the key under Options, versions 1 and 2 as a main parameter.
 */
function trustEd25519Key(node, publicPem) {
	const parameters = { ...node.parameters, signatureMode: 'ed25519' };
	if (Number(node.typeVersion) >= 3) parameters.options = { ...(parameters.options || {}), ed25519PublicKey: publicPem };
	else parameters.ed25519PublicKey = publicPem;
	node.parameters = parameters;
}

/**
 * Imports examples/*.json (skipping names already there), wiring in the sandbox credentials
 * and, given `sandbox.ed25519PublicKey`, the sandbox's webhook key (configureTriggers).
 */
async function importExamples(api, credentialIds, dir = path.join(ROOT, 'examples'), sandbox = {}) {
	if (!fs.existsSync(dir)) return [];
	const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
	const existing = new Set((await api.listWorkflows()).map((w) => w.name));
	const imported = [];
	for (const file of files) {
		let json;
		try {
			json = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
		} catch (error) {
			say(`skipped examples/${file}: ${error.message}`);
			continue;
		}
		if (!Array.isArray(json.nodes)) continue;
		json.name = json.name || path.basename(file, '.json');
		if (existing.has(json.name)) continue;
		configureTriggers(json, sandbox);
		try {
			await ensureDataTables(api, json);
		} catch (error) {
			say(`examples/${file}: could not create its data table: ${error.message}`);
		}
		for (const node of json.nodes) {
			for (const type of Object.keys(node.credentials || {})) {
				if (credentialIds[type]) node.credentials[type] = { id: credentialIds[type], name: CREDENTIAL_NAMES[type] };
			}
		}
		try {
			await api.importWorkflow(json);
			imported.push(json.name);
		} catch (error) {
			say(`could not import examples/${file}: ${error.message}`);
		}
	}
	return imported;
}

/**
 * Creates, in the owner's personal project, each data table an example's Data Table nodes name
 * (table chosen By Name) that does not exist yet, with the columns its nodes write (text). n8n
 * answers 409 for a name that exists: kept as it is.
 */
async function ensureDataTables(api, json) {
	const tables = new Map();
	for (const node of json.nodes) {
		const table = node.type === 'n8n-nodes-base.dataTable' && node.parameters && node.parameters.dataTableId;
		if (!table || table.mode !== 'name' || typeof table.value !== 'string' || !table.value) continue;
		const columns = tables.get(table.value) || new Set();
		const mapped = node.parameters.columns && node.parameters.columns.value;
		for (const name of Object.keys(mapped || {})) columns.add(name);
		tables.set(table.value, columns);
	}
	if (tables.size === 0) return;
	const project = await api.request('GET', '/rest/projects/personal');
	for (const [name, columns] of tables) {
		const body = { name, columns: [...columns].map((column) => ({ name: column, type: 'string' })) };
		const answer = await api.request('POST', `/rest/projects/${project.id}/data-tables`, { body, raw: true });
		if (answer.status >= 300 && answer.status !== 409) throw new Error(`POST data-tables "${name}": ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
	}
}

/** The lines `npm start` prints about firing the sandboxes' webhook events (README "Try it"). */
function howToFire(sandboxes) {
	if (!sandboxes.demo) return [];
	const lines = [
		`  Fire webhook events from the sandboxes at the workflows that listen for them:`,
		`    page:  ${sandboxes.demo.url}  (a button per event)`,
		'    shell: npm run demo -- event <name>   (npm run demo -- list: what each one does)',
	];
	for (const { source, events } of sandboxes.demo.events || []) lines.push(`    ${`${source}:`.padEnd(10)} ${events.join(', ')}`);
	lines.push(
		'  The examples: open one, click Publish (or "Execute workflow" to watch it live), then fire',
		'    1 → contact_created   2 → TaskComplete   3 → call_hangup / call_missed   4 → ContactTagUpdate / ContactDelete',
		'    5 → dialpad_contact_created / dialpad_contact_updated   6 → ContactUpdate',
		'    (npm run demo -- all fires all of these in turn), and see one green run per event under Executions.',
		'  Two-way syncs 7 (CRM <-> Callbell) and 8 (CRM <-> Dialpad): publish both parts, then',
		'    npm run demo -- human-edit crm | callbell | dialpad   (a person edits a contact; one run on the other side)',
		'',
	);
	return lines;
}

/**
 * The owner, sandbox credentials and example workflows of `npm start`, on any n8n reachable
 * at url (also used by `npm run start:queue`, scripts/runner/queue-demo.js); prints the banner.
 */
async function provisionDemo(api, sandboxes, url) {
	const { created } = await api.ensureOwner(OWNER);
	say(created ? 'created the owner account' : 'owner account exists');

	const types = new Set((await api.credentialTypes()).map((c) => c.name));
	const existing = await api.listCredentials();
	const credentialIds = {};
	if (!types.has('contactsApi')) {
		say('WARNING: the pack did not load in n8n (no contactsApi credential type); see the n8n log');
	} else if (sandboxes.contacts) {
		credentialIds.contactsApi = await ensureCredential(api, existing, 'contactsApi', {
			token: sandboxes.contacts.token,
			locationId: sandboxes.contacts.locationId,
			baseUrl: 'custom',
			customBaseUrl: sandboxes.contacts.url,
			apiVersion: '2021-07-28',
		});
	}
	if (sandboxes.callbell && types.has('callbellApi')) {
		credentialIds.callbellApi = await ensureCredential(api, existing, 'callbellApi', {
			apiKey: sandboxes.callbell.apiKey,
			baseUrl: sandboxes.callbell.url,
			signingSecret: sandboxes.callbell.signingSecret || '',
		});
	} else {
		say('Callbell: sandbox or credential type not available yet, no Callbell credential');
	}
	if (sandboxes.dialpad && types.has('dialpadApi')) {
		credentialIds.dialpadApi = await ensureCredential(api, existing, 'dialpadApi', {
			apiKey: sandboxes.dialpad.apiKey,
			environment: 'custom',
			customBaseUrl: sandboxes.dialpad.url,
		});
	}
	const imported = await importExamples(api, credentialIds, undefined, { ed25519PublicKey: sandboxes.contacts && sandboxes.contacts.webhookPublicKey });
	if (imported.length) say(`imported ${imported.length} example workflow(s): ${imported.join(', ')}`);

	process.stdout.write(
		[
			'',
			`  n8n is running:  ${url}`,
			`  login:           ${OWNER.email} / ${OWNER.password}`,
			`  credentials:     ${Object.keys(credentialIds).map((t) => CREDENTIAL_NAMES[t]).join(', ') || 'none'}`,
			`  sandboxes:       ${Object.entries(sandboxes)
				.filter(([, v]) => v && v.url)
				.map(([k, v]) => `${k} ${v.url}`)
				.join(', ')}`,
			'',
			...howToFire(sandboxes),
			'  Ctrl-C stops everything.',
			'',
		].join('\n') + '\n',
	);
}

let n8n;

async function main() {
	const tarball = arg('tarball');
	const sandboxes = readSandboxes(arg('sandboxes-file'));
	const port = Number(arg('port', 5678));
	const userFolder = path.resolve(arg('user-folder', path.join(RUNNER_DIR, 'demo-user')));
	const runner = await ensureRunner({ version: '2.41.1' });

	const { stop, stopping } = stopper(async () => {
		if (n8n) {
			say('stopping n8n …');
			await n8n.stop();
		}
	});

	say(`starting n8n 2.41.1 on 127.0.0.1:${port} (user folder ${path.relative(ROOT, userFolder)})`);
	n8n = await startN8n({
		version: '2.41.1',
		userFolder,
		port,
		brokerPort: port + 1,
		tarball,
		runner,
		logFile: path.join(userFolder, 'n8n.log'),
	});
	say(`n8n is ready after ${n8n.startSeconds.toFixed(1)} s (log: ${path.relative(ROOT, path.join(userFolder, 'n8n.log'))})`);

	await provisionDemo(new N8nApi(n8n.url), sandboxes, n8n.url);

	// Stay up while n8n runs.
	const timer = setInterval(() => {
		if (n8n.exited && !stopping()) {
			say(`n8n exited on its own (${JSON.stringify(n8n.exited)}); see its log`);
			clearInterval(timer);
			stop(1);
		}
	}, 1000);
}

function run() {
	main().catch(async (error) => {
		process.stderr.write(`[start] ${error.stack || error}\n`);
		if (n8n) await n8n.stop();
		process.exit(1);
	});
}

if (require.main === module) run();

module.exports = { run, importExamples, configureTriggers, trustEd25519Key, howToFire, ensureCredential, provisionDemo, OWNER, CREDENTIAL_NAMES, say, arg, readSandboxes, stopper };
