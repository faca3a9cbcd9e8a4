'use strict';
// What the benchmarks need on top of scripts/runner: one n8n for the whole bench run, the
// built-in node's traffic sent through the TLS-intercepting proxy, and execution reads that
// do not load n8n while it is being measured.
const fs = require('fs');
const os = require('os');
const path = require('path');
const runner = require('../../scripts/runner');
const { startRssSampler } = require('./rss');

const OWNER = { email: 'bench-owner@example.com', password: 'Bench-password-1', firstName: 'Bench', lastName: 'Owner' };

/**
 * startBenchN8n({ installed, tarball, proxy?, logFile, extraEnv?, free? }) → { n8n, api, userFolder, close() }
 * n8n on free ports of 127.0.0.1 (BENCH_N8N_PORT / BENCH_BROKER_PORT pin them), the tarball
 * installed as a community package, so a bench never collides with `npm start`, a test run
 * or another bench.
 * HTTPS_PROXY + NODE_EXTRA_CA_CERTS send https:// traffic (only the built-in HighLevel node
 * makes any) through `proxy`; http:// traffic (the pack → sandbox) goes direct.
 */
async function startBenchN8n({ installed, tarball, proxy, logFile, extraEnv, free = false }) {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-bench-'));
	const env = {
		// No proxy for scenarios that only receive webhooks (the built-in node is not used).
		...(proxy
			? {
					HTTPS_PROXY: proxy.url,
					https_proxy: proxy.url,
					NO_PROXY: '127.0.0.1,localhost',
					no_proxy: '127.0.0.1,localhost',
					NODE_EXTRA_CA_CERTS: proxy.caFile,
				}
			: {}),
		// Same for every contender; info-level lines per webhook call would be noise in the load test.
		N8N_LOG_LEVEL: 'warn',
		// For experiments only (BENCH_N8N_ENV), e.g. N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true.
		...(extraEnv || {}),
	};
	// n8n loads the package from nodes/node_modules without its installed-packages row; the
	// row only feeds the Community nodes settings page, which the bench does not use.
	const [freeN8n, freeBroker] = await runner.freePorts(2);
	// `free: true` ignores the pins (a scenario running two n8n processes side by side).
	const port = Number((!free && process.env.BENCH_N8N_PORT) || freeN8n);
	const brokerPort = Number((!free && process.env.BENCH_BROKER_PORT) || freeBroker);
	let n8n;
	try {
		n8n = await runner.startN8n({ version: '2.41.1', runner: installed, userFolder, port, brokerPort, tarball, logFile, env, registerPackage: false });
	} catch (error) {
		fs.rmSync(userFolder, { recursive: true, force: true });
		throw error;
	}
	const api = new runner.N8nApi(n8n.url);
	try {
		await api.ensureOwner(OWNER);
		await api.createApiKey({ label: 'bench' });
	} catch (error) {
		await n8n.stop();
		fs.rmSync(userFolder, { recursive: true, force: true });
		throw error;
	}
	return {
		n8n,
		api,
		userFolder,
		async close() {
			await n8n.stop();
			fs.rmSync(userFolder, { recursive: true, force: true });
		},
	};
}

/** Polls an execution's status without its data (10,000 items would be re-read per poll). */
async function waitForExecutionQuietly(api, id, { timeoutMs = 600000, intervalMs = 200, onFinished } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		let res;
		try {
			res = await api.request('GET', `/api/v1/executions/${id}?includeData=false`, { raw: true });
		} catch (error) {
			// A busy n8n (1,000 parallel requests of the built-in node) can miss the connect
			// timeout of a status poll; that says nothing about the execution.
			if (Date.now() > deadline) throw error;
			await new Promise((r) => setTimeout(r, intervalMs));
			continue;
		}
		if (res.status === 200 && res.body && res.body.stoppedAt && !['new', 'running', 'waiting', 'unknown'].includes(res.body.status)) {
			if (onFinished) onFinished();
			return api.getExecution(id, { includeData: true });
		}
		// 404 right after the start; 503 "Database is not ready" while n8n's SQLite is swamped
		// (it answers its own health ping late under 1,000 parallel requests of the built-in node).
		if (res.status !== 200 && res.status !== 404 && res.status < 500) throw new Error(`GET execution ${id} → ${res.status}: ${JSON.stringify(res.body)}`);
		if (Date.now() > deadline) throw new Error(`execution ${id} did not finish within ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, intervalMs));
	}
}

/**
 * Runs a stored workflow as the editor's "Execute workflow" does and returns the finished
 * execution (with data) plus the named node's timing and output.
 */
async function runManually(api, workflowId, nodeName, { triggerName = 'Start', timeoutMs, onFinished } = {}) {
	const executionId = await api.runWorkflowManually(workflowId, { triggerName });
	const execution = await waitForExecutionQuietly(api, executionId, { timeoutMs, onFinished });
	const resultData = (execution.data && execution.data.resultData) || {};
	const runs = (resultData.runData && resultData.runData[nodeName]) || [];
	const last = runs[runs.length - 1];
	const first = runs[0];
	const items = ((last && last.data && last.data.main && last.data.main[0]) || []).map((i) => i.json);
	return {
		executionId,
		status: execution.status,
		execution,
		items,
		nodeError: last && last.error,
		workflowError: resultData.error,
		// n8n's own clock for the node: from its first start to the end of its last run.
		nodeMs: first && last ? last.startTime + last.executionTime - first.startTime : undefined,
		executionMs: execution.startedAt && execution.stoppedAt ? Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt) : undefined,
		nodeRuns: runs.length,
	};
}

/** Number of stored executions of a workflow (editor API; no data loaded). */
async function countExecutions(api, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId: String(workflowId) }));
	for (let attempt = 1; ; attempt++) {
		try {
			const res = await api.request('GET', `/rest/executions?filter=${filter}&limit=1`);
			return res.count;
		} catch (error) {
			// Transient under load (connect timeout, 503 while the database is busy).
			if (attempt >= 20 || (error.status !== undefined && error.status < 500)) throw error;
			await new Promise((r) => setTimeout(r, 250));
		}
	}
}

/**
 * runSampled({ api, n8n }, workflowId, nodeName, { timeoutMs }) → { result, cpuMs }
 * runManually while n8n's RSS is sampled (result.rss: the sampler's figures, also when the run
 * failed) and its CPU time read when the execution is done, before its data is fetched (which
 * costs n8n too).
 */
async function runSampled({ api, n8n }, workflowId, nodeName, { timeoutMs }) {
	const sampler = startRssSampler(n8n.pid);
	let cpuMs;
	let result;
	try {
		result = await runManually(api, workflowId, nodeName, { timeoutMs, onFinished: () => (cpuMs = sampler.cpuMs()) });
	} finally {
		result = Object.assign(result || {}, { rss: sampler.stop() });
	}
	return { result, cpuMs };
}

module.exports = { OWNER, startBenchN8n, waitForExecutionQuietly, runManually, runSampled, countExecutions };
