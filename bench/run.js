#!/usr/bin/env node
'use strict';
// `npm run bench` (scripts/bench.sh builds first): this pack side by side with n8n's
// built-in HighLevel node and with the limits, inside a real n8n 2.41.1, against the
// sandbox. Writes docs/benchmarks.md and prints it. See bench/README.md for what each
// figure means and how it is measured.
//
// Environment (defaults in brackets):
//   BENCH_ROUNDS [3]                 alternating rounds per comparison (A B A B …)
//   BENCH_CONTACTS [10000]           contacts for Return All
//   BENCH_CREATES [1000]             creates under the rate limit
//   BENCH_RATE_MAX [100]             rate limit: requests per window
//   BENCH_RATE_INTERVAL_MS [10000]   rate limit: window length
//   BENCH_WEBHOOK_SECONDS [10]       length of each load run
//   BENCH_WEBHOOK_CONNECTIONS [10]   concurrent connections of each load run
//   BENCH_COLD_SAMPLES [7]           fresh processes for the cold load
//   BENCH_ONLY                       comma list of: cold,signature,echoGuard,returnAll,creates,otherApis,
//                                    webhooks,webhookSettings
//   BENCH_DIALPAD_CALLS [5000], BENCH_DIALPAD_PAGE [50], BENCH_CALLBELL_CONTACTS [5000]
//                                    scenario 7: Dialpad calls (int64 ids) and their page size,
//                                    Callbell contacts (pages of 50)
//   BENCH_QUEUE_BASE_PORT [5900], BENCH_QUEUE_PG_PORT [15533], BENCH_QUEUE_REDIS_PORT [16480]
//                                    ports of scenario 6's queue-mode cluster (layout in
//                                    scripts/runner/queue.js; its second nginx listens on base + 3)
//   BENCH_QUEUE_WORKERS [2]          workers of that cluster
//   BENCH_QUEUE_LAZY_ACQUIRE [true]  N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE of that cluster
//   BENCH_QUEUE_COMPARE_LAZY [1]     0: skip re-measuring the 2-processor cluster at the other
//                                    LAZY_ACQUIRE setting
//   BENCH_SKIP_QUEUE                 1: scenario 6 without its queue-mode part
//   BENCH_N8N_ENV                    extra n8n environment for experiments, "K=V,K2=V2"
//                                    (e.g. N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true)
//   BENCH_N8N_PORT, BENCH_BROKER_PORT  pin n8n's ports [free ports picked by the OS]
//   BENCH_OUT                        where the report goes ('-' = print only). Default:
//                                    docs/benchmarks.md for a full run with the defaults above,
//                                    print only when BENCH_ONLY or BENCH_N8N_ENV is set. A run of
//                                    only webhookSettings into an existing report replaces (or
//                                    adds) just its own dated section there
// n8n's log of the last run stays in .n8n-runner/bench-n8n.log, the raw results in
// bench/results/last-run.json (print-only runs: last-print-only-run.json; git-ignored).
const fs = require('fs');
const os = require('os');
const path = require('path');
const runner = require('../scripts/runner');
const { startContactsSandbox } = require('../test/sandbox/contacts/server');
const { DEMO, ALL_SCOPES } = require('../test/sandbox/contacts/seed');
const { startTlsInterceptProxy, dropTrailingSlash } = require('./lib/tls-proxy');
const { startBenchN8n } = require('./lib/n8n-session');
const { machineFacts } = require('./lib/machine');
const { renderReport, mergeSections, refreshAnalysis } = require('./report');

const ROOT = path.resolve(__dirname, '..');
const UPSTREAM_HOST = 'services.leadconnectorhq.com';
const CREATE_LOCATION = 'loc_bench_create_01';
const CREATE_TOKEN = 'pit-bench-create-0123456789abcdef';

