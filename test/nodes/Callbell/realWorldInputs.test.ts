/**
 * Issue 10 for the Callbell node, wherever it shares code with the Contacts API node:
 * phones (one libphonenumber reading), errors that keep what the API said, and clearing.
 * IDs are swept in test/nodes/shared/pathSafety.test.ts, empty values in
 * test/nodes/shared/emptyMeansUnset.test.ts.
 */
import type { IDataObject } from 'n8n-workflow';

import { byId, DEMO, runCallbell, sent, useSandbox, whatsappText } from './helpers';

const sandbox = useSandbox();

describe('Callbell node: real-world inputs (issue 10)', () => {
	it('normalises a trunk prefix after the country code, as the Contacts API node does', async () => {
		const result = await runCallbell(sandbox(), {
			resource: 'contact',
			operation: 'create',
			source: 'whatsapp',
			identifier: '+44 (0)20 7946 0958',
			name: 'Trunk Prefix',
		});
		expect(result.error).toBeUndefined();
		expect((sent(sandbox(), 'POST', '/contacts')[0].body as IDataObject).identifier).toBe('+442079460958');
	});

	it('sends Message → Send to the normalised number', async () => {
		const result = await runCallbell(sandbox(), { ...whatsappText('Hi'), to: '+39 (333) 123-4567' });
		expect(result.error).toBeUndefined();
		expect((sent(sandbox(), 'POST', '/messages/send')[0].body as IDataObject).to).toBe('+393331234567');
	});

	it.each([
		['a number too short for its country', '+44 20 7946'],
		['a number with no country code', '020 7946 0958'],
		['a number no country assigns', '+1 555 000 0000'],
	])('refuses %s before any request', async (_what, to) => {
		const result = await runCallbell(sandbox(), { ...whatsappText('Hi'), to });
		expect(result.error?.message).toMatch(/^Invalid To \(to\) in item 0: ".*" is not a valid phone number: /);
		expect(sandbox().requests).toHaveLength(0);
	});

	it('the sandbox refuses a number with the trunk prefix kept', async () => {
		const response = await fetch(`${sandbox().url}/contacts`, {
			method: 'POST',
			headers: { authorization: `Bearer ${DEMO.apiKey}`, accept: 'application/json', 'content-type': 'application/json' },
			body: JSON.stringify({ identifier: '+4402079460958', source: 'whatsapp', name: 'Kept Zero' }),
		});
		expect(response.status).toBe(422);
	});

	it('keeps what the API said in the error item under Continue On Fail', async () => {
		const result = await runCallbell(
			sandbox(),
			{ resource: 'contact', operation: 'create', source: 'whatsapp', identifier: DEMO.phones.john, name: 'John Again' },
			{ continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		const item = result.items[0].json;
		expect(item.error).toMatch(/^Callbell rejected the input: /);
		expect(item.apiResponse).toBeDefined();
		expect(JSON.stringify(item.apiResponse)).toContain('has already been taken');
	});

	it('unassigns and clears tags with {{ null }}; empty fields change nothing; a team cannot be cleared', async () => {
		const result = await runCallbell(sandbox(), {
			resource: 'contact',
			operation: 'update',
			contactUuid: byId(DEMO.contacts.mario),
			updateFields: { tags: '={{ null }}', assignedUser: '={{ null }}', name: '', note: '', teamUuid: '' },
		});
		expect(result.error).toBeUndefined();
		expect(sent(sandbox(), 'PATCH')[0].body).toEqual({ tags: [], unassign_user: true });
		sandbox().clearRequests();
		const team = await runCallbell(sandbox(), {
			resource: 'contact',
			operation: 'update',
			contactUuid: byId(DEMO.contacts.mario),
			updateFields: { teamUuid: '={{ null }}' },
		});
		expect(team.error?.message).toMatch(/^Invalid Team \(teamUuid\) in item 0: Callbell cannot remove a contact from its team/);
		expect(sandbox().requests).toHaveLength(0);
	});

	it('passes a source the node does not list on to Callbell, which judges it', async () => {
		const result = await runCallbell(sandbox(), {
			resource: 'contact',
			operation: 'getAll',
			returnAll: false,
			limit: 5,
			filters: { source: '={{ "webchat" }}' },
		});
		expect(sent(sandbox(), 'GET', '/contacts')[0].query).toMatchObject({ source: 'webchat' });
		// Before, the node refused it itself ("is not one of facebook, instagram, telegram, whatsapp").
		expect(result.error?.message ?? '').not.toMatch(/^Invalid Source/);
	});
});
