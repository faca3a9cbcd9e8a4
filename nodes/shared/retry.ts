import type { ApiRequest } from './http';

/**
 * What a failed attempt means and whether to send it again: n8n's wrapped error read back
 * into status, headers and body; the wait after a 429 (Retry-After, the X-RateLimit-* window
 * headers the Contacts API documents, else full-jitter backoff); a spent daily quota; and the
 * rule that only idempotent requests are retried after a 5xx or a dropped connection.
 * `sendWithRetry` (http.ts) runs the loop.
 */

export interface RetryPolicy {
	/** Total attempts, the first included. */
	maxAttempts: number;
	/** First backoff step when the server gives no hint. */
	baseDelayMs: number;
	/** Upper bound for any single wait. */
	maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 6,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
};

/** What a failed attempt tells us, read from n8n's wrapped error. */
export interface FailedAttempt {
	statusCode?: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
	/** The request may have reached the server (connection reset, timeout). */
	networkError: boolean;
	error: Error;
}

const NETWORK_ERROR_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'ENOTFOUND',
	'EAI_AGAIN',
	'UND_ERR_SOCKET',
]);

function header(headers: FailedAttempt['headers'], name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
	return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

/**
 * n8n wraps HTTP failures in NodeApiError; the axios-style response (status, headers, data)
 * sits on the error itself or on its cause depending on the code path (plain vs OAuth2).
 */
export function describeFailure(error: Error): FailedAttempt {
	const candidates = [error, asRecord(error)?.cause, asRecord(asRecord(error)?.cause)?.cause];
	for (const candidate of candidates) {
		const response = asRecord(asRecord(candidate)?.response);
		if (response && typeof response.status === 'number') {
			return {
				statusCode: response.status,
				headers: (asRecord(response.headers) ?? {}) as FailedAttempt['headers'],
				body: response.data ?? response.body,
				networkError: false,
				error,
			};
		}
	}
	const codes = candidates.map((c) => String(asRecord(c)?.code ?? ''));
	const httpCode = Number(asRecord(error)?.httpCode);
	const knownNetworkCode = codes.some((code) => NETWORK_ERROR_CODES.has(code));
	const hasStatus = Number.isFinite(httpCode) && httpCode > 0;
	// Socket-level failures always carry an error code (axios/Node). A failure with neither a
	// code nor an HTTP status was raised by n8n itself (e.g. an OAuth2 credential that must be
	// reconnected): not a network failure, so it is not retried.
	const lowLevel = codes.some((code) => code !== '');
	return {
		statusCode: hasStatus && !knownNetworkCode ? httpCode : undefined,
		headers: {},
		body: undefined,
		networkError: knownNetworkCode || (!hasStatus && lowLevel),
		error,
	};
}

/**
 * How long to wait before the next attempt after a 429: Retry-After first (seconds or an
 * HTTP date), then the documented X-RateLimit-* window headers, else exponential backoff.
 * `sends` are the times of this process's recent requests that got through (oldest first).
 */
export function rateLimitDelayMs(
	headers: FailedAttempt['headers'],
	attempt: number,
	policy: RetryPolicy,
	now = Date.now(),
	sends: readonly number[] = [],
): number {
	const retryAfter = header(headers, 'retry-after');
	if (retryAfter !== undefined) {
		const seconds = Number(retryAfter);
		if (Number.isFinite(seconds)) return clamp(seconds * 1000, policy);
		const date = Date.parse(retryAfter);
		if (Number.isFinite(date)) return clamp(date - now, policy);
	}
	const remaining = Number(header(headers, 'x-ratelimit-remaining'));
	const interval = Number(header(headers, 'x-ratelimit-interval-milliseconds'));
	if (Number.isFinite(interval) && interval > 0 && (!Number.isFinite(remaining) || remaining <= 0)) {
		const max = Number(header(headers, 'x-ratelimit-max'));
		if (Number.isInteger(max) && max > 0 && sends.length >= max) {
			// When our own last `max` sends fill the window, the slot of the oldest one frees
			// first. If that moment has passed, others share the limit: wait a full interval.
			const wait = sends[sends.length - max] + interval - now;
			if (wait >= 0 && wait <= interval) return clamp(wait + Math.random() * Math.min(50, interval * 0.05), policy);
		}
		// Waiting one interval (plus a little jitter so parallel executions do not stampede
		// together) always frees a slot.
		return clamp(interval + Math.random() * Math.min(250, interval * 0.1), policy);
	}
	return backoffDelayMs(attempt, policy);
}

/** Full-jitter exponential backoff: uniform in [base·2^(n-1)/2, base·2^(n-1)]. */
export function backoffDelayMs(attempt: number, policy: RetryPolicy): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
	return clamp(ceiling / 2 + Math.random() * (ceiling / 2), policy);
}

