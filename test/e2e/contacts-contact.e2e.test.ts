/**
 * (c) The Contacts API node runs inside n8n (as installed from the tarball) against the
 * sandbox: contact create, then get — one workflow, the Get reading the id by expression.
 */
import { CONTACTS_DEMO } from '../harness/sandboxes';
import { runNodeWorkflow, runWorkflowSteps, useContactsSandbox } from './helpers/e2e';

const ctx = useContactsSandbox();

describe('Contacts API node in n8n: contact', () => {
	it('creates a contact, then gets it by the id from the previous step', async () => {
		const run = await runWorkflowSteps(
			[
				{
					type: 'contactsApi',
					name: 'Create Contact',
					credentials: { contactsApi: ctx.credentialId },
					parameters: {
						resource: 'contact',
						operation: 'create',
						additionalFields: { firstName: '={{ $json.first }}', lastName: 'Lovelace', email: '={{ $json.email }}' },
					},
				},
				{
					type: 'contactsApi',
					name: 'Get Contact',
					credentials: { contactsApi: ctx.credentialId },
					parameters: { resource: 'contact', operation: 'get', contactId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
				},
			],
			[
				{ first: 'Ada', email: 'ada@example.com' },
				{ first: 'Grace', email: 'grace@example.com' },
			],
		);
		expect(run.error).toBeUndefined();
		expect(run.status).toBe('success');

		const created = run.steps['Create Contact'].items;
		expect(created).toHaveLength(2);
		expect(created.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(created[0].json).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', locationId: CONTACTS_DEMO.locationId });

		expect(run.items).toHaveLength(2);
		expect(run.items.map((c) => c.id)).toEqual(created.map((i) => i.json.id));
		expect(run.items[1]).toMatchObject({ firstName: 'Grace', email: 'grace@example.com' });

		// What the API holds now, and what n8n sent it.
		const stored = ctx.sandbox.store.contacts.get(String(created[0].json.id));
		expect(stored).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', locationId: CONTACTS_DEMO.locationId });
		const calls = ctx.sandbox.requests.map((r) => `${r.method} ${r.path}`);
		expect(calls.filter((c) => c === 'POST /contacts/')).toHaveLength(2);
		expect(calls.filter((c) => c.startsWith('GET /contacts/'))).toHaveLength(2);
		for (const r of ctx.sandbox.requests) {
			expect(r.headers.authorization).toBe(`Bearer ${CONTACTS_DEMO.tokens.write}`);
			expect(r.headers.version).toBe('2021-07-28');
		}
	});

	it('runs the same way behind a production webhook (activated workflow)', async () => {
		const run = await runWorkflowSteps(
			[
				{
					type: 'contactsApi',
					name: 'Create Contact',
					credentials: { contactsApi: ctx.credentialId },
					parameters: { resource: 'contact', operation: 'create', additionalFields: { email: '={{ $json.email }}' } },
				},
			],
			[{ email: 'webhook@example.com' }],
			{ mode: 'webhook' },
		);
		expect(run.status).toBe('success');
		expect(run.items).toEqual([expect.objectContaining({ email: 'webhook@example.com' })]);
		expect(ctx.sandbox.store.contacts.get(String(run.items[0].id))).toMatchObject({ email: 'webhook@example.com' });
	});

	it('runs a single node with runNodeWorkflow and surfaces API errors', async () => {
		const [contact] = await runNodeWorkflow(
			'contactsApi',
			{ resource: 'contact', operation: 'create', additionalFields: { email: 'single@example.com' } },
			{ contactsApi: ctx.credentialId },
		);
		expect(contact).toMatchObject({ email: 'single@example.com' });
		expect(ctx.sandbox.store.contacts.has(String(contact.id))).toBe(true);

		await expect(
			runNodeWorkflow('contactsApi', { resource: 'contact', operation: 'get', contactId: { __rl: true, mode: 'id', value: 'doesNotExist0000000' } }, { contactsApi: ctx.credentialId }),
		).rejects.toThrow(/failed: /);
	});
});
