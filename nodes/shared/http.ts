import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { assertSafeUrlPath } from './path';
import { asRecord, DEFAULT_RETRY_POLICY, describeFailure, retryDecision, type FailedAttempt, type RetryPolicy } from './retry';

export type RequestContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| IWebhookFunctions;

export interface ApiRequest {
	method: IHttpRequestMethods;
	url: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	headers?: Record<string, string>;
	/**
	 * True when sending the request twice cannot create a second record (GET/PUT/DELETE,
	 * upsert). Only such requests are retried after a 5xx or a dropped connection: for a
	 * plain create we cannot tell whether the server acted before the failure.
	 */
	idempotent: boolean;
	/**
	 * A retry that gets one of these statuses means an earlier attempt already did the work
	 * and only its answer was lost (e.g. a DELETE retried after a reset finds nothing: 404).
	 * Only honoured after a retry; the first attempt's own 404 is still an error.
	 */
	alreadyDone?: { statuses: number[]; response: IDataObject };
}

export interface ApiResponse<T = unknown> {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: T;
}

/**
 * Send times of requests that got through, per credential type and API origin, oldest
 * first. The Contacts API limits with a sliding window: its first slot frees at the oldest
 * of the last `X-RateLimit-Max` requests plus the interval, usually well before one full
 * interval counted from the 429. Bounded; shared by the executions of this n8n process.
 */
const sendHistory = new Map<string, number[]>();
const SEND_HISTORY_LIMIT = 1000;

function recordSend(key: string, at: number): void {
	const sends = sendHistory.get(key) ?? [];
	sends.push(at);
	if (sends.length > SEND_HISTORY_LIMIT) sends.splice(0, sends.length - SEND_HISTORY_LIMIT);
	sendHistory.set(key, sends);
}

function historyKey(credentialType: string, url: unknown): string {
	const match = /^[a-z]+:\/\/[^/]+/i.exec(String(url ?? ''));
	return `${credentialType} ${match ? match[0] : ''}`;
}

/**
 * Sends one API request through n8n's credential-aware helper, retrying what is safe to
 * retry. The last failure is turned into the caller's NodeApiError (with a message a user
 * can act on and no secrets in it).
 */
export async function sendWithRetry<T = unknown>(
	ctx: RequestContext,
	credentialType: string,
	request: ApiRequest,
	options: IHttpRequestOptions,
	toError: (failure: FailedAttempt, attempts: number) => NodeApiError,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
	knownCredentials?: ICredentialDataDecryptedObject,
): Promise<ApiResponse<T>> {
	// Handing n8n the credential we already read spares a credential load and decryption on
	// every request (pages of a Return All, retries). Never for OAuth2: n8n refreshes those.
	// n8n-core re-sends a request once after any 401 (its pre-authentication refresh path),
	// even for a credential with no pre-authentication: a 401 for a missing scope or a
	// company token went out twice. None of this pack's key credentials can refresh, so no
	// status triggers that re-send (OAuth2 keeps its own refresh, which can fix an expired token).
	const additional = {
		...(knownCredentials ? { credentialsDecrypted: { id: '', name: '', type: credentialType, data: knownCredentials } } : {}),
		preAuthenticationRetryStatusCode: [] as number[],
	};
	// Whatever parameter an ID came from, no request leaves with a path it could have changed.
	assertSafeUrlPath(String(options.url ?? ''));
	const key = historyKey(credentialType, options.url);
	for (let attempt = 1; ; attempt++) {
		let failure: FailedAttempt;
		try {
			const response = (await ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				credentialType,
				{
					...options,
					// n8n signs a copy, but retries must never see headers from a previous attempt.
					headers: { ...options.headers },
					returnFullResponse: true,
				},
				additional,
			)) as { statusCode: number; headers: ApiResponse['headers']; body: T };
			// The answer's arrival, not the send: the server counted the request at or before
			// this moment, so a slot computed from it is never reported free too early.
			recordSend(key, Date.now());
			return { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
		} catch (error) {
			failure = describeFailure(error as Error);
		}
		// Any answer but a 429 means the server counted the request against the window.
		if (failure.statusCode !== undefined && failure.statusCode !== 429) recordSend(key, Date.now());
		const done = request.alreadyDone;
		if (done && attempt > 1 && failure.statusCode !== undefined && done.statuses.includes(failure.statusCode)) {
			return { statusCode: failure.statusCode, headers: failure.headers, body: done.response as T };
		}
		const delay = retryDecision(failure, request, attempt, policy, sendHistory.get(key));
		if (delay === undefined) throw toError(failure, attempt);
		await sleep(delay);
	}
}

/** Redacts anything that looks like a credential from a string meant for users or logs. */
export function redactSecrets(text: string, secrets: Array<string | undefined>): string {
	let out = text.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1[redacted]');
	for (const secret of secrets) {
		if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
	}
	return out;
}

export function toJsonObject(value: unknown): JsonObject {
	return (asRecord(value) ?? { message: String(value) }) as JsonObject;
}

