import { byId, DEMO, runDialpad, sent, useSandbox } from './helpers';
import { dialpadInt64 } from '../../harness/sandboxes';

const sandbox = useSandbox();

describe('Dialpad node: SMS', () => {
	it('sends from a user to normalised E.164 numbers', async () => {
		const result = await runDialpad(sandbox(), {
			resource: 'sms',
			operation: 'send',
			senderType: 'user',
			userId: byId(DEMO.users.alice.id),
			toNumbers: '+1 415 555 0123, 0044 20 7183 8750',
			text: 'Thanks for calling!',
		});
		expect(result.error).toBeUndefined();
		expect(sent(sandbox(), 'POST', '/sms')[0].body).toEqual({ user_id: dialpadInt64(DEMO.users.alice.id), to_numbers: ['+14155550123', '+442071838750'], text: 'Thanks for calling!' });
		expect(result.items[0].json).toMatchObject({ direction: 'outbound', from_number: DEMO.users.alice.number, message_status: 'pending' });
	});

	it('sends from a company number or an office', async () => {
		await runDialpad(sandbox(), { resource: 'sms', operation: 'send', senderType: 'number', fromNumber: byId(DEMO.officeNumber, 'list'), toNumbers: '+14155550123', text: 'a' });
		await runDialpad(sandbox(), { resource: 'sms', operation: 'send', senderType: 'office', officeId: byId(DEMO.offices.main), toNumbers: '+14155550123', text: 'b' });
		expect(sent(sandbox(), 'POST', '/sms').map((r) => r.body)).toEqual([
			{ from_number: DEMO.officeNumber, to_numbers: ['+14155550123'], text: 'a' },
			{ sender_group_id: dialpadInt64(DEMO.offices.main), sender_group_type: 'office', to_numbers: ['+14155550123'], text: 'b' },
		]);
	});

	it('refuses bad numbers, more than 10 recipients and empty text before sending', async () => {
		const base = { resource: 'sms', operation: 'send', senderType: 'user', userId: byId(DEMO.users.alice.id), text: 'x' };
		const bad = await runDialpad(sandbox(), { ...base, toNumbers: '+14155550123, call me' });
		expect(bad.error?.message).toBe('Invalid To (toNumbers) in item 0: "call me" is not a valid phone number: it has no country code (start with + and the country code)');
		const many = Array.from({ length: 11 }, (_, i) => `+1415555${String(1000 + i)}`).join(',');
		const tooMany = await runDialpad(sandbox(), { ...base, toNumbers: many });
		expect(tooMany.error?.message).toBe('Invalid To (toNumbers) in item 0: 11 numbers given; Dialpad accepts at most 10');
		const empty = await runDialpad(sandbox(), { ...base, toNumbers: '+14155550123', text: '  ' });
		expect(empty.error?.message).toBe('Invalid Text (text) in item 0: it must not be empty');
		expect(sandbox().requests).toHaveLength(0);
	});

	it('is never retried after an ambiguous failure (the text could go out twice)', async () => {
		sandbox().faults.inject({ kind: 'reset-after', method: 'POST', path: '/api/v2/sms' });
		const result = await runDialpad(sandbox(), { resource: 'sms', operation: 'send', senderType: 'user', userId: byId(DEMO.users.alice.id), toNumbers: '+14155550123', text: 'once' });
		expect(result.error?.message).toMatch(/^The connection to Dialpad broke before it answered trying to send the text/);
		expect(result.error?.description).toMatch(/It was not retried/);
		expect(sent(sandbox(), 'POST', '/sms')).toHaveLength(1);
		expect(sandbox().store.sms.filter((m: { text: string }) => m.text === 'once')).toHaveLength(1);
	});

	// Issue 20, kind 8: IDs the spec types as integers go out as JSON numbers with every
	// digit, beyond 2^53 too (9007199254741201 would round to …200 as a JavaScript number).
	it('sends user_id and sender_group_id as exact JSON numbers', async () => {
		expect(Number(DEMO.users.alice.id) > Number.MAX_SAFE_INTEGER).toBe(true);
		await runDialpad(sandbox(), { resource: 'sms', operation: 'send', senderType: 'user', userId: byId(DEMO.users.alice.id), toNumbers: '+14155550123', text: 'exact' });
		await runDialpad(sandbox(), { resource: 'sms', operation: 'send', senderType: 'office', officeId: byId(DEMO.offices.main), toNumbers: '+14155550123', text: 'exact too' });
		const [byUser, byOffice] = sent(sandbox(), 'POST', '/sms').map((r) => r.rawBody);
		expect(byUser).toBe(`{"user_id":${DEMO.users.alice.id},"to_numbers":["+14155550123"],"text":"exact"}`);
		expect(byOffice).toContain(`"sender_group_id":${DEMO.offices.main},`);
	});

	it('a text that looks like a number stays a string', async () => {
		await runDialpad(sandbox(), { resource: 'sms', operation: 'send', senderType: 'user', userId: byId(DEMO.users.alice.id), toNumbers: '+14155550123', text: '9007199254741201' });
		expect(sent(sandbox(), 'POST', '/sms')[0].rawBody).toContain('"text":"9007199254741201"');
	});

	it('the sandbox refuses an int64 ID sent as a string, as the spec types it an integer', async () => {
		const response = await fetch(`${sandbox().url}/api/v2/sms`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${DEMO.apiKey}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ user_id: DEMO.users.alice.id, to_numbers: ['+14155550123'], text: 'as a string' }),
		});
		expect(response.status).toBe(400);
		expect(JSON.stringify(await response.json())).toContain('user_id must be an integer (int64), not a string');
	});
});
