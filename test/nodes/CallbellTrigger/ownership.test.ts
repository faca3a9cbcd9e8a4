/**
 * The receiver tag and the reading of Callbell's delivery log (ownership.ts), on log
 * entries shaped like the docs' example of GET /webhooks/events and its variants.
 */
import type { CallbellWebhookEvent } from '../../../nodes/CallbellTrigger/api';
import {
	describeReceiver,
	entriesAfter,
	logHorizon,
	newestIdentified,
	newestReceiver,
	RECEIVER_HEADER,
	receiverTag,
	routeDownSignature,
} from '../../../nodes/CallbellTrigger/ownership';

const OURS = 'https://n8n.example.com/webhook/5f0c/webhook';
const TAG = receiverTag(OURS);

function entry(createdAt: string, response: unknown, success = true, event = 'message_created'): CallbellWebhookEvent {
	return { event, payload: {}, response, success, createdAt };
}

const answered = (headers: Record<string, unknown>, code = 200) => ({ body: { status: 'ok' }, code, headers });

describe('receiverTag', () => {
	it('is 24 hex characters, the same for the same URL and different for the test URL', () => {
		expect(TAG).toMatch(/^[0-9a-f]{24}$/);
		expect(receiverTag(OURS)).toBe(TAG);
		expect(receiverTag('https://n8n.example.com/webhook-test/5f0c/webhook')).not.toBe(TAG);
		expect(TAG).not.toContain('n8n.example.com');
	});
});

describe('newestReceiver', () => {
	it('is "none" for an empty log', () => {
		expect(newestReceiver([], TAG)).toEqual({ kind: 'none' });
	});

	it('recognises its own header whatever its case, also as an array value', () => {
		for (const headers of [{ [RECEIVER_HEADER]: TAG }, { 'X-N8n-Callbell-Receiver': TAG }, { 'x-n8n-callbell-receiver': [TAG] }]) {
			expect(newestReceiver([entry('2026-11-30T08:00:00Z', answered(headers))], TAG).kind).toBe('this');
		}
	});

	it('tells another Callbell Trigger from another system', () => {
		const otherTrigger = entry('2026-11-30T08:00:00Z', answered({ [RECEIVER_HEADER]: receiverTag('https://other/webhook') }));
		expect(newestReceiver([otherTrigger], TAG).kind).toBe('otherTrigger');
		const zapier = entry('2026-11-30T08:00:00Z', answered({ 'content-type': 'application/json' }));
		expect(newestReceiver([zapier], TAG).kind).toBe('otherSystem');
	});

	it('judges only the newest entry, by createdAt, whatever the order of the page', () => {
		const older = entry('2026-11-30T07:00:00Z', answered({ [RECEIVER_HEADER]: TAG }));
		const newer = entry('2026-11-30T08:00:00Z', answered({}));
		expect(newestReceiver([older, newer], TAG).kind).toBe('otherSystem');
		expect(newestReceiver([newer, older], TAG).kind).toBe('otherSystem');
		expect(newestReceiver([newer, older].reverse(), TAG)).toMatchObject({ event: newer });
	});

	it('with several entries in the newest second, is "this" only if all of them are', () => {
		const ours = entry('2026-11-30T08:00:00Z', answered({ [RECEIVER_HEADER]: TAG }));
		const theirs = entry('2026-11-30T08:00:00Z', answered({}));
		const older = entry('2026-11-30T07:59:59Z', answered({}));
		expect(newestReceiver([ours, theirs, older], TAG)).toMatchObject({ kind: 'otherSystem', event: theirs });
		expect(newestReceiver([theirs, ours], TAG).kind).toBe('otherSystem');
		expect(newestReceiver([ours, { ...ours }, older], TAG)).toMatchObject({ kind: 'this', event: ours });
	});

	it('calls a failed delivery "failed", even when it carries its own header (n8n cannot vouch for it)', () => {
		expect(newestReceiver([entry('2026-11-30T08:00:00Z', answered({ [RECEIVER_HEADER]: TAG }, 401), false)], TAG).kind).toBe('failed');
		expect(newestReceiver([entry('2026-11-30T08:00:00Z', null, false)], TAG).kind).toBe('failed');
	});

	it('is "unknown" when the log keeps only the body (the WebhookEvent table\'s reading)', () => {
		expect(newestReceiver([entry('2026-11-30T08:00:00Z', { status: 'ok' })], TAG).kind).toBe('unknown');
		expect(newestReceiver([entry('2026-11-30T08:00:00Z', { body: {}, code: 200 })], TAG).kind).toBe('unknown');
	});
});