const env = (name, fallback) => (process.env[name] !== undefined && process.env[name] !== '' ? process.env[name] : fallback);
const CONFIG = {
	rounds: Number(env('BENCH_ROUNDS', 3)),
	contacts: Number(env('BENCH_CONTACTS', 10000)),
	creates: Number(env('BENCH_CREATES', 1000)),
	limit: { max: Number(env('BENCH_RATE_MAX', 100)), intervalMs: Number(env('BENCH_RATE_INTERVAL_MS', 10000)) },
	webhookSeconds: Number(env('BENCH_WEBHOOK_SECONDS', 10)),
	webhookConnections: Number(env('BENCH_WEBHOOK_CONNECTIONS', 10)),
	coldSamples: Number(env('BENCH_COLD_SAMPLES', 7)),
	only: env('BENCH_ONLY', 'cold,signature,echoGuard,returnAll,creates,otherApis,webhooks,webhookSettings').split(',').map((s) => s.trim()),
	dialpadCalls: Number(env('BENCH_DIALPAD_CALLS', 5000)),
	dialpadPage: Number(env('BENCH_DIALPAD_PAGE', 50)),
	callbellContacts: Number(env('BENCH_CALLBELL_CONTACTS', 5000)),
	queue: {
		basePort: Number(env('BENCH_QUEUE_BASE_PORT', 5900)),
		pgPort: Number(env('BENCH_QUEUE_PG_PORT', 15533)),
		redisPort: Number(env('BENCH_QUEUE_REDIS_PORT', 16480)),
		workers: Number(env('BENCH_QUEUE_WORKERS', 2)),
		lazyAcquire: env('BENCH_QUEUE_LAZY_ACQUIRE', 'true') === 'true',
		compareLazy: env('BENCH_QUEUE_COMPARE_LAZY', '1') === '1',
		skip: env('BENCH_SKIP_QUEUE', '') === '1',
	},
	n8nEnv: env('BENCH_N8N_ENV', '')
		.split(',')
		.map((kv) => kv.trim())
		.filter(Boolean)
		.reduce((acc, kv) => Object.assign(acc, { [kv.slice(0, kv.indexOf('='))]: kv.slice(kv.indexOf('=') + 1) }), {}),
	out: env('BENCH_OUT', process.env.BENCH_ONLY || process.env.BENCH_N8N_ENV ? '-' : path.join(ROOT, 'docs', 'benchmarks.md')),
};

const t0 = Date.now();
function log(message) {
	process.stderr.write(`[bench ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
}

/** Credentials the scenarios use: the pack's PIT and the built-in node's OAuth2 token data. */
async function createCredentials(api, sandbox) {
	const pit = (name, token, locationId) =>
		api.createCredential({
			name,
			type: 'contactsApi',
			data: { token, locationId, baseUrl: 'custom', customBaseUrl: sandbox.url, apiVersion: '2021-07-28' },
		});
	// What n8n stores after the OAuth2 dance with services.leadconnectorhq.com: the token
	// answer, which carries the location the built-in node reads (oauthTokenData.locationId).
	const oauth = (name, token, locationId) =>
		api.createCredential({
			name,
			type: 'highLevelOAuth2Api',
			data: {
				authUrl: 'https://marketplace.leadconnectorhq.com/oauth/chooselocation',
				clientId: DEMO.oauth.clientId,
				clientSecret: DEMO.oauth.clientSecret,
				scope: ALL_SCOPES.join(' '),
				oauthTokenData: {
					access_token: token,
					token_type: 'Bearer',
					expires_in: 86399,
					refresh_token: `refresh-${token}`,
					scope: ALL_SCOPES.join(' '),
					userType: 'Location',
					locationId,
				},
			},
		});
	// The pack's own OAuth2 credential, with the same stored token data (control in scenario 1).
	const packOAuth = (name, token, locationId) =>
		api.createCredential({
			name,
			type: 'contactsApiOAuth2Api',
			data: {
				authUrl: 'https://marketplace.leadconnectorhq.com/oauth/chooselocation',
				accessTokenUrl: `${sandbox.url}/oauth/token`,
				clientId: DEMO.oauth.clientId,
				clientSecret: DEMO.oauth.clientSecret,
				locationId,
				baseUrl: 'custom',
				customBaseUrl: sandbox.url,
				apiVersion: '2021-07-28',
				oauthTokenData: { access_token: token, token_type: 'Bearer', expires_in: 86399, refresh_token: `refresh-${token}`, userType: 'Location', locationId },
			},
		});
	let contactsApiOAuth2Api;
	try {
		contactsApiOAuth2Api = (await packOAuth('bench: pack OAuth2 (read)', DEMO.tokens.write, DEMO.locationId)).id;
	} catch (error) {
		log(`the pack's OAuth2 credential could not be created (${error.message}); scenario 1 runs without that control`);
	}
	return {
		contactsApiOAuth2Api,
		contactsApi: (await pit('bench: PIT (read)', DEMO.tokens.write, DEMO.locationId)).id,
		contactsApiLimited: (await pit('bench: PIT (creates)', CREATE_TOKEN, CREATE_LOCATION)).id,
		highLevelOAuth2Api: (await oauth('bench: HighLevel OAuth2 (read)', DEMO.tokens.readonly, DEMO.locationId)).id,
		highLevelOAuth2ApiLimited: (await oauth('bench: HighLevel OAuth2 (creates)', `${CREATE_TOKEN}-oauth`, CREATE_LOCATION)).id,
	};
}

