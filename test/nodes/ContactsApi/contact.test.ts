import { runNode } from '../../harness/engine';
import { CONTACTS_DEMO, contactsCredential, startContactsSandbox, type Sandbox } from '../../harness/sandboxes';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startContactsSandbox({ contacts: 0 });
});
afterAll(async () => {
	await sandbox.close();
});
afterEach(() => {
	expect(sandbox.specViolations()).toEqual([]);
	sandbox.clearSpecViolations();
	sandbox.clearRequests();
});

describe('Contacts API node: contact', () => {
	it('creates a contact and gets it back through the engine', async () => {
		const created = await runNode({
			type: 'contactsApi',
			parameters: {
				resource: 'contact',
				operation: 'create',
				additionalFields: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0958', country: 'gb' },
			},
			credentials: contactsCredential(sandbox),
		});
		expect(created.error).toBeUndefined();
		expect(created.items).toHaveLength(1);
		const contact = created.items[0].json;
		expect(contact).toMatchObject({ firstName: 'Ada', email: 'ada@example.com', phone: '+442079460958', country: 'GB', locationId: CONTACTS_DEMO.locationId });
		expect(created.items[0].pairedItem).toEqual({ item: 0 });

		const req = sandbox.requests[0];
		expect(req.method).toBe('POST');
		expect(req.path).toBe('/contacts/');
		expect(req.headers.authorization).toBe(`Bearer ${CONTACTS_DEMO.tokens.write}`);
		expect(req.headers.version).toBe('2021-07-28');

		const got = await runNode({
			type: 'contactsApi',
			parameters: { resource: 'contact', operation: 'get', contactId: { __rl: true, mode: 'id', value: String(contact.id) } },
			credentials: contactsCredential(sandbox),
		});
		expect(got.error).toBeUndefined();
		expect(got.items[0].json).toMatchObject({ id: contact.id, lastName: 'Lovelace' });
	});

	it('rejects a bad email before sending anything', async () => {
		const result = await runNode({
			type: 'contactsApi',
			parameters: { resource: 'contact', operation: 'create', additionalFields: { email: 'not-an-email' } },
			credentials: contactsCredential(sandbox),
		});
		expect(result.error?.message).toMatch(/Invalid Email \(email\) in item 0/);
		expect(sandbox.requests).toHaveLength(0);
	});
});
