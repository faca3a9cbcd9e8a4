/**
 * Bench scenario 2 (bench/scenarios/creates.js) in-process: the pack's contact → create with
 * the bench's own parameters, at the node's current version, under a rate limit, against a
 * location that allows duplicates; then the scenario's own count of lost / duplicated /
 * unmatched contacts. Catches a bench whose parameters no longer fit the node (version 1.1
 * moved Email and Phone out of Additional Fields, and the creates went out without them).
 * BENCH_CREATES, BENCH_RATE_MAX and BENCH_RATE_INTERVAL_MS size it like the bench (defaults:
 * 60 creates under 20 per second).
 */
import type { INodeParameters } from 'n8n-workflow';

import { runNode } from '../harness/engine';
import { packNodeClass } from '../harness/pack';
import type { Sandbox } from '../harness/sandboxes';
import { startContactsSandbox } from '../harness/sandboxes';

const creates = require('../../bench/scenarios/creates');
const { ALL_SCOPES } = require('../sandbox/contacts/seed');

const LOCATION = 'loc_bench_create_01';
const TOKEN = 'pit-bench-create-0123456789abcdef';
const COUNT = Number(process.env.BENCH_CREATES || 60);
const LIMIT = { max: Number(process.env.BENCH_RATE_MAX || 20), intervalMs: Number(process.env.BENCH_RATE_INTERVAL_MS || 1000) };

type Sandboxed = Sandbox & {
	addLocation(id: string, spec: Record<string, unknown>): void;
	addToken(token: string, spec: Record<string, unknown>): void;
	store: { order: string[]; contacts: Map<string, any> };
};

function lastVersion(): number {
	const versions = new (packNodeClass('contactsApi'))().description.version;
	return Array.isArray(versions) ? Math.max(...versions) : versions;
}

describe('bench scenario 2: creates under the rate limit', () => {
	let sandbox: Sandboxed;
	beforeAll(async () => {
		sandbox = (await startContactsSandbox({ contacts: 0, rateLimit: { ...LIMIT } })) as Sandboxed;
		sandbox.addLocation(LOCATION, { name: 'Bench creates', allowDuplicates: true });
		sandbox.addToken(TOKEN, { scopes: ALL_SCOPES, locationIds: [LOCATION] });
	});
	afterAll(async () => {
		await sandbox.close();
	});

	it(
		`creates each of ${COUNT} items once, with its email, and the count says so`,
		async () => {
			const items = creates.inputItems(COUNT);
			const emails: string[] = items.map((i: { email: string }) => i.email);
			creates.resetSandbox(sandbox, LOCATION);
			sandbox.limiter.configure({ ...LIMIT, enabled: true });
			const started = Date.now();
			const result = await runNode({
				type: 'contactsApi',
				typeVersion: lastVersion(),
				parameters: creates.PACK_CREATE_PARAMETERS as INodeParameters,
				credentials: {
					contactsApi: { token: TOKEN, locationId: LOCATION, baseUrl: 'custom', customBaseUrl: sandbox.url, apiVersion: '2021-07-28' },
				},
				input: items,
			});
			const ms = Date.now() - started;
			const writes = sandbox.requests.filter((r) => r.method === 'POST' && r.path === '/contacts/');
			const counted = creates.countCreates(sandbox, LOCATION, emails);
			// The figures the bench reports, for a run with BENCH_CREATES=1000 at the documented limit.
			process.stdout.write(
				`creates: ${COUNT} items in ${(ms / 1000).toFixed(1)} s, ${writes.length} writes, ` +
					`${writes.filter((r) => r.status === 429).length}×429, ${counted.stored.length} stored, ` +
					`lost ${counted.lost}, dup ${counted.duplicates}, unmatched ${counted.unmatched}\n`,
			);
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(COUNT);
			expect(counted).toMatchObject({ lost: 0, duplicates: 0, unmatched: 0 });
			expect(counted.stored).toHaveLength(COUNT);
			expect(counted.stored.map((c: { email: string; phone: string }) => [c.email, c.phone])).toEqual(
				items.map((i: { email: string; phone: string }) => [i.email, i.phone]),
			);
		},
		Math.max(60000, Math.ceil(COUNT / LIMIT.max) * LIMIT.intervalMs * 3),
	);

	it('counts contacts stored without a sent email apart, not as lost and duplicated', () => {
		creates.resetSandbox(sandbox, LOCATION);
		const { insertContact } = require('../sandbox/contacts/store');
		const store = (sandbox as unknown as { store: unknown }).store;
		for (let i = 0; i < 3; i++) insertContact(store, { locationId: LOCATION, firstName: `Bench${i}`, lastName: 'Create' });
		insertContact(store, { locationId: LOCATION, email: 'bench-00000@example.com' });
		insertContact(store, { locationId: LOCATION, email: 'bench-00000@example.com' });
		const counted = creates.countCreates(sandbox, LOCATION, ['bench-00000@example.com', 'bench-00001@example.com']);
		expect(counted).toMatchObject({ lost: 1, duplicates: 1, unmatched: 3 });
		creates.resetSandbox(sandbox, LOCATION);
	});
});
