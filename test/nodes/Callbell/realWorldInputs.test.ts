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

	// Issue 20, kind 1: what Callbell itself emits works as input for the same field. Its
	// messages carry `from`/`to` as international digits without "+" ("393331234567").
	describe('phone values in the shape Callbell sends them', () => {
		async function emittedFrom(): Promise<string> {
			const read = await runCallbell(sandbox(), { resource: 'contact', operation: 'getMessages', contactUuid: byId(DEMO.contacts.john), returnAll: false, limit: 5 });
			expect(read.error).toBeUndefined();
			const from = read.items.map((i) => i.json.from).find((f) => typeof f === 'string' && !f.startsWith('+') && f === DEMO.phones.john.slice(1));
			expect(from).toBe('393331234567');
			sandbox().requests.length = 0;
			return from as string;
		}

		it('Message → Send with To {{ $json.from }} of a received message replies to that number', async () => {
			const from = await emittedFrom();
			const result = await runCallbell(sandbox(), { ...whatsappText('Thanks, on its way'), to: '={{ $json.from }}' }, { input: [{ from }] });
			expect(result.error).toBeUndefined();
			expect((sent(sandbox(), 'POST', '/messages/send')[0].body as IDataObject).to).toBe('+393331234567');
		});

		it('Contact → Get by Phone with {{ $json.from }} finds the contact', async () => {
			const from = await emittedFrom();
			const result = await runCallbell(sandbox(), { resource: 'contact', operation: 'getByPhone', phoneNumber: '={{ $json.from }}' }, { input: [{ from }] });
			expect(result.error).toBeUndefined();
			expect(result.items[0].json.uuid).toBe(DEMO.contacts.john);
		});

		it('Contact → Create takes the digits as a WhatsApp identifier, digits unchanged', async () => {
			const result = await runCallbell(sandbox(), { resource: 'contact', operation: 'create', source: 'whatsapp', identifier: '4915112345678', name: 'Bare Digits' });
			expect(result.error).toBeUndefined();
			expect((sent(sandbox(), 'POST', '/contacts')[0].body as IDataObject).identifier).toBe('+4915112345678');
		});

		it.each([
			// Written nationally: the country is unknown.
			['0612345678', /a leading 0 is a national trunk prefix/],
			['(415) 555-2671', /"\(…\)" around an area code marks a national number/],
			// Not a number in any country when read as international digits.
			['4155552671', /read as international digits, \+4155552671 is not a valid number either/],
			// Belgium (+32 12 34 01 23) or Florida (+1 321 234 0123): refused, never guessed.
			['3212340123', /its digits read two ways: \+32 .* \(BE\) or the North American number \+1 321 234 0123/],
		])('refuses the ambiguous or national %s with the reason, before any request', async (to, reason) => {
			const result = await runCallbell(sandbox(), { ...whatsappText('Hi'), to });
			expect(result.error?.message).toMatch(/^Invalid To \(to\) in item 0: ".*" is not a valid phone number: it has no country code/);
			expect(result.error?.message).toMatch(reason);
			expect(sandbox().requests.filter((r) => r.path === '/messages/send')).toHaveLength(0);
		});
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
