'use strict';
// The demo console of the sandboxes (started by test/sandbox/cli.js for `npm start`, and
// in-process by test/e2e/demo.e2e.test.ts): fires the webhook events of every sandbox at
// the n8n workflows that listen for them.
//   GET  /                      a page with a button per event
//   GET  /events                [{ source, title, events: [{ name, description }] }]
//   POST /events/<name>         fire it → { source, event, payload, deliveries, hint }
//                               (<source>:<name> when two sources share a name)
//   POST /human-edit/<side>     a person edits a contact in the CRM (crm), Callbell or Dialpad:
//                               body { phone?, id?, changes? } (none: a person the sandboxes
//                               share, and a default change) → { side, record, events, deliveries }
// `npm run demo -- event <name>` and `npm run demo -- human-edit <side>` (scripts/demo.js)
// call the same endpoints.
//
// With `contactsWebhooks: true` (npm start), every write to the Contacts sandbox, through its
// API too, is also delivered to every Contacts API Trigger in n8n that listens for its type
// (HighLevel sends an app's webhooks to the app's one URL; here n8n's triggers stand for it).
//
// Plug-ins: test/sandbox/<name>/demo-events.js for every sandbox <name> that has one (a
// Dialpad sandbox plugs in by adding test/sandbox/dialpad/demo-events.js), plus calls.js:
//   { source, title, events() → [{ name, description }], knownPhones?(sandbox) → Set,
//     fire(name, { sandbox, knownPhones, n8n }) → { payload, deliveries, hint } }
// where n8n.findTriggers(nodePredicate) lists the workflows with a matching trigger node,
// and n8n.deliver(target, rawBody, headers) POSTs to its production URL (active workflows)
// and its test URL (answered only while the editor listens), returning one row per answer.
const fs = require('fs');
const http = require('http');
const path = require('path');

const { N8nApi } = require('../../../scripts/runner/api');
const { listensFor } = require('../contacts/listens');

const SANDBOX_DIR = path.resolve(__dirname, '..');

/** The plug-ins: every test/sandbox/<name>/demo-events.js (Dialpad's: examples 3 and 5). */
function loadSources() {
	const sources = [];
	for (const entry of fs.readdirSync(SANDBOX_DIR, { withFileTypes: true })) {
		const file = path.join(SANDBOX_DIR, entry.name, 'demo-events.js');
		if (entry.isDirectory() && fs.existsSync(file)) sources.push(require(file));
	}
	const order = ['contacts', 'callbell', 'dialpad'];
	sources.sort((a, b) => (order.indexOf(a.source) + 1 || 99) - (order.indexOf(b.source) + 1 || 99));
	return sources;
}

/**
 * n8nAccess({ api } | { url, owner }): finds trigger nodes in n8n's workflows and delivers to
 * their webhook URLs. Logs in (cookie) on first use when given url and owner.
 */
function n8nAccess(options) {
	let api = options.api;
	const ready = async () => {
		if (!api) {
			if (!options.url) throw new Error('no n8n to deliver to: start it with `npm start`');
			const client = new N8nApi(options.url);
			try {
				await client.login(options.owner);
			} catch (error) {
				throw new Error(`n8n does not answer at ${options.url} (${error.message}): is \`npm start\` still starting, or stopped?`);
			}
			api = client;
		}
		return api;
	};
	return {
		async findTriggers(matches) {
			const client = await ready();
			const targets = [];
			for (const summary of await client.listWorkflows()) {
				if (summary.isArchived) continue;
				const workflow = await client.getWorkflow(summary.id);
				for (const node of workflow.nodes || []) {
					if (node.disabled || !matches(node)) continue;
					// Pack triggers are served at <webhookId>/webhook; the Webhook node at its path.
					const route = node.type === 'n8n-nodes-base.webhook' ? String(node.parameters.path).replace(/^\/+/, '') : `${node.webhookId}/webhook`;
					targets.push({ workflowId: workflow.id, workflowName: workflow.name, active: Boolean(workflow.active), node: node.name, route });
				}
			}
			return targets;
		},
		async deliver(target, rawBody, headers) {
			const client = await ready();
			const rows = [];
			const urls = [...(target.active ? [['production', `${client.url}/webhook/${target.route}`]] : []), ['test', `${client.url}/webhook-test/${target.route}`]];
			for (const [kind, url] of urls) {
				const res = await fetch(url, { method: 'POST', headers, body: rawBody });
				const text = await res.text();
				// A test URL answers 404 unless the editor listens: not a delivery.
				if (kind === 'test' && res.status === 404) continue;
				let answer = text;
				try {
					answer = text ? JSON.parse(text) : undefined;
				} catch {
					/* plain text */
				}
				rows.push({ to: `${target.workflowName} (${kind} URL)`, workflowId: target.workflowId, url, status: res.status, answer });
			}
			return rows;
		},
	};
}