describe("this trigger's own traces (issue 19)", () => {
	/** n8n 2.41's answer for a path without a route (webhook-not-found.error.js). */
	const n8n404 = (path: string) => ({
		body: { code: 404, message: `The requested webhook "POST ${path}" is not registered.`, hint: 'The workflow must be active…' },
		code: 404,
		headers: { 'content-type': 'application/json' },
	});

	it("reads n8n's 404 naming this trigger's path as its own, and one naming another path as a failure", () => {
		expect(routeDownSignature(OURS)).toBe('"POST 5f0c/webhook" is not registered');
		const ours404 = entry('2026-11-30T08:00:00Z', n8n404('5f0c/webhook'), false);
		expect(newestReceiver([ours404], TAG, { url: OURS }).kind).toBe('thisRouteDown');
		expect(newestReceiver([ours404], TAG).kind).toBe('failed');
		expect(newestReceiver([entry('2026-11-30T08:00:00Z', n8n404('9a9a/webhook'), false)], TAG, { url: OURS }).kind).toBe('failed');
		expect(newestReceiver([entry('2026-11-30T08:00:00Z', { body: 'The requested webhook "POST 5f0c/webhook" is not registered.', code: 404 }, false)], TAG, { url: OURS }).kind).toBe('thisRouteDown');
	});

	it('ignores entries up to the horizon recorded at its last unsubscribe, also in the same second', () => {
		const before = entry('2026-11-30T08:00:00Z', answered({ [RECEIVER_HEADER]: TAG }));
		const failed = entry('2026-11-30T08:00:01Z', null, false);
		const horizon = logHorizon([before, failed])!;
		expect(horizon.createdAt).toBe('2026-11-30T08:00:01Z');
		expect(newestReceiver([failed, before], TAG, { horizon })).toEqual({ kind: 'none' });
		const sameSecond = entry('2026-11-30T08:00:01Z', answered({}), true, 'contact_created');
		expect(entriesAfter([sameSecond, failed, before], horizon)).toEqual([sameSecond]);
		expect(newestReceiver([sameSecond, failed, before], TAG, { horizon }).kind).toBe('otherSystem');
	});

	it('finds the newest entry that says who answered, past failures without a trace', () => {
		const ours = entry('2026-11-30T08:00:00Z', answered({ [RECEIVER_HEADER]: TAG }));
		const timeout = entry('2026-11-30T08:00:05Z', null, false);
		expect(newestReceiver([timeout, ours], TAG).kind).toBe('failed');
		expect(newestIdentified([timeout, ours], TAG)?.kind).toBe('this');
		expect(newestIdentified([timeout], TAG)).toBeUndefined();
	});
});

describe('describeReceiver', () => {
	it('names the event, its time, the status code and who answered', () => {
		const zapier = newestReceiver([entry('2026-11-30T08:00:00Z', answered({}))], TAG);
		expect(describeReceiver(zapier)).toBe(
			"the newest delivery in Callbell's log (message_created at 2026-11-30T08:00:00Z) was answered by an endpoint that is not an n8n Callbell Trigger (HTTP 200)",
		);
		const check = newestReceiver([entry('2026-11-30T08:00:00Z', answered({}, 404), false, null as unknown as string)], TAG);
		expect(describeReceiver(check)).toBe(
			"the newest delivery in Callbell's log (connection check at 2026-11-30T08:00:00Z) failed (HTTP 404), so n8n cannot tell which endpoint it went to",
		);
		expect(describeReceiver({ kind: 'none' })).toBe("Callbell's delivery log for this account is empty");
	});
});
