import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { apiError } from './apiErrors';
import { describeServiceFailure, type DescribedRequest, type ErrorText, type FailureWording } from './failureText';
import type { ApiRequest, RequestContext } from './http';
import { sendWithRetry } from './http';
import type { FailedAttempt, RetryPolicy } from './retry';

/**
 * The one request path of the pack's three APIs (Contacts API, Callbell, Dialpad). Each
 * transport hands over its API as data (`ServiceApi`: credential, base URL, how bodies are
 * written and read, its retry policy and its words for failures); this sends the call through
 * `sendWithRetry` and turns the last failure into a redacted NodeApiError.
 */

export interface ServiceConnection {
	/** Strings that must never reach output, errors or logs. */
	secrets: string[];
	/** The credential as read once, reused for every request; undefined for OAuth2 (n8n refreshes it). */
	decrypted?: ICredentialDataDecryptedObject;
}

export interface ServiceRequest extends Omit<ApiRequest, 'url'> {
	/** Path below the API's base URL, each ID already passed through `pathSegment`. */
	path: string;
	itemIndex?: number;
}

/**
 * An API as the request path needs it. Its words for failures are either the shared sentences
 * filled with its `wording` (failureText.ts; its requests then say what they do and name) or,
 * for an API that words them its own way, its `describe`.
 */
export type ServiceApi<C extends ServiceConnection, R extends ServiceRequest> = ServiceApiBase<C, R> &
	(
		| { wording: FailureWording; describe?: undefined }
		| { describe(failure: FailedAttempt, request: R, connection: C, attempts: number): ErrorText; wording?: undefined }
	);

interface ServiceApiBase<C extends ServiceConnection, R extends ServiceRequest> {
	/** Reads the connection (wrap it in `perContext` so it is read once per execution). */
	connect(ctx: RequestContext): Promise<C>;
	/** The retry policy of calls that name none. */
	policy: RetryPolicy;
	/** The credential the request is signed with. */
	credentialType(connection: C): string;
	/** The API root the path is appended to, without a trailing slash. */
	baseUrl(connection: C): string;
	/** Headers every call carries (before the request's own). */
	headers?(connection: C): Record<string, string>;
	/** Rewrites the options before sending (e.g. a body written as text). */
	encode?(options: IHttpRequestOptions, request: R): void;
	/** Reads a body the helper left as text (answers and error bodies alike). */
	readBody?(body: unknown): unknown;
	/**
	 * A DELETE whose retry finds nothing (404) counts as done: the first attempt reached the
	 * server but its answer was lost.
	 */
	deleteGoneIsDone: boolean;
}

/**
 * Reads a transport's connection (the credential, its base URL and secrets) once per
 * execution context: pages of a Return All and retries reuse it.
 */
export function perContext<C>(read: (ctx: RequestContext) => Promise<C>): (ctx: RequestContext) => Promise<C> {
	const connections = new WeakMap<object, Promise<C>>();
	return async (ctx) => {
		let pending = connections.get(ctx);
		if (!pending) {
			pending = read(ctx);
			connections.set(ctx, pending);
		}
		return await pending;
	};
}

/** The function a transport exports for its calls: `callbellApiRequest(ctx, request, policy?)`. */
export type ServiceCall<R> = <T = IDataObject>(ctx: RequestContext, request: R, policy?: RetryPolicy) => Promise<T>;

/**
 * One call function for an API. Each call follows the shared retry rules (see
 * `retryDecision`): a 429 always backs off and retries; 5xx and dropped connections only when
 * `request.idempotent`. It answers the body, read with `api.readBody`.
 * @throws NodeApiError with the API's words (`api.describe`) and no secret in it.
 */
export function serviceClient<C extends ServiceConnection, R extends ServiceRequest>(api: ServiceApi<C, R>): ServiceCall<R> {
	return async <T>(ctx: RequestContext, request: R, policy: RetryPolicy = api.policy): Promise<T> => {
		const connection = await api.connect(ctx);
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${api.baseUrl(connection)}${request.path}`,
			qs: request.qs,
			json: true,
			headers: { Accept: 'application/json', ...(api.headers?.(connection) ?? {}), ...(request.headers ?? {}) },
		};
		if (request.body !== undefined) options.body = request.body;
		api.encode?.(options, request);
		const readBody = api.readBody ?? ((body: unknown) => body);
		const alreadyDone =
			request.alreadyDone ?? (api.deleteGoneIsDone && request.method === 'DELETE' ? { statuses: [404], response: {} } : undefined);
		const response = await sendWithRetry<unknown>(
			ctx,
			api.credentialType(connection),
			{ ...request, url: String(options.url), alreadyDone },
			options,
			(raw, attempts) => {
				const failure = { ...raw, body: readBody(raw.body) };
				// Only the API's own answer goes into the error, never the request (it carries the token).
				const text = api.describe
					? api.describe(failure, request, connection, attempts)
					: describeServiceFailure(failure, request as R & DescribedRequest, attempts, api.wording, api.baseUrl(connection));
				return apiError(ctx.getNode(), failure, text, connection.secrets, request.itemIndex);
			},
			policy,
			connection.decrypted,
		);
		return readBody(response.body) as T;
	};
}
