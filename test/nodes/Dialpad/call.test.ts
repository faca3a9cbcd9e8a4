import { DEMO, runDialpad, sent, useSandbox } from './helpers';

const sandbox = useSandbox();

describe('Dialpad node: calls', () => {
	it('gets a call with its recording links, keeping int64 IDs exact', async () => {
		const result = await runDialpad(sandbox(), { resource: 'call', operation: 'get', callId: DEMO.calls.answered, includeTranscriptUrl: true });
		expect(result.error).toBeUndefined();
		const call = result.items[0].json;
		// 9007199254742001 is beyond 2^53: parsed as a double it would read …2000.
		expect(call.call_id).toBe(DEMO.calls.answered);
		expect(call.target).toMatchObject({ id: DEMO.users.alice.id });
		expect(call.links).toEqual({
			recordings: [`https://dialpad.example/recordings/${DEMO.calls.answered}.mp3`],
			recordingShareLinks: [`https://dialpad.example/r/share-${DEMO.calls.answered}`],
			voicemail: null,
			transcript: `https://dialpad.example/transcripts/${DEMO.calls.answered}`,
		});
	});

	it('a call without a transcript gets links.transcript null, not an error', async () => {
		const result = await runDialpad(sandbox(), { resource: 'call', operation: 'get', callId: DEMO.calls.missed, includeTranscriptUrl: true });
		expect(result.items[0].json.links).toMatchObject({ transcript: null, voicemail: `https://dialpad.example/v/share-${DEMO.calls.missed}` });
	});

	it('get many: time range as UTC ms, target filter, newest first, cursor walked', async () => {
		const after = new Date(Date.now() - 24 * 60 * 60 * 1000).toISOString();
		const result = await runDialpad(sandbox(), {
			resource: 'call',
			operation: 'getAll',
			returnAll: true,
			filters: { startedAfter: after, targetType: 'user', targetId: DEMO.users.alice.id },
		});
		expect(result.items.map((i) => i.json.call_id)).toEqual([DEMO.calls.missed, DEMO.calls.answered]);
		expect(sent(sandbox(), 'GET', '/call')[0].query).toEqual({ started_after: String(Date.parse(after)), target_id: DEMO.users.alice.id, target_type: 'user' });
	});

	// Issue 20, kind 3: Dialpad sends its times as ms epochs (date_started); a call's own
	// date_started works as Started After / Before, as a number or as digits.
	it('get many: a call\'s own date_started (ms epoch) is accepted as Started After and Before', async () => {
		const got = await runDialpad(sandbox(), { resource: 'call', operation: 'get', callId: DEMO.calls.answered });
		const started = got.items[0].json.date_started as number | string;
		expect(String(started)).toMatch(/^\d{13}$/);
		sandbox().requests.length = 0;
		const result = await runDialpad(
			sandbox(),
			{ resource: 'call', operation: 'getAll', returnAll: true, filters: { startedAfter: '={{ $json.from - 1 }}', startedBefore: '={{ String($json.from + 1) }}' } },
			{ input: [{ from: Number(started) }] },
		);
		expect(result.error).toBeUndefined();
		expect(sent(sandbox(), 'GET', '/call')[0].query).toMatchObject({ started_after: String(Number(started) - 1), started_before: String(Number(started) + 1) });
		expect(result.items.map((i) => i.json.call_id)).toContain(DEMO.calls.answered);
	});

	it('refuses epoch seconds (10 digits) for a field in ms, naming both accepted forms', async () => {
		const result = await runDialpad(sandbox(), { resource: 'call', operation: 'getAll', returnAll: true, filters: { startedAfter: '={{ 1777627800 }}' } });
		expect(result.error?.message).toBe('Invalid Started After (startedAfter) in item 0: "1777627800" is not an ISO 8601 date-time or a time in milliseconds since 1970');
		expect(sandbox().requests).toHaveLength(0);
	});

	it('refuses a time range that ends before it starts, before any request', async () => {
		const result = await runDialpad(sandbox(), {
			resource: 'call',
			operation: 'getAll',
			returnAll: true,
			filters: { startedAfter: '2026-05-02T00:00:00Z', startedBefore: '2026-05-01T00:00:00Z' },
		});
		expect(result.error?.message).toBe('Invalid Started Before (startedBefore) in item 0: it must be later than Started After');
		expect(sandbox().requests).toHaveLength(0);
	});

	it('a user (non-admin) key gets a clear 403 for listing calls', async () => {
		const result = await runDialpad(sandbox(), { resource: 'call', operation: 'getAll', returnAll: true }, { credential: { apiKey: DEMO.userApiKey } });
		expect(result.error?.httpCode).toBe('403');
		expect(result.error?.message).toBe('Dialpad denied access (403: This operation requires a company admin API key)');
		expect(result.error?.description).toMatch(/^This operation needs a company-admin API key/);
		expect(sandbox().requests).toHaveLength(1);
	});

	it('GET /call/{id} is limited to 10 a minute: the 11th backs off and reports the limit', async () => {
		// A fresh minute: the calls of the tests above must not count.
		sandbox().endpointLimiter.configure({});
		const input = Array.from({ length: 11 }, () => ({}));
		const result = await runDialpad(sandbox(), { resource: 'call', operation: 'get', callId: DEMO.calls.older }, { input, continueOnFail: true });
		const errors = result.items.filter((i) => i.json.error);
		expect(errors).toHaveLength(1);
		expect(errors[0].json.error).toBe("Dialpad's rate limit was still reached after 5 attempts");
		expect(sent(sandbox(), 'GET', `/call/${DEMO.calls.older}`).filter((r) => r.status === 429)).toHaveLength(5);
	}, 120_000);
});
