import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { apiError } from './apiErrors';
import type { ApiRequest, ApiResponse, FailedAttempt, RequestContext, RetryPolicy } from './http';
import { sendWithRetry } from './http';

/**
 * The part every API transport of the pack shares: one call through `sendWithRetry`, a
 * DELETE whose retry finds nothing (404) counted as done, and failures turned into a
 * redacted NodeApiError with the transport's own words.
 */

export interface ServiceConnection {
	/** Strings that must never reach output, errors or logs. */
	secrets: string[];
	/** The credential as read once, reused for every request of the execution. */
	decrypted: ICredentialDataDecryptedObject;
}

export interface ServiceRequest extends Omit<ApiRequest, 'url'> {
	itemIndex?: number;
}

export interface ErrorText {
	message: string;
	description: string;
}

/** "Tried 3 times." */
export function triedTimes(attempts: number): string {
	return `Tried ${attempts} time${attempts === 1 ? '' : 's'}.`;
}

/** For a call that is not retried: what the user should check before running again. */
export function notRetriedAdvice(service: string, action: string | undefined): string {
	return `It was not retried, because repeating it could ${action ?? 'the request'} twice. Check in ${service} whether it already happened before running the workflow again.`;
}

export async function callService<T>(
	ctx: RequestContext,
	credentialType: string,
	connection: ServiceConnection,
	request: ServiceRequest,
	options: IHttpRequestOptions,
	describe: (failure: FailedAttempt, attempts: number) => ErrorText,
	policy: RetryPolicy,
	/** Reads an error body the helper left as text (for APIs answered as text). */
	readBody: (body: unknown) => unknown = (body) => body,
): Promise<ApiResponse<T>> {
	return await sendWithRetry<T>(
		ctx,
		credentialType,
		{
			...request,
			url: String(options.url),
			// The first attempt reached the server but its answer was lost; the retry found nothing.
			alreadyDone: request.alreadyDone ?? (request.method === 'DELETE' ? { statuses: [404], response: {} } : undefined),
		},
		options,
		(raw, attempts) => {
			const failure = { ...raw, body: readBody(raw.body) };
			return apiError(ctx.getNode(), failure, describe(failure, attempts), connection.secrets, request.itemIndex);
		},
		policy,
		connection.decrypted,
	);
}