function clamp(ms: number, policy: RetryPolicy): number {
	return Math.max(0, Math.min(policy.maxDelayMs, Math.ceil(ms)));
}

/** A 429 that says the day's quota is spent (not the burst window): waiting seconds cannot help. */
export interface DailyQuotaSpent {
	/** The day's quota (X-RateLimit-Limit-Daily), when the API sent it. */
	limit?: number;
	/** When the quota resets, from Retry-After (seconds or an HTTP date) or X-RateLimit-Daily-Reset. */
	resetsAt?: Date;
}

/**
 * Reads a 429's headers for a spent daily quota: `X-RateLimit-Daily-Remaining: 0` (the
 * Contacts API documents this header; APIs without it never match).
 */
export function dailyQuotaSpent(failure: Pick<FailedAttempt, 'statusCode' | 'headers'>, now = Date.now()): DailyQuotaSpent | undefined {
	if (failure.statusCode !== 429) return undefined;
	const remaining = header(failure.headers, 'x-ratelimit-daily-remaining');
	if (remaining === undefined || remaining.trim() === '' || Number(remaining) > 0) return undefined;
	const limit = Number(header(failure.headers, 'x-ratelimit-limit-daily'));
	return { limit: Number.isFinite(limit) && limit > 0 ? limit : undefined, resetsAt: resetTime(failure.headers, now) };
}

function resetTime(headers: FailedAttempt['headers'], now: number): Date | undefined {
	const reset = header(headers, 'x-ratelimit-daily-reset');
	if (reset !== undefined && reset.trim() !== '') {
		const n = Number(reset);
		// Epoch seconds or milliseconds; otherwise a date text.
		const at = Number.isFinite(n) ? (n < 1e12 ? n * 1000 : n) : Date.parse(reset);
		if (Number.isFinite(at)) return new Date(at);
	}
	const retryAfter = header(headers, 'retry-after');
	if (retryAfter !== undefined && retryAfter.trim() !== '') {
		const seconds = Number(retryAfter);
		// Retry-After counts whole seconds: the moment is no more precise than that.
		if (Number.isFinite(seconds)) return new Date(Math.round(now / 1000 + seconds) * 1000);
		const date = Date.parse(retryAfter);
		if (Number.isFinite(date)) return new Date(date);
	}
	return undefined;
}

/** Whether a failed attempt may be sent again, and after how long. */
export function retryDecision(
	failure: FailedAttempt,
	request: Pick<ApiRequest, 'idempotent'>,
	attempt: number,
	policy: RetryPolicy,
	sends: readonly number[] = [],
): number | undefined {
	if (attempt >= policy.maxAttempts) return undefined;
	// A spent daily quota does not come back within any wait a workflow should make.
	if (dailyQuotaSpent(failure)) return undefined;
	// A 429 means the server refused the request without acting on it: always safe.
	if (failure.statusCode === 429) return rateLimitDelayMs(failure.headers, attempt, policy, Date.now(), sends);
	if (!request.idempotent) return undefined;
	const transient =
		failure.networkError ||
		(failure.statusCode !== undefined && failure.statusCode >= 500 && failure.statusCode !== 501);
	return transient ? backoffDelayMs(attempt, policy) : undefined;
}