/** Phones every sandbox knows (so a demo event or edit picks a person the examples find elsewhere). */
function sharedPhones(sources, sandboxes) {
	const phoneSets = sources.filter((s) => s.knownPhones && sandboxes[s.source]).map((s) => s.knownPhones(sandboxes[s.source]));
	return new Set([...(phoneSets[0] || [])].filter((p) => phoneSets.every((set) => set.has(p))));
}

const SIDES = { crm: 'contacts', callbell: 'callbell', dialpad: 'dialpad' };

/**
 * A human edit on one side: { side, record, events, deliveries } once its webhooks are sent
 * (the sandbox's usual delay). `spec`: { phone?, id?, changes? }.
 */
async function humanEdit(sources, sandboxes, side, spec = {}) {
	const sandbox = sandboxes[SIDES[side]];
	if (!sandbox) {
		const error = new Error(SIDES[side] ? `no ${side} sandbox is running` : `unknown side "${side}"; sides: ${Object.keys(SIDES).join(', ')}`);
		error.status = 404;
		throw error;
	}
	const edit = { ...spec };
	if (edit.id) {
		edit[{ crm: 'contactId', callbell: 'uuid', dialpad: 'id' }[side]] = edit.id;
		delete edit.id;
	}
	if (!edit.phone && !edit.contactId && !edit.uuid && !edit.id && side !== 'dialpad') {
		const [phone] = sharedPhones(sources, sandboxes);
		if (phone) edit.phone = phone;
	}
	const seen = sandbox.webhooks.log.length;
	let record;
	try {
		record = sandbox.humanEdit(edit);
	} catch (error) {
		const message = error.body ? JSON.stringify(error.body) : error.message;
		const out = new Error(`the ${side} sandbox refused the edit: ${message}`);
		out.status = 400;
		throw out;
	}
	const entries = sandbox.webhooks.log.slice(seen).filter((e) => e.origin === 'human');
	const deliveries = (await Promise.all(entries.map((e) => e.done))).flat();
	const hint = {
		crm: 'activate (publish) a workflow with a Contacts API Trigger for ContactUpdate, e.g. example 7 or 8 (part 1)',
		callbell: 'activate (publish) a workflow with a Callbell Trigger for contact_updated, e.g. example 7 (part 2)',
		dialpad: 'activate (publish) a workflow with a Dialpad Trigger for contact.updated, e.g. example 8 (part 2)',
	}[side];
	return { side, record: record.contact || record, events: entries.map((e) => e.name), deliveries, hint };
}

/** Fires one event: { source, event, payload, deliveries, hint }. */
async function fire(sources, sandboxes, n8n, requested) {
	const [wantedSource, wantedName] = requested.includes(':') ? requested.split(':', 2) : [undefined, requested];
	const source = sources.find((s) => (!wantedSource || s.source === wantedSource) && s.events().some((e) => e.name === wantedName));
	if (!source) {
		const known = sources.flatMap((s) => s.events().map((e) => e.name));
		const error = new Error(`unknown event "${requested}"; known: ${known.join(', ')}`);
		error.status = 404;
		throw error;
	}
	const knownPhones = sharedPhones(sources, sandboxes);
	const result = await source.fire(wantedName, { sandbox: sandboxes[source.source], knownPhones, n8n });
	return { source: source.source, event: wantedName, ...result };
}

