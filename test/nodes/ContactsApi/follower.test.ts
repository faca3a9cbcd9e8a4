import { USERS, addContact, byId, calls, jsonOf, run, useSandbox, type RelatedSandbox } from './related.helpers';

const sandboxOf = useSandbox();
let sandbox: RelatedSandbox;
beforeEach(() => {
	sandbox = sandboxOf();
});

function followersOf(contactId: string): string[] {
	return sandbox.store.contacts.get(contactId)!.followers;
}

describe('Contacts API node: follower', () => {
	it('adds users as followers and outputs what the API says it added', async () => {
		const contactId = addContact(sandbox);
		const result = await run(sandbox, { resource: 'follower', operation: 'add', contactId: byId(contactId), followers: [USERS.alice, USERS.bob] });
		expect(result.error).toBeUndefined();
		expect(calls(sandbox)).toEqual([`POST /contacts/${contactId}/followers`]);
		expect(sandbox.requests[0].body).toEqual({ followers: [USERS.alice, USERS.bob] });
		expect(jsonOf(result)).toEqual([
			{ success: true, contactId, followers: [USERS.alice, USERS.bob], followersAdded: [USERS.alice, USERS.bob] },
		]);
		expect(followersOf(contactId)).toEqual([USERS.alice, USERS.bob]);

		// Safe to repeat: nobody is added twice.
		const again = await run(sandbox, { resource: 'follower', operation: 'add', contactId: byId(contactId), followers: [USERS.alice] });
		expect(again.items[0].json).toEqual({ success: true, contactId, followers: [USERS.alice, USERS.bob], followersAdded: [] });
		expect(followersOf(contactId)).toEqual([USERS.alice, USERS.bob]);
	});

	it('takes followers from an expression as a comma-separated list', async () => {
		const contactId = addContact(sandbox);
		const result = await run(
			sandbox,
			{ resource: 'follower', operation: 'add', contactId: byId(contactId), followers: '={{ $json.who }}' },
			{ input: [{ who: `${USERS.bob}, ${USERS.bob}` }] },
		);
		expect(result.error).toBeUndefined();
		expect(sandbox.requests[0].body).toEqual({ followers: [USERS.bob] });
		expect(followersOf(contactId)).toEqual([USERS.bob]);
	});

	it('removes followers with a JSON body on DELETE and outputs who was removed', async () => {
		const contactId = addContact(sandbox);
		sandbox.store.contacts.get(contactId)!.followers.push(USERS.alice, USERS.bob);
		const result = await run(sandbox, { resource: 'follower', operation: 'remove', contactId: byId(contactId), followers: [USERS.alice] });
		expect(result.error).toBeUndefined();
		expect(calls(sandbox)).toEqual([`DELETE /contacts/${contactId}/followers`]);
		expect(sandbox.requests[0].body).toEqual({ followers: [USERS.alice] });
		expect(jsonOf(result)).toEqual([{ success: true, contactId, followers: [USERS.bob], followersRemoved: [USERS.alice] }]);
		expect(followersOf(contactId)).toEqual([USERS.bob]);
	});

	it('rejects an empty list or a malformed user ID before any request', async () => {
		const contactId = addContact(sandbox);
		const empty = await run(
			sandbox,
			{ resource: 'follower', operation: 'remove', contactId: byId(contactId), followers: '={{ $json.who }}' },
			{ input: [{ who: [] }] },
		);
		expect(empty.error?.message).toBe('Invalid Followers (followers) in item 0: give at least one value');
		const malformed = await run(
			sandbox,
			{ resource: 'follower', operation: 'add', contactId: byId(contactId), followers: '={{ $json.who }}' },
			{ input: [{ who: [USERS.alice] }, { who: ['usr/1'] }] },
		);
		expect(malformed.error?.message).toMatch(/^Invalid Followers \(followers\) in item 1: "usr\/1" is not a valid ID/);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('reports the API refusing a user of no such ID', async () => {
		const contactId = addContact(sandbox);
		const result = await run(sandbox, { resource: 'follower', operation: 'add', contactId: byId(contactId), followers: ['usr_nobody'] });
		expect(result.error?.message).toBe('The API rejected the input: followers must be a valid user id');
		expect(followersOf(contactId)).toEqual([]);
	});
});
