/** Reading a 429 for a spent daily quota (nodes/shared/http.ts), apart from the burst window. */
import { dailyQuotaSpent, DEFAULT_RETRY_POLICY, retryDecision } from '../../../nodes/shared/retry';

const NOW = Date.UTC(2026, 10, 30, 8, 0, 0);
const failure = (headers: Record<string, string>, statusCode = 429) => ({ statusCode, headers, body: {}, networkError: false, error: new Error('429') });

describe('daily quota', () => {
	it('is spent only when a 429 says X-RateLimit-Daily-Remaining: 0', () => {
		expect(dailyQuotaSpent(failure({ 'x-ratelimit-daily-remaining': '0', 'x-ratelimit-limit-daily': '200000' }), NOW)).toEqual({ limit: 200000, resetsAt: undefined });
		expect(dailyQuotaSpent(failure({ 'x-ratelimit-daily-remaining': '5', 'x-ratelimit-remaining': '0' }), NOW)).toBeUndefined();
		expect(dailyQuotaSpent(failure({ 'x-ratelimit-remaining': '0' }), NOW)).toBeUndefined();
		expect(dailyQuotaSpent(failure({ 'x-ratelimit-daily-remaining': '0' }, 403), NOW)).toBeUndefined();
	});

	it('reads the reset from X-RateLimit-Daily-Reset (epoch s or ms, or a date) or Retry-After', () => {
		const midnight = Date.UTC(2026, 11, 1);
		const spent = (extra: Record<string, string>) => dailyQuotaSpent(failure({ 'x-ratelimit-daily-remaining': '0', ...extra }), NOW)?.resetsAt?.getTime();
		expect(spent({ 'x-ratelimit-daily-reset': String(midnight / 1000) })).toBe(midnight);
		expect(spent({ 'x-ratelimit-daily-reset': String(midnight) })).toBe(midnight);
		expect(spent({ 'x-ratelimit-daily-reset': new Date(midnight).toUTCString() })).toBe(midnight);
		expect(spent({ 'retry-after': String((midnight - NOW) / 1000) })).toBe(midnight);
	});

	it('is never retried, while a burst 429 is', () => {
		expect(retryDecision(failure({ 'x-ratelimit-daily-remaining': '0', 'retry-after': '3600' }), { idempotent: true }, 1, DEFAULT_RETRY_POLICY)).toBeUndefined();
		expect(retryDecision(failure({ 'x-ratelimit-daily-remaining': '10', 'retry-after': '1' }), { idempotent: true }, 1, DEFAULT_RETRY_POLICY)).toBe(1000);
	});
});