function page(sources) {
	const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
	const sections = sources
		.map(
			(s) =>
				`<h2>${esc(s.title)}</h2>` +
				s
					.events()
					.map((e) => `<p><button data-event="${esc(`${s.source}:${e.name}`)}">${esc(e.name)}</button> ${esc(e.description)}</p>`)
					.join(''),
		)
		.join('');
	return `<!doctype html><html><head><meta charset="utf-8"><title>Sandbox events</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto}button{min-width:14rem}pre{background:#f4f4f4;padding:1rem;white-space:pre-wrap}</style></head>
<body><h1>Fire a sandbox event at n8n</h1>
<p>Each button changes the sandbox's data and sends the webhook event to every workflow that listens for it:
the production URL of an active (published) workflow, and the test URL while the editor waits for a test event.</p>
${sections}<h2>Human edits (two-way sync, examples 7 and 8)</h2>
<p>A person edits a contact in the service's own app; the service then sends its webhook like for any change.
Activate both parts of example 7 (or 8) and watch the edit arrive once on the other side, and nothing come back.</p>
<p><button data-edit="crm">Human edit in the CRM</button> a contact both sandboxes know gets a new email</p>
<p><button data-edit="callbell">Human edit in Callbell</button> the same person's Work Email changes in Callbell</p>
<p><button data-edit="dialpad">Human edit in Dialpad</button> the newest CRM-synced Dialpad contact moves to another company</p>
<h2>Last result</h2><pre id="out">(none yet)</pre>
<script>
for (const b of document.querySelectorAll('button')) b.onclick = async () => {
	const out = document.getElementById('out');
	const what = b.dataset.event || 'human edit in ' + b.dataset.edit;
	out.textContent = 'sending ' + what + ' …';
	const url = b.dataset.event ? '/events/' + encodeURIComponent(b.dataset.event) : '/human-edit/' + encodeURIComponent(b.dataset.edit);
	const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
	out.textContent = JSON.stringify(await res.json(), null, 2);
};
</script></body></html>`;
}

/**
 * startDemoConsole({ port, host, sandboxes: { contacts, callbell, … }, n8n: { api } | { url, owner }, contactsWebhooks? })
 * → { url, port, sources, fire(name), humanEdit(side, spec), close() }
 */
async function startDemoConsole(options) {
	const sources = loadSources();
	const n8n = n8nAccess(options.n8n || {});
	const sandboxes = options.sandboxes || {};
	if (options.contactsWebhooks && sandboxes.contacts && !sandboxes.contacts.resolveWebhookTargets) {
		sandboxes.contacts.resolveWebhookTargets = async (type) => {
			const targets = await n8n.findTriggers((node) => node.type.endsWith('.contactsApiTrigger') && listensFor(node, type));
			return targets.map((target) => ({ deliver: (rawBody, headers) => n8n.deliver(target, rawBody, headers) }));
		};
	}
	const server = http.createServer(async (req, res) => {
		const send = (status, body, type = 'application/json') => {
			res.writeHead(status, { 'content-type': type });
			res.end(type === 'application/json' ? JSON.stringify(body, null, 2) : body);
		};
		try {
			const url = new URL(req.url, 'http://demo');
			if (req.method === 'GET' && url.pathname === '/') return send(200, page(sources), 'text/html; charset=utf-8');
			if (req.method === 'GET' && url.pathname === '/events') {
				return send(200, sources.map((s) => ({ source: s.source, title: s.title, events: s.events() })));
			}
			const match = url.pathname.match(/^\/events\/([^/]+)$/);
			if (req.method === 'POST' && match) return send(200, await fire(sources, sandboxes, n8n, decodeURIComponent(match[1])));
			const edit = url.pathname.match(/^\/human-edit\/([^/]+)$/);
			if (req.method === 'POST' && edit) {
				const chunks = [];
				for await (const chunk of req) chunks.push(chunk);
				const text = Buffer.concat(chunks).toString('utf8').trim();
				let spec;
				try {
					spec = text ? JSON.parse(text) : {};
				} catch {
					return send(400, { error: 'the body must be JSON: { phone?, id?, changes? }' });
				}
				return send(200, await humanEdit(sources, sandboxes, decodeURIComponent(edit[1]), spec));
			}
			return send(404, { error: 'not found' });
		} catch (error) {
			return send(error.status || 500, { error: error.message });
		}
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port || 0, options.host || '127.0.0.1', resolve);
	});
	const { port } = server.address();
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		sources,
		fire: (name) => fire(sources, sandboxes, n8n, name),
		humanEdit: (side, spec) => humanEdit(sources, sandboxes, side, spec),
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

module.exports = { startDemoConsole, loadSources };