async function main() {
	const only = new Set(CONFIG.only);
	const results = { config: CONFIG, startedAt: new Date().toISOString() };
	const cleanups = [];
	let stopping = false;
	const cleanup = async () => {
		if (stopping) return;
		stopping = true;
		for (const fn of cleanups.reverse()) await fn().catch((e) => log(`cleanup: ${e.message}`));
	};
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.once(signal, () => {
			log(`${signal}: stopping`);
			cleanup().finally(() => process.exit(130));
		});
	}

	try {
		log('n8n 2.41.1 runner (cached after the first install)');
		const installed = await runner.ensureRunner({ version: '2.41.1' });
		const missing = runner.missingBuildOutputs();
		if (missing.length) log(`WARNING: not built, left out of the pack: ${missing.join(', ')}`);
		const tarball = runner.packPack({ onlyBuilt: missing.length > 0 });
		cleanups.push(async () => fs.rmSync(path.dirname(tarball), { recursive: true, force: true }));
		results.missingBuildOutputs = missing;
		results.machine = machineFacts(installed);
		results.n8nEnv = CONFIG.n8nEnv;
		log(`machine: ${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGiB} GiB, load ${results.machine.loadAverage.join(' ')}`);

		// Measured without n8n running, so they do not compete with its idle work.
		if (only.has('cold')) results.cold = await dated(() => require('./scenarios/cold-load').run({ installed, tarball }, { samples: CONFIG.coldSamples, log }), 'cold');
		if (only.has('signature')) results.signature = await dated(() => require('./scenarios/signature').run({ installed }, { log }), 'signature');
		if (only.has('echoGuard')) results.echoGuard = await dated(() => require('./scenarios/echo-guard').run({ installed }, { log }), 'echoGuard');

		const needsN8n = ['returnAll', 'creates', 'otherApis'].some((s) => only.has(s));
		if (needsN8n) {
			const sandbox = await startContactsSandbox({ contacts: CONFIG.contacts, rateLimit: { ...CONFIG.limit } });
			cleanups.push(() => sandbox.close());
			sandbox.addLocation(CREATE_LOCATION, { name: 'Bench creates', allowDuplicates: true });
			sandbox.addToken(CREATE_TOKEN, { scopes: ALL_SCOPES, locationIds: [CREATE_LOCATION] });
			sandbox.addToken(`${CREATE_TOKEN}-oauth`, { scopes: ALL_SCOPES, locationIds: [CREATE_LOCATION] });
			const proxy = await startTlsInterceptProxy({ hosts: [UPSTREAM_HOST], target: sandbox.server, rewritePath: dropTrailingSlash });
			cleanups.push(() => proxy.close());
			log(`sandbox ${sandbox.url} (${CONFIG.contacts} contacts), proxy for ${UPSTREAM_HOST} at ${proxy.url}`);

			const logFile = path.join(runner.RUNNER_DIR, 'bench-n8n.log');
			fs.rmSync(logFile, { force: true });
			const session = await startBenchN8n({ installed, tarball, proxy, logFile, extraEnv: CONFIG.n8nEnv });
			const closeSession = () => session.close();
			cleanups.push(closeSession);
			log(`n8n ready on ${session.n8n.url} in ${session.n8n.startSeconds.toFixed(1)} s (log: ${path.relative(ROOT, logFile)})`);
			const types = new Set((await session.api.nodeTypes()).map((t) => t.name));
			results.loadedTypes = [...types].filter((t) => t.startsWith(`${runner.PACK_NAME}.`));
			if (!types.has(`${runner.PACK_NAME}.contactsApi`)) throw new Error(`n8n did not load ${runner.PACK_NAME}.contactsApi; see ${logFile}`);
			const credentials = await createCredentials(session.api, sandbox);
			const ctx = { api: session.api, n8n: session.n8n, sandbox, DEMO, credentials, installed, createLocationId: CREATE_LOCATION };

			if (only.has('returnAll')) {
				sandbox.limiter.enabled = false;
				results.returnAll = await dated(() => require('./scenarios/return-all').run(ctx, { rounds: CONFIG.rounds, log }), 'returnAll');
				if (results.returnAll) results.returnAll.proxyConnects = { ...proxy.connects, refused: [...proxy.connects.refused] };
			}
			if (only.has('creates')) {
				results.creates = await dated(() => require('./scenarios/creates').run(ctx, { rounds: CONFIG.rounds, count: CONFIG.creates, limit: CONFIG.limit, log }), 'creates');
			}
			if (only.has('otherApis')) {
				results.otherApis = await dated(() =>
					require('./scenarios/other-apis').run(ctx, { rounds: CONFIG.rounds, calls: CONFIG.dialpadCalls, contacts: CONFIG.callbellContacts, dialpadPage: CONFIG.dialpadPage, log }),
				'otherApis');
			}
			results.specViolations = {};
			for (const v of sandbox.specViolations()) {
				const key = String(typeof v === 'string' ? v : JSON.stringify(v)).slice(0, 200);
				results.specViolations[key] = (results.specViolations[key] || 0) + 1;
			}
			results.proxyRefused = [...proxy.connects.refused];
			// Its own n8n processes follow; this one would only idle beside them.
			cleanups.splice(cleanups.indexOf(closeSession), 1);
			await session.close();
		}
		// Both start their own n8n processes (scenario 6 a queue-mode cluster), one at a time.
		if (only.has('webhooks')) {
			results.webhooks = await dated(() =>
				require('./scenarios/webhooks').run(
					{ installed, tarball, n8nEnv: CONFIG.n8nEnv },
					{
						rounds: CONFIG.rounds,
						connections: CONFIG.webhookConnections,
						durationSec: CONFIG.webhookSeconds,
						poolSize: Math.max(2000, CONFIG.webhookSeconds * 1500),
						log,
					},
				),
				'webhooks',
			);
		}
		if (only.has('webhookSettings')) {
			results.webhookSettings = await require('./scenarios/webhook-settings').run(
				{ installed, tarball, n8nEnv: CONFIG.n8nEnv },
				{
					rounds: CONFIG.rounds,
					connections: CONFIG.webhookConnections,
					durationSec: CONFIG.webhookSeconds,
					poolSize: Math.max(2000, CONFIG.webhookSeconds * 1500),
					queue: CONFIG.queue,
					// Scenario 3 measures regular mode at both settings for every contender.
					regular: !only.has('webhooks'),
					log,
				},
			);
		}
	} finally {
		await cleanup();
	}
	results.failures = failures;
	results.totalSeconds = (Date.now() - t0) / 1000;
	let markdown = renderReport(results);
	if (CONFIG.out !== '-') {
		fs.mkdirSync(path.dirname(CONFIG.out), { recursive: true });
		markdown = intoReport(CONFIG.out, results, markdown);
		fs.writeFileSync(CONFIG.out, markdown);
	}
	// Print-only (partial or experimental) runs keep their raw results apart, so that
	// `--report` keeps rendering the last run that wrote the report.
	fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
	const rawFile = CONFIG.out !== '-' ? 'last-run.json' : 'last-print-only-run.json';
	fs.writeFileSync(path.join(__dirname, 'results', rawFile), JSON.stringify(results, null, 2));
	process.stdout.write(markdown);
	log(`done in ${results.totalSeconds.toFixed(0)} s${CONFIG.out !== '-' ? `; wrote ${path.relative(ROOT, CONFIG.out)}` : ''}`);
}

