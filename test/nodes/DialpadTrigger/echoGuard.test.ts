/**
 * Echo Guard, Dialpad side: a Dialpad contact cannot carry a stamp, so the Dialpad node's marked
 * writes go into this process's ledger and the Dialpad Trigger (regular mode: the same process)
 * drops their echoes before an execution exists. Through the Dialpad sandbox, which sends a
 * signed contact event for every contact write (the pack's own included, also writes that
 * change nothing), and n8n's webhook path. The trigger's workflow is a sync half:
 * [Dialpad Trigger] → [Sink] → [Dialpad: get the contact].
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { clearLedger } from '../../../nodes/shared/sync/ledger';
import { dialpadCredential } from '../../harness/sandboxes';
import { runSyncWrite } from '../shared/sync/helpers';
import { useSyncTrigger } from '../shared/sync/triggerServers';
import { DEFAULT_PARAMETERS, DIALPAD_DEMO, startDialpadSandbox, type DialpadSandbox } from './fixtures';

type Sandbox = DialpadSandbox & {
	webhooks: { idle(): Promise<void>; hold(match: (entry: IDataObject) => boolean): { release(): Promise<void> } };
	humanEdit(spec: IDataObject): unknown;
};

let sandbox: Sandbox;
const ADA = DIALPAD_DEMO.contacts.ada;

const { serve, settle, lastItem } = useSyncTrigger({
	start: async () => (sandbox = (await startDialpadSandbox({ webhookDelayMs: 0 })) as Sandbox),
	server: (options) => ({
		type: 'dialpadTrigger',
		parameters: { ...DEFAULT_PARAMETERS, options },
		credentials: dialpadCredential(sandbox),
		after: { type: 'dialpad', parameters: { resource: 'contact', operation: 'get', contactId: { __rl: true, mode: 'id', value: '={{ $json.contact.id }}' } } },
	}),
	afterEach: clearLedger,
});

async function syncUpdate(updateFields: INodeParameters, options: INodeParameters = {}, root?: 'input') {
	const run = await runSyncWrite({
		type: 'dialpad',
		root: root ?? 'contactsApiTrigger',
		credentials: dialpadCredential(sandbox),
		parameters: { resource: 'contact', operation: 'update', contactId: { __rl: true, mode: 'id', value: ADA }, updateFields, options },
	});
	expect(run.error).toBeUndefined();
	return run.items[0].json;
}

describe('Echo Guard on Dialpad contacts (ledger, one process)', () => {
	it("drops the echo of the pack's own write; a human edit right after it passes", async () => {
		const server = await serve();
		const out = await syncUpdate({ jobTitle: `Analyst ${Date.now()}` });
		expect(out._sync).toMatchObject({ stamped: false });
		await settle(server);
		expect(server.started).toBe(0);

		sandbox.humanEdit({ id: ADA, changes: { company_name: 'Analytical Engines Ltd' } });
		await settle(server);
		expect(server.started).toBe(1);
		expect(lastItem(server)).toMatchObject({ contact: { company_name: 'Analytical Engines Ltd' }, _sync: { echo: false, reason: 'changed' } });
	});

	it('A→B→A: a human who changes the synced value back passes', async () => {
		const server = await serve();
		const title = `Engineer ${Date.now()}`;
		await syncUpdate({ jobTitle: title });
		sandbox.humanEdit({ id: ADA, changes: { job_title: 'Other' } });
		sandbox.humanEdit({ id: ADA, changes: { job_title: title } });
		await settle(server);
		expect(server.started).toBe(2);
		expect(lastItem(server)).toMatchObject({ contact: { job_title: title }, _sync: { reason: 'no-stamp' } });
	});

	it('Skip If Unchanged: nothing to change makes no write (no PATCH), and says so', async () => {
		await syncUpdate({ jobTitle: 'Same Title' }, { markWrites: 'off' });
		await sandbox.webhooks.idle();
		sandbox.clearRequests();
		const out = await syncUpdate({ jobTitle: ' Same  Title ' }, { skipUnchanged: true });
		expect(out).toMatchObject({ id: ADA, job_title: 'Same Title', _sync: { skipped: 'unchanged' } });
		expect(sandbox.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0);
		// A real change is still written.
		const changed = await syncUpdate({ jobTitle: 'New Title' }, { skipUnchanged: true });
		expect(changed).toMatchObject({ job_title: 'New Title' });
		expect(sandbox.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
	});

	it('Skip If Unchanged on upsert: once this process knows the UID\'s contact, an identical upsert sends no PUT', async () => {
		const uid = `crm-${Date.now()}`;
		const upsert = async (lastName: string) => {
			const run = await runSyncWrite({
				type: 'dialpad',
				root: 'contactsApiTrigger',
				credentials: dialpadCredential(sandbox),
				parameters: { resource: 'contact', operation: 'upsert', uid, firstName: 'Ada', lastName, additionalFields: { phones: '+1 415 555 2671' }, options: { skipUnchanged: true } },
			});
			expect(run.error).toBeUndefined();
			return run.items[0].json;
		};
		sandbox.clearRequests();
		expect(await upsert('Lovelace')).toMatchObject({ first_name: 'Ada', _sync: { stamped: false } });
		expect(await upsert('Lovelace')).toMatchObject({ last_name: 'Lovelace', _sync: { skipped: 'unchanged' } });
		expect(await upsert('King')).toMatchObject({ last_name: 'King' });
		expect(sandbox.requests.filter((r) => r.method === 'PUT')).toHaveLength(2);
	});

	it('Off (action Mark Writes off, or a workflow not started by a pack trigger): the echo runs, output as before', async () => {
		const server = await serve();
		const off = await syncUpdate({ jobTitle: `Off ${Date.now()}` }, { markWrites: 'off' });
		expect(off).not.toHaveProperty('_sync');
		await settle(server);
		expect(server.started).toBe(1);
		const auto = await syncUpdate({ jobTitle: `Auto ${Date.now()}` }, {}, 'input');
		expect(auto).not.toHaveProperty('_sync');
		await settle(server);
		expect(server.started).toBe(2);
	});

	it("Marks in a Data Table: every contact event runs with _sync.mark, and the echo's mark is the one the write put out (update and upsert)", async () => {
		const server = await serve({ echoGuard: 'dataTable' });
		const out = await syncUpdate({ jobTitle: `Table ${Date.now()}` });
		expect(out._sync).toMatchObject({ stamped: false, mark: expect.stringMatching(new RegExp(`^dp:${ADA}:[0-9a-f]{32}$`)) });
		await settle(server);
		// Not dropped here even though this process made the write: a mark matched in memory would
		// stay in the table and later swallow a person's edit to the same values.
		expect(server.started).toBe(1);
		expect(lastItem(server)._sync).toEqual({ echo: false, reason: 'data-table', mark: (out._sync as IDataObject).mark });

		sandbox.humanEdit({ id: ADA, changes: { company_name: `Engines ${Date.now()}` } });
		await settle(server);
		expect(server.started).toBe(2);
		const human = lastItem(server)._sync as IDataObject;
		expect(human).toMatchObject({ echo: false, reason: 'data-table' });
		expect(human.mark).not.toBe((out._sync as IDataObject).mark);

		const uid = `crm-table-${Date.now()}`;
		const run = await runSyncWrite({
			type: 'dialpad',
			root: 'contactsApiTrigger',
			credentials: dialpadCredential(sandbox),
			parameters: { resource: 'contact', operation: 'upsert', uid, firstName: 'Grace', lastName: 'Hopper', additionalFields: { phones: '+1 415 555 0199', emails: 'grace@example.com' } },
		});
		expect(run.error).toBeUndefined();
		const upserted = run.items[0].json;
		await settle(server);
		expect(server.started).toBe(3);
		expect(lastItem(server)._sync).toEqual({ echo: false, reason: 'data-table', mark: (upserted._sync as IDataObject).mark });
	});

	it('Off on the trigger: the echo of a marked write runs, without _sync', async () => {
		const server = await serve({ echoGuard: 'off' });
		await syncUpdate({ jobTitle: `Marked ${Date.now()}` });
		await settle(server);
		expect(server.started).toBe(1);
		expect(lastItem(server)).not.toHaveProperty('_sync');
	});
});
