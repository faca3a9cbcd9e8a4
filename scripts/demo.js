#!/usr/bin/env node
'use strict';
// `npm run demo -- …`: drives the running demo (`npm start` in another terminal) by asking
// the sandboxes' demo console (http://127.0.0.1:18082, test/sandbox/demo/console.js) to fire
// webhook events at the n8n workflows that listen for them.
//   npm run demo -- list                  every event, by sandbox
//   npm run demo -- event ContactCreate   fire one (any name from the list; source:name also works)
//   npm run demo -- all                   fire the walkthrough: the events of every example, in order
//   npm run demo -- human-edit <crm|callbell|dialpad> [--phone <number>] [--id <record id>] [field=value …]
//                                         a person edits a contact in that service's app (the service then
//                                         sends its webhook): with no field, a default change to a person
//                                         every sandbox knows. Fields: crm firstName, lastName, email,
//                                         companyName, tags (a,b), customFields.<id>; callbell name, tags,
//                                         customFields.<name>; dialpad first_name, last_name, company_name,
//                                         job_title, emails, phones
//   --json (after event, all or human-edit) print the console's answers as JSON (payloads included)
// DEMO_URL moves the console.
const BASE = (process.env.DEMO_URL || 'http://127.0.0.1:18082').replace(/\/+$/, '');
// The README walkthrough's events (its "Try it" table), example by example.
const WALKTHROUGH = [
	['1', 'contact_created'],
	['2', 'TaskComplete'],
	['3', 'call_hangup'],
	['3', 'call_missed'],
	['4', 'ContactTagUpdate'],
	['4', 'ContactDelete'],
	['5', 'dialpad_contact_created'],
	['5', 'dialpad_contact_updated'],
	['6', 'ContactUpdate'],
];

async function call(method, path, json) {
	let res;
	try {
		res = await fetch(`${BASE}${path}`, { method, ...(json === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) }) });
	} catch {
		throw new Error(`the demo console does not answer at ${BASE}: start the demo with \`npm start\` (in another terminal) and wait for its URL`);
	}
	const body = await res.json();
	if (!res.ok) throw new Error(body.error || `HTTP ${res.status}`);
	return body;
}

function report(result) {
	const lines = [`${result.source} ${result.event}:`];
	if (result.deliveries.length === 0) lines.push(`  nobody listens: ${result.hint}`);
	for (const d of result.deliveries) lines.push(`  → ${d.to}: HTTP ${d.status} ${typeof d.answer === 'string' ? d.answer : JSON.stringify(d.answer)}`);
	if (result.deliveries.some((d) => d.status === 200)) lines.push('  Open the workflow in n8n → Executions to see the run.');
	return lines.join('\n');
}

/** human-edit's arguments → { phone?, id?, changes? } (customFields.<key>=v and comma lists for tags, emails, phones). */
function humanEditSpec(args) {
	const spec = {};
	const changes = {};
	for (let i = 0; i < args.length; i++) {
		const a = args[i];
		if (a === '--phone' || a === '--id') {
			spec[a.slice(2)] = args[++i];
			continue;
		}
		const eq = a.indexOf('=');
		if (eq <= 0) throw new Error(`"${a}" is not field=value (see: npm run demo -- without arguments)`);
		const key = a.slice(0, eq);
		const value = a.slice(eq + 1);
		if (key.startsWith('customFields.')) (changes.customFields ||= {})[key.slice('customFields.'.length)] = value;
		else if (['tags', 'emails', 'phones'].includes(key)) changes[key] = value.split(',').map((v) => v.trim()).filter(Boolean);
		else changes[key] = value;
	}
	if (Object.keys(changes).length) spec.changes = changes;
	return spec;
}

async function main() {
	const args = process.argv.slice(2);
	const json = args.includes('--json');
	const [command, name, ...rest] = args.filter((a) => a !== '--json');
	const print = (results, text) => console.log(json ? JSON.stringify(results, null, 2) : text);
	if (command === 'list') {
		const sources = await call('GET', '/events');
		const width = Math.max(...sources.flatMap((s) => s.events.map((e) => e.name.length)));
		for (const source of sources) {
			console.log(`${source.title}:`);
			for (const e of source.events) console.log(`  ${e.name.padEnd(width)}  ${e.description}`);
		}
		return;
	}
	if (command === 'event' && name) {
		const result = await call('POST', `/events/${encodeURIComponent(name)}`);
		print(result, report(result));
		if (!result.deliveries.some((d) => d.status === 200)) process.exitCode = 1;
		return;
	}
	if (command === 'all') {
		const results = [];
		for (const [example, event] of WALKTHROUGH) {
			const result = await call('POST', `/events/${event}`);
			results.push({ example, ...result });
			if (!json) console.log(`example ${example}: ${report(result)}`);
		}
		if (json) print(results);
		if (results.some((r) => !r.deliveries.some((d) => d.status === 200))) process.exitCode = 1;
		return;
	}
	if (command === 'human-edit' && name) {
		const result = await call('POST', `/human-edit/${encodeURIComponent(name)}`, humanEditSpec(rest));
		const lines = [`human edit in ${result.side}: ${result.events.join(', ') || 'no event'}`];
		if (result.deliveries.length === 0) lines.push(`  nobody listens: ${result.hint}`);
		for (const d of result.deliveries) lines.push(`  → ${d.to || d.url}: HTTP ${d.status} ${typeof d.answer === 'string' ? d.answer : JSON.stringify(d.answer)}`);
		print(result, lines.join('\n'));
		if (!result.deliveries.some((d) => d.status === 200)) process.exitCode = 1;
		return;
	}
	console.error('usage: npm run demo -- list | event <name> [--json] | all [--json] | human-edit <crm|callbell|dialpad> [--phone <n>] [--id <id>] [field=value …] [--json]   (with `npm start` running; see README "Try it")');
	process.exitCode = 2;
}

main().catch((error) => {
	console.error(`demo: ${error.message}`);
	process.exit(1);
});
