import { errorMessageOf, refusalKind } from './apiErrors';
import type { FailedAttempt } from './retry';

/**
 * The words for a failed call to Callbell or Dialpad: the same sentences for both APIs, with
 * what differs (the service's name, where to look, its limits, statuses it means something
 * particular by) given as data by each transport. The Contacts API words its failures its
 * own way (ContactsApi/transport/failures.ts).
 */

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

/** What a request tells the failure text. */
export interface DescribedRequest {
	idempotent: boolean;
	/** What the call does, in words: "send the message". */
	action?: string;
	/** Names the record a 404 is about: 'contact "abc…"'. */
	subject?: string;
}

export interface FailureWording {
	/** "Callbell". */
	service: string;
	/** What to check when the service could not be reached. */
	unreachableAdvice: string;
	/**
	 * 401 advice: the key was regenerated, revoked or deleted (`expired`), or is otherwise
	 * wrong; `at` is the API root the credential points to.
	 */
	rejectedKeyAdvice(expired: boolean, at: string): string;
	/** 404 advice: "Check the ID. The record may have been deleted." */
	notFoundAdvice: string;
	/** 422 advice. */
	invalidInputAdvice: string;
	/** 429 advice after every attempt was used: the API's limits, what to change. */
	rateLimitAdvice: string;
	/** 5xx advice after the retries, following "Tried n times." */
	serverErrorAdvice: string;
	/** Statuses this API words its own way (e.g. 402, 403, 409). */
	byStatus?: Partial<Record<number, (said: string | undefined, failure: FailedAttempt, at: string) => ErrorText>>;
}

/**
 * Turns a failed call into words a workflow builder can act on. `at` is the API root the call
 * went to (named when it could not be reached).
 */
export function describeServiceFailure(failure: FailedAttempt, request: DescribedRequest, attempts: number, w: FailureWording, at: string): ErrorText {
	const said = errorMessageOf(failure.body);
	const status = failure.statusCode;
	const action = request.action ? ` trying to ${request.action}` : '';
	if (status === undefined) {
		return request.idempotent
			? {
					message: `Could not reach ${w.service} at ${at}${action} (${failure.error.message})`,
					description: `${triedTimes(attempts)} ${w.unreachableAdvice}`,
				}
			: {
					message: `The connection to ${w.service} broke before it answered${action} (${failure.error.message})`,
					description: notRetriedAdvice(w.service, request.action),
				};
	}
	const own = w.byStatus?.[status];
	if (own) return own(said, failure, at);
	switch (status) {
		case 400:
			return { message: `${w.service} rejected the request: ${said ?? 'bad request'}`, description: 'Check the values sent in this item.' };
		case 401:
			return {
				message: `${w.service} rejected the API key (401${said ? `: ${said}` : ''})`,
				description: w.rejectedKeyAdvice(refusalKind(401, said) === 'expired', at),
			};
		case 404:
			return {
				message: `Not found: ${request.subject ?? 'the record'} does not exist in ${w.service}${said ? ` (${said})` : ''}`,
				description: w.notFoundAdvice,
			};
		case 422:
			return { message: `${w.service} rejected the input: ${said ?? 'validation failed'}`, description: w.invalidInputAdvice };
		case 429:
			return { message: `${w.service}'s rate limit was still reached after ${attempts} attempts`, description: w.rateLimitAdvice };
		default:
			return {
				message: `${w.service} failed with status ${status}${said ? `: ${said}` : ''}`,
				description:
					status >= 500 && request.idempotent
						? `${triedTimes(attempts)} ${w.serverErrorAdvice}`
						: status >= 500
							? notRetriedAdvice(w.service, request.action)
							: 'Check the values sent in this item.',
			};
	}
}
