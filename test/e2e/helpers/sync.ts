/**
 * The two-way sync harness of issue 18, shared by test/e2e/two-way-sync.e2e.test.ts (regular
 * mode) and test/e2e-queue/two-way-sync.e2e.test.ts: the sync examples (7: CRM ↔ Callbell,
 * 8: CRM ↔ Dialpad, two workflows each) imported the way `npm start` imports them and
 * published in the n8n the suite runs, against this file's own sandboxes, which send a signed
 * webhook for every write, the sync's own writes and writes that change nothing included
 * (test/sandbox/emitter.js, 300 ms later by default). Human edits are made in the sandboxes
 * the way a person changes a record in the service's app (sandbox.humanEdit), then measured:
 *
 *   executions   every execution of the phase's workflows that reached a node after its
 *                trigger (n8n's public API; an echo the guard drops never becomes one)
 *   writes       the sandbox's record of successful contact writes per target (human edits
 *                are not API writes)
 *   lost         edits whose value never reached the other side, or was later overwritten
 *                there by an older value (the final state differs from the last human edit)
 *   final        both sides equal field by field, and equal to the last human edit of each field
 *
 * Parameters (environment; the same test is the soak, `npm run soak:sync`):
 *   SYNC_EDITS            random human edits CRM ↔ Callbell, 0.1–2 s apart      (regular 100, queue 50)
 *   SYNC_PLACEMENTS       ms after a sync write at which a placed edit is made  (0,50,500,5000)
 *   SYNC_PLACED_EDITS     placed edits per placement                             (regular 10, queue 5)
 *   SYNC_REVERTS          A→B→A reverts (3 edits each)                           (5; queue 3)
 *   SYNC_OUT_OF_ORDER     HighLevel echoes held back and delivered after a newer human edit (3; queue 2)
 *   SYNC_DIALPAD_EDITS    random human edits CRM ↔ Dialpad                       (20; queue 10)
 *   SYNC_RESTART_EDITS    queue mode: at least this many units (2 random edits, then a revert
 *                         of 3 edits) while webhook processor 1, then worker 1 restart   (30)
 *   SYNC_WEBHOOK_DELAY_MS the sandboxes' webhook delay                          (300)
 *   SYNC_SEED             seed of the random choices (a run prints it)
 * Edits of one record never overlap (the next waits until the last one arrived on the other
 * side); edits of different records do.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { IDataObject } from 'n8n-workflow';

import { CONTACTS_DEMO, DIALPAD_DEMO, startContactsSandbox, startDialpadSandbox, type Sandbox } from '../../harness/sandboxes';
import { CALLBELL_DEMO, callbellCredentialData } from './callbell';
import { contactsCredentialData, createCredential, n8nApi, type N8nApi } from './e2e';
import { exampleTrigger, importVariant } from './examples';
import { sleep, waitUntil } from './triggers';

const { startCallbellSandbox } = require('../../sandbox/callbell/server');
const { SANDBOX_WEBHOOK_KEYS } = require('../../sandbox/contacts/webhooks');

export const FILES = {
	crmToCallbell: '7a-crm-callbell-sync-crm-to-callbell.json',
	callbellToCrm: '7b-crm-callbell-sync-callbell-to-crm.json',
	crmToDialpad: '8a-crm-dialpad-sync-crm-to-dialpad.json',
	dialpadToCrm: '8b-crm-dialpad-sync-dialpad-to-crm.json',
};

export interface SyncParameters {
	edits: number;
	placements: number[];
	placedEdits: number;
	reverts: number;
	outOfOrder: number;
	dialpadEdits: number;
	/** Queue mode: random edits and reverts (units) while a webhook processor and a worker restart. */
	restartEdits: number;
	webhookDelayMs: number;
	seed: number;
}

