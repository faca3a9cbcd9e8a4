import { DEFAULT_RETRY_POLICY, rateLimitDelayMs, retryDecision } from '../../../nodes/shared/retry';
import type { FailedAttempt } from '../../../nodes/shared/retry';

const WINDOW = {
	'x-ratelimit-max': '100',
	'x-ratelimit-remaining': '0',
	'x-ratelimit-interval-milliseconds': '10000',
};
const NOW = 1_000_000;

/** `count` sends spaced `stepMs` apart, the last one `ageMs` before NOW. */
function sends(count: number, stepMs: number, ageMs: number): number[] {
	return Array.from({ length: count }, (_, i) => NOW - ageMs - (count - 1 - i) * stepMs);
}

describe('rateLimitDelayMs: sliding-window 429s', () => {
	it('waits until the oldest of our last X-RateLimit-Max sends leaves the window', () => {
		// 100 sends over the last 0.99 s: the oldest went 1 s ago, so its slot frees in 9 s.
		const delay = rateLimitDelayMs(WINDOW, 1, DEFAULT_RETRY_POLICY, NOW, sends(100, 10, 10));
		expect(delay).toBeGreaterThanOrEqual(9000);
		expect(delay).toBeLessThanOrEqual(9050);
	});

	it('uses only the last Max sends of a longer history', () => {
		const history = [...sends(50, 10, 20_000), ...sends(100, 10, 10)];
		const delay = rateLimitDelayMs(WINDOW, 1, DEFAULT_RETRY_POLICY, NOW, history);
		expect(delay).toBeGreaterThanOrEqual(9000);
		expect(delay).toBeLessThanOrEqual(9050);
	});

	it('waits a full interval when our own sends do not fill the window (the limit is shared)', () => {
		const delay = rateLimitDelayMs(WINDOW, 1, DEFAULT_RETRY_POLICY, NOW, sends(40, 10, 10));
		expect(delay).toBeGreaterThanOrEqual(10_000);
		expect(delay).toBeLessThanOrEqual(10_250);
	});

	it('waits a full interval when our oldest slot should already be free', () => {
		const delay = rateLimitDelayMs(WINDOW, 1, DEFAULT_RETRY_POLICY, NOW, sends(100, 10, 12_000));
		expect(delay).toBeGreaterThanOrEqual(10_000);
	});

	it('follows Retry-After before anything else', () => {
		const delay = rateLimitDelayMs({ ...WINDOW, 'retry-after': '3' }, 1, DEFAULT_RETRY_POLICY, NOW, sends(100, 10, 10));
		expect(delay).toBe(3000);
	});

	it('backs off exponentially without any rate-limit header', () => {
		const delay = rateLimitDelayMs({}, 3, DEFAULT_RETRY_POLICY, NOW);
		expect(delay).toBeGreaterThanOrEqual(DEFAULT_RETRY_POLICY.baseDelayMs * 2);
		expect(delay).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.baseDelayMs * 4);
	});
});

describe('retryDecision', () => {
	const failure = (statusCode?: number, networkError = false): FailedAttempt => ({
		statusCode,
		headers: {},
		body: undefined,
		networkError,
		error: new Error('x'),
	});

	it('retries a 429 even for a create, and never past the last attempt', () => {
		expect(retryDecision(failure(429), { idempotent: false }, 1, DEFAULT_RETRY_POLICY)).toBeDefined();
		expect(retryDecision(failure(429), { idempotent: false }, DEFAULT_RETRY_POLICY.maxAttempts, DEFAULT_RETRY_POLICY)).toBeUndefined();
	});

	it('retries 5xx and dropped connections only for idempotent requests', () => {
		expect(retryDecision(failure(503), { idempotent: true }, 1, DEFAULT_RETRY_POLICY)).toBeDefined();
		expect(retryDecision(failure(503), { idempotent: false }, 1, DEFAULT_RETRY_POLICY)).toBeUndefined();
		expect(retryDecision(failure(undefined, true), { idempotent: true }, 1, DEFAULT_RETRY_POLICY)).toBeDefined();
		expect(retryDecision(failure(undefined, true), { idempotent: false }, 1, DEFAULT_RETRY_POLICY)).toBeUndefined();
		expect(retryDecision(failure(422), { idempotent: true }, 1, DEFAULT_RETRY_POLICY)).toBeUndefined();
	});
});