const loadAverage = () => os.loadavg().map((l) => Number(l.toFixed(2)));

/** Scenarios that failed in this run: name → message (the report lists them; the others still run). */
const failures = {};

/**
 * Runs a scenario and keeps when it ran and the machine's load before and after on its result.
 * A failing scenario is logged and left out of the report (named at its top), so that one
 * broken scenario does not cost the whole run.
 */
async function dated(fn, name = 'scenario') {
	const when = { startedAt: new Date().toISOString(), loadBefore: loadAverage() };
	let result;
	try {
		result = await fn();
	} catch (error) {
		log(`${name} FAILED: ${error.stack || error}`);
		failures[name] = String(error.message || error).slice(0, 300);
		return undefined;
	}
	if (result && typeof result === 'object') {
		result.ran = { ...when, finishedAt: new Date().toISOString(), loadAfter: loadAverage() };
	}
	return result;
}

/**
 * When only scenario 6 ran, its dated section goes into the existing report at `out`, whose
 * other tables (and their run's date) stay as they were; otherwise the whole new report.
 */
function intoReport(out, results, markdown) {
	const mergeOnly = results.config.only.every((s) => s === 'webhookSettings') && fs.existsSync(out);
	return mergeOnly ? refreshAnalysis(mergeSections(fs.readFileSync(out, 'utf8'), markdown)) : markdown;
}

/** `node bench/run.js --report`: re-renders the report from bench/results/last-run.json. */
function reportOnly() {
	const results = JSON.parse(fs.readFileSync(path.join(__dirname, 'results', 'last-run.json'), 'utf8'));
	let markdown = renderReport(results);
	const out = env('BENCH_OUT', path.join(ROOT, 'docs', 'benchmarks.md'));
	if (out !== '-') {
		markdown = intoReport(out, results, markdown);
		fs.writeFileSync(out, markdown);
	}
	process.stdout.write(markdown);
}

if (process.argv.includes('--report')) {
	reportOnly();
} else {
	main().catch((error) => {
		log(`FAILED: ${error.stack || error}`);
		process.exit(1);
	});
}