function envInt(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number >= 0, got "${raw}"`);
	return n;
}

/** The run's parameters: the environment over the mode's defaults. */
export function syncParameters(defaults: Partial<SyncParameters> = {}): SyncParameters {
	const placements = process.env.SYNC_PLACEMENTS ? process.env.SYNC_PLACEMENTS.split(',').map((v) => Number(v.trim())) : (defaults.placements ?? [0, 50, 500, 5000]);
	if (placements.some((p) => !Number.isFinite(p) || p < 0)) throw new Error(`SYNC_PLACEMENTS must be milliseconds separated by commas, got "${process.env.SYNC_PLACEMENTS}"`);
	return {
		edits: envInt('SYNC_EDITS', defaults.edits ?? 100),
		placements,
		placedEdits: envInt('SYNC_PLACED_EDITS', defaults.placedEdits ?? 10),
		reverts: envInt('SYNC_REVERTS', defaults.reverts ?? 5),
		outOfOrder: envInt('SYNC_OUT_OF_ORDER', defaults.outOfOrder ?? 3),
		dialpadEdits: envInt('SYNC_DIALPAD_EDITS', defaults.dialpadEdits ?? 20),
		restartEdits: envInt('SYNC_RESTART_EDITS', defaults.restartEdits ?? 30),
		webhookDelayMs: envInt('SYNC_WEBHOOK_DELAY_MS', defaults.webhookDelayMs ?? 300),
		seed: envInt('SYNC_SEED', defaults.seed ?? crypto.randomInt(1, 2 ** 31 - 1)),
	};
}

/** A small seeded generator (mulberry32), so a failing run can be replayed with SYNC_SEED. */
export function random(seed: number): { next(): number; int(min: number, max: number): number; pick<T>(list: readonly T[]): T } {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return { next, int: (min, max) => min + Math.floor(next() * (max - min + 1)), pick: (list) => list[Math.floor(next() * list.length)] };
}

export function report(line: string): void {
	process.stderr.write(`[two-way sync] ${line}\n`);
}

type Side = 'crm' | 'callbell' | 'dialpad';
type Field = 'first' | 'last' | 'email' | 'company';
type Values = Partial<Record<Field, string | null>>;

export interface Pair {
	index: number;
	phone: string;
	crmId: string;
	callbellUuid?: string;
	dialpadId?: string;
	/** Whether an edit of this pair is on its way (edits of one record never overlap). */
	busy: boolean;
}

export interface Edit {
	pair: Pair;
	side: Side;
	field: Field;
	value: string;
	at: number;
	kind: string;
	arrivedAfterMs?: number;
}

export interface PhaseFigures {
	name: string;
	edits: number;
	editsBySide: Record<string, number>;
	executions: number;
	executionsByWorkflow: Record<string, number>;
	/** Executions that stopped at the trigger (nothing after it ran). */
	triggerOnly: number;
	failedExecutions: number;
	writes: Record<string, number>;
	lost: number;
	lostEdits: string[];
	finalMismatches: string[];
	seconds: number;
	loop?: string;
	/** Example 8b: runs whose Data Table step deleted a mark (the echo of a sync write to Dialpad). */
	marksUsed?: number;
}

/** The step of example 8b that deletes the event's mark from the data table. */
const MARK_STEP = "Use Up the Write's Mark";

/** Everything a sync run needs: own sandboxes, credentials, the imported examples. */
export class SyncHarness {
	contacts!: Sandbox & { store: any; webhookTargets: Array<{ url: string; events?: string[] }> };
	callbell!: Sandbox & { store: any };
	dialpad!: Sandbox & { store: any };
	credentials: Record<string, string> = {};
	workflows: Record<keyof typeof FILES, { id: string; webhookId: string }> = {} as any;
	created: string[] = [];
	pairs: Pair[] = [];
	api: N8nApi = n8nApi();
	rng: ReturnType<typeof random>;
	private counter = 0;
	/** The other side of the published sync (set by activate). */
	partner: 'callbell' | 'dialpad' = 'callbell';

	constructor(readonly params: SyncParameters) {
		this.rng = random(params.seed);
	}

	async start(pairCount: number): Promise<void> {
		const delay = this.params.webhookDelayMs;
		this.contacts = (await startContactsSandbox({ contacts: 0, webhookDelayMs: delay })) as any;
		this.callbell = await startCallbellSandbox({ seed: 'demo', contacts: 0, webhookDelayMs: delay, rateLimit: { max: 100_000, intervalMs: 1000 } });
		// The upsert's 100/minute endpoint limit stays: the sync must live with it.
		this.dialpad = (await startDialpadSandbox({ port: 0, webhookDelayMs: delay })) as any;
		const tag = crypto.randomUUID().slice(0, 6);
		this.credentials.contactsApi = await createCredential('contactsApi', contactsCredentialData(this.contacts.url), `Contacts sandbox (two-way sync ${tag})`);
		this.credentials.callbellApi = await createCredential('callbellApi', callbellCredentialData(this.callbell.url, { signingSecret: CALLBELL_DEMO.signingSecret }), `Callbell sandbox (two-way sync ${tag})`);
		this.credentials.dialpadApi = await createCredential('dialpadApi', { apiKey: DIALPAD_DEMO.apiKey, environment: 'custom', customBaseUrl: this.dialpad.url }, `Dialpad sandbox (two-way sync ${tag})`);
		for (let i = 0; i < pairCount; i++) this.pairs.push(this.seedPair(i));
		for (const [key, file] of Object.entries(FILES) as Array<[keyof typeof FILES, string]>) {
			let webhookId = '';
			const { id } = await importVariant(file, this.credentials, this.created, (wf) => {
				const trigger = exampleTrigger(wf);
				// As `npm start` does (scripts/runner/demo.js configureTriggers): the sandbox's key.
				if (trigger.type.endsWith('.contactsApiTrigger')) trigger.parameters = { ...trigger.parameters, signatureMode: 'ed25519', ed25519PublicKey: SANDBOX_WEBHOOK_KEYS.ed25519.publicPem };
				webhookId = String(trigger.webhookId);
			});
			this.workflows[key] = { id, webhookId };
		}
	}

	async stop(): Promise<void> {
		for (const id of this.created) {
			await this.api.deactivateWorkflow(id).catch(() => undefined);
			await this.api.deleteWorkflow(id).catch(() => undefined);
		}
		for (const id of Object.values(this.credentials)) await this.api.deleteCredential(id).catch(() => undefined);
		await Promise.all([this.contacts, this.callbell, this.dialpad].filter(Boolean).map((s) => s.close()));
	}

	/** One person in all three systems, in sync (inserted in the stores: no webhook). */
	private seedPair(index: number): Pair {
		const phone = `+1415556${String(1000 + index).padStart(4, '0')}`;
		const first = `Ada${index}`;
		const last = `Lee${index}`;
		const email = `p${index}.start@example.com`;
		const company = `Firm${index}`;
		const contactsStore = require('../../sandbox/contacts/store');
		const crm = contactsStore.insertContact(this.contacts.store, { locationId: CONTACTS_DEMO.locationId, firstName: first, lastName: last, email, phone, companyName: company });
		const callbellStore = require('../../sandbox/callbell/store');
		const chat = callbellStore.insertContact(this.callbell.store, { name: `${first} ${last}`, identifier: phone, source: 'whatsapp', customFields: { 'Work Email': email } });
		const dialpadId = `shared_contact_uid_contacts-api-${crm.id}`;
		this.dialpad.store.contacts.push({ id: dialpadId, type: 'shared', owner_id: null, first_name: first, last_name: last, display_name: `${first} ${last}`, phones: [phone], primary_phone: phone, emails: [email], primary_email: email, company_name: company, job_title: null, extension: null, urls: [], trunk_group: null });
		return { index, phone, crmId: crm.id, callbellUuid: chat.uuid, dialpadId, busy: false };
	}

	webhookUrl(key: keyof typeof FILES): string {
		const suffix = 'webhook';
		return `${this.api.url.replace(/\/+$/, '')}/webhook/${this.workflows[key].webhookId}/${suffix}`;
	}

	/** Publishes one direction pair; HighLevel's app webhook then points at the CRM side's trigger. */
	async activate(keys: Array<keyof typeof FILES>): Promise<void> {
		this.partner = keys.includes('dialpadToCrm') || keys.includes('crmToDialpad') ? 'dialpad' : 'callbell';
		for (const key of keys) await this.api.activateWorkflow(this.workflows[key].id);
		this.contacts.webhookTargets.length = 0;
		for (const key of keys) if (key === 'crmToCallbell' || key === 'crmToDialpad') this.contacts.webhookTargets.push({ url: this.webhookUrl(key), events: ['ContactUpdate'] });
		if (keys.includes('callbellToCrm')) await waitUntil(() => this.callbell.store.webhook && this.callbell.store.webhook.subscriptions.includes('contact_updated'), { timeoutMs: 30_000, what: 'the Callbell Trigger to subscribe the account webhook' });
		if (keys.includes('dialpadToCrm')) await waitUntil(() => this.dialpad.store.subscriptions.contact.length > 0, { timeoutMs: 30_000, what: 'the Dialpad Trigger to subscribe to contact events' });
		// The triggers' production routes answer (n8n registers them right after activation).
		await sleep(1500);
	}

	async deactivate(keys: Array<keyof typeof FILES>): Promise<void> {
		this.contacts.webhookTargets.length = 0;
		for (const key of keys) await this.api.deactivateWorkflow(this.workflows[key].id).catch(() => undefined);
	}

	// ---- the records as each side shows them ------------------------------------------

	read(side: Side, pair: Pair): Values {
		if (side === 'crm') {
			const c = this.contacts.store.contacts.get(pair.crmId);
			return { first: c.firstName ?? null, last: c.lastName ?? null, email: c.email ?? null, company: c.companyName ?? null };
		}
		if (side === 'callbell') {
			const c = this.callbell.store.contacts.get(pair.callbellUuid);
			const words = String(c.name || '').trim().split(/\s+/);
			return { first: words[0] || null, last: words.slice(1).join(' ') || null, email: c.customFields['Work Email'] ?? null };
		}
		const c = this.dialpad.store.contacts.find((x: IDataObject) => x.id === pair.dialpadId);
		return { first: c.first_name ?? null, last: c.last_name === '-' ? null : (c.last_name ?? null), email: c.emails[0] ?? null, company: c.company_name ?? null };
	}

	fieldsOf(side: Side): Field[] {
		// The company goes CRM → Dialpad only: HighLevel's contact update has no companyName (UpdateContactDto).
		return side === 'crm' ? ['first', 'last', 'email', 'company'] : ['first', 'last', 'email'];
	}

	newValue(field: Field, pair: Pair): string {
		const n = ++this.counter;
		if (field === 'email') return `p${pair.index}.e${n}@example.com`;
		if (field === 'first') return `Ada${pair.index}x${n}`;
		if (field === 'last') return `Lee${pair.index}x${n}`;
		return `Firm${pair.index}x${n}`;
	}

	/** A person changes one field of the pair's record in that service's app. */
	humanEdit(side: Side, pair: Pair, field: Field, value: string, kind: string): Edit {
		if (side === 'crm') {
			const key = { first: 'firstName', last: 'lastName', email: 'email', company: 'companyName' }[field];
			(this.contacts as any).humanEdit({ contactId: pair.crmId, changes: { [key]: value } });
		} else if (side === 'callbell') {
			if (field === 'email') (this.callbell as any).humanEdit({ uuid: pair.callbellUuid, changes: { customFields: { 'Work Email': value } } });
			else {
				const now = this.read('callbell', pair);
				const name = field === 'first' ? `${value} ${now.last ?? ''}` : `${now.first ?? ''} ${value}`;
				(this.callbell as any).humanEdit({ uuid: pair.callbellUuid, changes: { name: name.trim() } });
			}
		} else {
			const changes = field === 'email' ? { emails: [value] } : { [{ first: 'first_name', last: 'last_name', company: 'company_name' }[field]]: value };
			(this.dialpad as any).humanEdit({ id: pair.dialpadId, changes });
		}
		return { pair, side, field, value, at: Date.now(), kind };
	}

	/** Resolves once `side` shows `value` in `field` (true), or after timeoutMs (false). */
	async arrives(side: Side, pair: Pair, field: Field, value: string, timeoutMs = 30_000): Promise<boolean> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.read(side, pair)[field] === value) return true;
			await sleep(50);
		}
		return false;
	}

	/** The sandbox of `side`. */
	sandboxOf(side: Side): Sandbox {
		return side === 'crm' ? this.contacts : side === 'callbell' ? this.callbell : this.dialpad;
	}

	/** The pair's record id on `side`. */
	idOf(side: Side, pair: Pair): string | undefined {
		return side === 'crm' ? pair.crmId : side === 'callbell' ? pair.callbellUuid : pair.dialpadId;
	}

	/** Resolves at the next successful sync write to the pair's record on `side` (the sandbox's write webhook). */
	nextSyncWrite(side: Side, pair: Pair, timeoutMs = 30_000): Promise<boolean> {
		const sandbox = this.sandboxOf(side);
		const id = this.idOf(side, pair);
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				off();
				resolve(false);
			}, timeoutMs);
			const off = (sandbox as any).webhooks.onEmit((entry: { recordId: string; origin: string }) => {
				if (entry.origin !== 'api' || String(entry.recordId) !== String(id)) return;
				clearTimeout(timer);
				off();
				// After the write's answer: the listener runs inside the sandbox's handler.
				setImmediate(() => resolve(true));
			});
		});
	}

	// ---- counting -----------------------------------------------------------------------

	/** The newest execution id so far (a phase counts those after it). */
	async lastExecutionId(): Promise<number> {
		const list = (await this.api.request('GET', '/api/v1/executions?limit=1')) as { data: Array<{ id: string }> };
		return list.data.length ? Number(list.data[0].id) : 0;
	}

	/** Every execution of the workflows newer than `after` (with run data, paged). */
	async executionsSince(workflowIds: string[], after: number): Promise<any[]> {
		const out: any[] = [];
		for (const workflowId of workflowIds) {
			let cursor: string | undefined;
			for (;;) {
				const qs = new URLSearchParams({ workflowId, includeData: 'true', limit: '100' });
				if (cursor) qs.set('cursor', cursor);
				const page = (await this.api.request('GET', `/api/v1/executions?${qs}`)) as { data: any[]; nextCursor?: string | null };
				const newer = page.data.filter((e) => Number(e.id) > after);
				out.push(...newer);
				if (!page.nextCursor || newer.length < page.data.length) break;
				cursor = page.nextCursor;
			}
		}
		return out;
	}

	/** Execution counts of the workflows since `after` (no data: the loop watch). */
	async countSince(workflowIds: string[], after: number): Promise<number> {
		let total = 0;
		for (const workflowId of workflowIds) {
			let cursor: string | undefined;
			for (;;) {
				const qs = new URLSearchParams({ workflowId, includeData: 'false', limit: '250' });
				if (cursor) qs.set('cursor', cursor);
				const page = (await this.api.request('GET', `/api/v1/executions?${qs}`)) as { data: any[]; nextCursor?: string | null };
				const newer = page.data.filter((e) => Number(e.id) > after);
				total += newer.length;
				if (!page.nextCursor || newer.length < page.data.length) break;
				cursor = page.nextCursor;
			}
		}
		return total;
	}

	/** Successful contact writes per target since `since` (ms), by the sandboxes' request logs. */
	writesSince(since: number): Record<string, number> {
		const ok = (r: { status: unknown; at: number }) => typeof r.status === 'number' && r.status < 300 && r.at >= since;
		return {
			crm: this.contacts.requests.filter((r) => ok(r) && ((r.method === 'PUT' && /^\/contacts\/[^/]+$/.test(r.path)) || (r.method === 'POST' && r.path === '/contacts/upsert'))).length,
			callbell: this.callbell.requests.filter((r) => ok(r) && r.method === 'PATCH' && /^\/contacts\/[^/]+$/.test(r.path)).length,
			dialpad: this.dialpad.requests.filter((r) => ok(r) && ((r.method === 'PUT' && r.path === '/api/v2/contacts') || (r.method === 'PATCH' && /^\/api\/v2\/contacts\//.test(r.path)))).length,
		};
	}

	/**
	 * Waits until no webhook is on its way and no execution of the workflows is running, then
	 * `quietMs` more: true; false when executions still start after timeoutMs (a loop).
	 */
	async settle(workflowIds: string[], after: number, quietMs = 2500, timeoutMs = 60_000): Promise<boolean> {
		const deadline = Date.now() + timeoutMs;
		let last = -1;
		let stableSince = Date.now();
		while (Date.now() < deadline) {
			await Promise.all([this.contacts, this.callbell, this.dialpad].map((s) => (s as any).webhooks.idle()));
			const count = await this.countSince(workflowIds, after);
			const running = (await this.executionsRunning(workflowIds)) > 0;
			if (count !== last || running) {
				last = count;
				stableSince = Date.now();
			} else if (Date.now() - stableSince >= quietMs) return true;
			await sleep(300);
		}
		return false;
	}

	private async executionsRunning(workflowIds: string[]): Promise<number> {
		let n = 0;
		for (const workflowId of workflowIds) {
			for (const status of ['running', 'new']) {
				const page = (await this.api.request('GET', `/api/v1/executions?${new URLSearchParams({ workflowId, status, limit: '5' })}`).catch(() => ({ data: [] }))) as { data: any[] };
				n += page.data.length;
			}
		}
		return n;
	}
}

/** Whether an execution ran any node after its trigger. */
export function reachedNode(execution: any, triggerName: string): boolean {
	const runData = execution?.data?.resultData?.runData ?? {};
	return Object.keys(runData).some((name) => name !== triggerName);
}

const TRIGGER_NAMES: Record<keyof typeof FILES, string> = {
	crmToCallbell: 'Contacts API Trigger',
	callbellToCrm: 'Callbell Trigger',
	crmToDialpad: 'Contacts API Trigger',
	dialpadToCrm: 'Dialpad Trigger',
};

export class LoopDetected extends Error {}

/**
 * Runs `body` (which makes the phase's edits) with a watch on the executions: more than
 * 3 × edits + 30 of them means the sync loops (the old behaviour): the edits stop, the
 * workflows are unpublished and the phase reports what it saw.
 */
export async function phase(
	h: SyncHarness,
	name: string,
	keys: Array<keyof typeof FILES>,
	plannedEdits: number,
	body: (edits: Edit[], lost: Edit[], aborted: () => boolean) => Promise<void>,
): Promise<PhaseFigures> {
	const ids = keys.map((k) => h.workflows[k].id);
	await h.activate(keys);
	const after = await h.lastExecutionId();
	const since = Date.now();
	const edits: Edit[] = [];
	const lost: Edit[] = [];
	let loop: string | undefined;
	let watching = true;
	const limit = 3 * plannedEdits + 30;
	const watch = (async () => {
		while (watching && !loop) {
			await sleep(2000);
			const count = await h.countSince(ids, after).catch(() => 0);
			if (count > limit) loop = `${count} executions after ${edits.length} human edits in ${((Date.now() - since) / 1000).toFixed(0)} s (limit ${limit}): the sync loops`;
		}
	})();
	try {
		await body(edits, lost, () => Boolean(loop));
	} finally {
		watching = false;
		await watch;
	}
	if (loop) {
		// Measure the loop for a few more seconds, then stop it.
		await sleep(5000);
		await h.deactivate(keys);
	}
	if (!(await h.settle(ids, after, loop ? 1000 : 2500, loop ? 30_000 : 60_000)) && !loop) {
		loop = `executions still starting 60 s after the last of ${edits.length} human edits (${await h.countSince(ids, after)} so far): the sync loops`;
		await h.deactivate(keys);
		await h.settle(ids, after, 1000, 30_000);
	}
	const executions = await h.executionsSince(ids, after);
	const figures: PhaseFigures = {
		name,
		edits: edits.length,
		editsBySide: edits.reduce((acc, e) => ({ ...acc, [e.side]: (acc[e.side] ?? 0) + 1 }), {} as Record<string, number>),
		executions: 0,
		executionsByWorkflow: {},
		triggerOnly: 0,
		failedExecutions: 0,
		writes: h.writesSince(since),
		lost: 0,
		lostEdits: [],
		finalMismatches: [],
		seconds: Math.round((Date.now() - since) / 1000),
		loop: loop as string | undefined,
	};
	if (keys.includes('dialpadToCrm')) {
		const own = executions.filter((e) => String(e.workflowId) === h.workflows.dialpadToCrm.id);
		figures.marksUsed = own.filter((e) => {
			const out = e?.data?.resultData?.runData?.[MARK_STEP]?.[0]?.data?.main?.[0] ?? [];
			return out.some((item: { json?: { mark?: unknown } }) => typeof item.json?.mark === 'string' && item.json.mark !== '');
		}).length;
	}
	for (const key of keys) {
		const own = executions.filter((e) => String(e.workflowId) === h.workflows[key].id);
		const reached = own.filter((e) => reachedNode(e, TRIGGER_NAMES[key]));
		figures.executionsByWorkflow[key] = reached.length;
		figures.executions += reached.length;
		figures.triggerOnly += own.length - reached.length;
		figures.failedExecutions += own.filter((e) => e.status !== 'success').length;
	}
	// Lost: never arrived, or the final state is not the last human edit of that field.
	const lastOf = new Map<string, Edit>();
	for (const e of edits) lastOf.set(`${e.pair.index} ${e.field}`, e);
	const sides: Side[] = keys.includes('callbellToCrm') ? ['crm', 'callbell'] : ['crm', 'dialpad'];
	const overwritten = new Set<Edit>();
	for (const [key, e] of lastOf) {
		for (const side of sides) {
			const now = h.read(side, e.pair)[e.field];
			if (now !== e.value) {
				overwritten.add(e);
				figures.finalMismatches.push(`pair ${key}: ${side} shows ${JSON.stringify(now)}, the last human edit (${e.kind} on ${e.side}) set ${JSON.stringify(e.value)}`);
			}
		}
	}
	const allLost = new Set([...lost, ...overwritten]);
	figures.lost = allLost.size;
	figures.lostEdits = [...allLost].slice(0, 10).map((e) => `${e.kind}: ${e.side} ${e.field} of pair ${e.pair.index} = ${e.value} (${deliveriesOf(h, e)})`);
	// Both sides equal field by field on every pair the phase touched.
	for (const pair of new Set(edits.map((e) => e.pair))) {
		const [a, b] = sides.map((s) => h.read(s, pair));
		for (const f of h.fieldsOf(sides[1])) {
			if (a[f] !== b[f]) figures.finalMismatches.push(`pair ${pair.index} ${f}: ${sides[0]} ${JSON.stringify(a[f])} ≠ ${sides[1]} ${JSON.stringify(b[f])}`);
		}
	}
	figures.finalMismatches = [...new Set(figures.finalMismatches)];
	report(`${name}: ${JSON.stringify({ ...figures, finalMismatches: figures.finalMismatches.slice(0, 5), mismatchCount: figures.finalMismatches.length })}`);
	saveFigures(figures);
	if (process.env.SYNC_TIMELINE === '1') saveTimeline(h, name, since, edits);
	if (!loop) await h.deactivate(keys);
	return figures;
}

/**
 * What the edited side's sandbox sent n8n for a human edit (its webhook deliveries of that
 * record from the edit on, with n8n's answers), so a lost edit tells whether n8n refused or
 * never answered the delivery or acknowledged it and then did not run the sync.
 */
/** A sandbox's record of one webhook delivery (test/sandbox/emitter.js `log`). */
interface Delivery {
	recordId: unknown;
	origin: string;
	name: string;
	emittedAt: number;
	sentAt: number | null;
	rows: Array<{ status?: number | null; error?: string; answer?: unknown }> | null;
}

function deliveriesIn(sandbox: Sandbox): Delivery[] {
	return ((sandbox as any)?.webhooks?.log ?? []) as Delivery[];
}

/** n8n's answer to a delivery, shortened. */
function answerText(answer: unknown): string {
	return (typeof answer === 'string' ? answer : JSON.stringify(answer ?? null)).slice(0, 120);
}

function deliveriesOf(h: SyncHarness, e: Edit): string {
	const id = h.idOf(e.side, e.pair);
	const rows = deliveriesIn(h.sandboxOf(e.side)).filter((d) => String(d.recordId) === String(id) && d.emittedAt >= e.at - 5 && d.emittedAt <= e.at + 5000).slice(0, 4);
	if (!rows.length) return 'no webhook emitted';
	return rows
		.map((d) => `${d.origin} ${d.name} +${d.emittedAt - e.at} ms, sent +${d.sentAt === null ? '-' : d.sentAt - e.at} ms: ${(d.rows ?? []).map((r) => (r.status ?? r.error ?? '?') + (r.answer ? ' ' + answerText(r.answer) : '')).join(' | ') || 'not sent'}`)
		.join('; ');
}

/**
 * Diagnostic (SYNC_TIMELINE=1): the phase's human edits and the sandboxes' contact writes, in
 * time order, to .cache/two-way-sync-timeline.jsonl, to tell which edit a write that is not
 * one per edit followed.
 */
function saveTimeline(h: SyncHarness, name: string, since: number, edits: Edit[]): void {
	const rows: Array<Record<string, unknown>> = edits.map((e) => ({ at: e.at, what: 'human', side: e.side, pair: e.pair.index, field: e.field, value: e.value, kind: e.kind }));
	const pairOf = (id: string) => h.pairs.find((p) => p.crmId === id || p.callbellUuid === id || p.dialpadId === id)?.index;
	for (const side of ['crm', 'callbell', 'dialpad'] as const) {
		const sandbox = h.sandboxOf(side);
		for (const r of (sandbox as any).requests as Array<{ method: string; path: string; status: number; at: number; rawBody: string }>) {
			if (r.at < since || r.method === 'GET' || typeof r.status !== 'number' || r.status >= 300) continue;
			const id = r.path.split('/').pop() ?? '';
			rows.push({ at: r.at, what: 'write', side, method: r.method, path: r.path, pair: pairOf(id) ?? h.pairs.find((p) => r.rawBody.includes(p.crmId))?.index, body: r.rawBody.slice(0, 400) });
		}
		for (const d of deliveriesIn(sandbox)) {
			if (d.emittedAt < since) continue;
			rows.push({ at: d.emittedAt, what: 'webhook', side, origin: d.origin, name: d.name, pair: pairOf(String(d.recordId)), sentAfterMs: d.sentAt === null ? null : d.sentAt - d.emittedAt, answers: (d.rows ?? []).map((r) => r.status ?? r.error), bodies: (d.rows ?? []).map((r) => answerText(r.answer)) });
		}
	}
	rows.sort((a, b) => (a.at as number) - (b.at as number));
	const dir = path.resolve(__dirname, '../../../.cache');
	fs.mkdirSync(dir, { recursive: true });
	fs.appendFileSync(path.join(dir, 'two-way-sync-timeline.jsonl'), rows.map((r) => JSON.stringify({ phase: name, ...r })).join('\n') + '\n');
}

function saveFigures(figures: PhaseFigures): void {
	const dir = path.resolve(__dirname, '../../../.cache');
	fs.mkdirSync(dir, { recursive: true });
	fs.appendFileSync(path.join(dir, 'two-way-sync-figures.jsonl'), JSON.stringify({ at: new Date().toISOString(), mode: process.env.SYNC_MODE || 'regular', ...figures }) + '\n');
}

/** An idle pair (no edit on its way), marked busy; waits for one. */
export async function takePair(h: SyncHarness, pairs: Pair[], aborted: () => boolean): Promise<Pair | undefined> {
	for (;;) {
		if (aborted()) return undefined;
		const idle = pairs.filter((p) => !p.busy);
		if (idle.length) {
			const pair = h.rng.pick(idle);
			pair.busy = true;
			return pair;
		}
		await sleep(25);
	}
}

/** Makes an edit and waits until it arrived on the other side (or counts it lost). */
export async function editAndArrive(h: SyncHarness, side: Side, pair: Pair, field: Field, kind: string, edits: Edit[], lost: Edit[], value = h.newValue(field, pair)): Promise<Edit> {
	const other: Side = side === 'crm' ? h.partner : 'crm';
	const edit = h.humanEdit(side, pair, field, value, kind);
	edits.push(edit);
	if (await h.arrives(other, pair, field, value)) edit.arrivedAfterMs = Date.now() - edit.at;
	else lost.push(edit);
	return edit;
}
