import { byId, DEMO, runDialpad, sent, useSandbox } from './helpers';
import { dialpadInt64 } from '../../harness/sandboxes';

const sandbox = useSandbox({ contacts: 12 });

describe('Dialpad node: contacts', () => {
	it('creates a company contact with normalised phones and the documented body', async () => {
		const result = await runDialpad(sandbox(), {
			resource: 'contact',
			operation: 'create',
			contactType: 'shared',
			firstName: ' Katherine ',
			lastName: 'Johnson',
			additionalFields: { phones: '+1 (415) 555-0199, +44 20 7183 8750', emails: 'kj@example.com', companyName: 'NASA', urls: 'https://nasa.example' },
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ type: 'shared', display_name: 'Katherine Johnson', primary_phone: '+14155550199' });
		expect(sent(sandbox(), 'POST', '/contacts')[0].body).toEqual({
			first_name: 'Katherine',
			last_name: 'Johnson',
			phones: ['+14155550199', '+442071838750'],
			emails: ['kj@example.com'],
			company_name: 'NASA',
			urls: ['https://nasa.example'],
		});
	});

	it('creates a local contact for the chosen owner (owner_id as a string: int64 beyond 2^53)', async () => {
		const result = await runDialpad(sandbox(), {
			resource: 'contact',
			operation: 'create',
			contactType: 'local',
			userId: byId(DEMO.users.bob.id, 'list'),
			firstName: 'Lou',
			lastName: 'Cal',
		});
		expect(result.items[0].json).toMatchObject({ type: 'local', owner_id: DEMO.users.bob.id });
		expect(sent(sandbox(), 'POST', '/contacts')[0].body).toMatchObject({ owner_id: dialpadInt64(DEMO.users.bob.id) });
	});

	it('create-or-update with the same UID twice writes one contact and keeps its id', async () => {
		const params = { resource: 'contact', operation: 'upsert', uid: 'crm-42', firstName: 'Ada', lastName: 'Byron', additionalFields: { phones: '+14155550142' } };
		const first = await runDialpad(sandbox(), params);
		const second = await runDialpad(sandbox(), { ...params, lastName: 'Lovelace' });
		expect(first.items[0].json.id).toBe(second.items[0].json.id);
		expect(second.items[0].json).toMatchObject({ display_name: 'Ada Lovelace', phones: ['+14155550142'] });
		expect(sandbox().store.contacts.filter((c: { id: string }) => c.id === first.items[0].json.id)).toHaveLength(1);
		expect(sent(sandbox(), 'PUT', '/contacts').map((r) => (r.body as { uid: string }).uid)).toEqual(['crm-42', 'crm-42']);
	});

	it('accepts what a Dialpad contact event carries (lists of phones and emails) as input', async () => {
		const contact = { phones: ['+14155550111', '+14155550112'], emails: ['a@example.com'] };
		const result = await runDialpad(sandbox(), {
			resource: 'contact',
			operation: 'upsert',
			uid: 'from-event',
			firstName: 'Event',
			lastName: 'Person',
			additionalFields: { phones: contact.phones as unknown as string, emails: contact.emails as unknown as string },
		});
		expect(result.items[0].json).toMatchObject({ phones: contact.phones, emails: contact.emails });
	});

	it('gets a contact and deletes it (the answer is the deleted contact)', async () => {
		const got = await runDialpad(sandbox(), { resource: 'contact', operation: 'get', contactId: byId(DEMO.contacts.grace) });
		expect(got.items[0].json).toMatchObject({ id: DEMO.contacts.grace, first_name: 'Grace' });
		const deleted = await runDialpad(sandbox(), { resource: 'contact', operation: 'delete', contactId: byId(DEMO.contacts.grace) });
		expect(deleted.items[0].json).toMatchObject({ id: DEMO.contacts.grace, deleted: true });
		const again = await runDialpad(sandbox(), { resource: 'contact', operation: 'get', contactId: byId(DEMO.contacts.grace) });
		expect(again.error?.message).toBe('Not found: contact "shared_contact_uid_demo-grace" does not exist in Dialpad (Contact not found)');
	});

	it('updates only what is set, and clears fields on purpose', async () => {
		const result = await runDialpad(sandbox(), {
			resource: 'contact',
			operation: 'update',
			contactId: byId(DEMO.contacts.ada),
			updateFields: { jobTitle: 'Mathematician', companyName: '' },
			clearFields: ['emails', 'extension'],
		});
		expect(sent(sandbox(), 'PATCH')[0].body).toEqual({ job_title: 'Mathematician', emails: [], extension: '' });
		expect(result.items[0].json).toMatchObject({ job_title: 'Mathematician', emails: [], primary_email: null, company_name: 'Analytical Engines' });
	});

	it('refuses an update with nothing to change, before any request', async () => {
		const result = await runDialpad(sandbox(), { resource: 'contact', operation: 'update', contactId: byId(DEMO.contacts.ada), updateFields: { firstName: '' } });
		expect(result.error?.message).toBe('Invalid Update Fields (updateFields) in item 0: set at least one field to change or to clear');
		expect(sandbox().requests).toHaveLength(0);
	});

	it('get many follows the cursor for Return All, stops at the Limit, and never sends limit', async () => {
		const shared = sandbox().store.contacts.filter((c: { type: string }) => c.type === 'shared').length;
		const all = await runDialpad(sandbox(), { resource: 'contact', operation: 'getAll', returnAll: true });
		expect(all.items).toHaveLength(shared);
		expect(sent(sandbox(), 'GET', '/contacts').length).toBe(Math.ceil(shared / sandbox().pageSize));
		expect(sent(sandbox(), 'GET', '/contacts').slice(1).every((r) => typeof r.query.cursor === 'string')).toBe(true);
		sandbox().clearRequests();
		const some = await runDialpad(sandbox(), { resource: 'contact', operation: 'getAll', returnAll: false, limit: 7 });
		expect(some.items).toHaveLength(7);
		expect(sent(sandbox(), 'GET', '/contacts')).toHaveLength(2);
	});

	it("lists one user's local contacts", async () => {
		const result = await runDialpad(sandbox(), { resource: 'contact', operation: 'getAll', returnAll: true, scope: 'local', userId: byId(DEMO.users.alice.id) });
		expect(result.items.map((i) => i.json.id)).toEqual([DEMO.contacts.aliceLocal]);
		expect(sent(sandbox(), 'GET', '/contacts')[0].query).toEqual({ owner_id: DEMO.users.alice.id });
	});

	it('validates every item before sending anything; Continue On Fail gives one error item each', async () => {
		const params = {
			resource: 'contact',
			operation: 'create',
			contactType: 'shared',
			firstName: '={{ $json.first }}',
			lastName: 'Doe',
			additionalFields: { phones: '={{ $json.phone }}' },
		};
		const input = [
			{ first: 'Ok', phone: '+14155550177' },
			{ first: 'Bad', phone: '555-CALL-ME' },
			{ first: '', phone: '+14155550178' },
		];
		const stopped = await runDialpad(sandbox(), params, { input });
		expect(stopped.error?.message).toBe('Invalid Phones (phones) in item 1: "555-CALL-ME" is not a valid phone number: it has no country code (start with + and the country code)');
		expect(sandbox().requests).toHaveLength(0);
		const cont = await runDialpad(sandbox(), params, { input, continueOnFail: true });
		expect(cont.items.map((i) => [i.pairedItem, i.json.error ?? i.json.first_name])).toEqual([
			[{ item: 0 }, 'Ok'],
			[{ item: 1 }, 'Invalid Phones (phones) in item 1: "555-CALL-ME" is not a valid phone number: it has no country code (start with + and the country code)'],
			[{ item: 2 }, 'Invalid First Name (firstName) in item 2: it must not be empty'],
		]);
		expect(sent(sandbox(), 'POST', '/contacts')).toHaveLength(1);
	});

	it('no ID can change the request path', async () => {
		const result = await runDialpad(sandbox(), { resource: 'contact', operation: 'get', contactId: byId('../users') });
		expect(result.error?.message).toMatch(/^Invalid Contact \(contactId\) in item 0: "\.\.\/users" is not a valid ID/);
		// An encoded slash is refused the same way, before any request (the shared ID rule).
		const encoded = await runDialpad(sandbox(), { resource: 'contact', operation: 'get', contactId: byId('..%2Fusers') });
		expect(encoded.error?.message).toMatch(/^Invalid Contact \(contactId\) in item 0: "\.\.%2Fusers" is not a valid ID/);
		expect(sent(sandbox(), 'GET')).toHaveLength(0);
	});
});
