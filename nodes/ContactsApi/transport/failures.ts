import type { IDataObject } from 'n8n-workflow';

import { refusalKind, scopeNamedIn } from '../../shared/apiErrors';
import type { ErrorText } from '../../shared/failureText';
import { dailyQuotaSpent, type FailedAttempt } from '../../shared/retry';
import { API_VERSION, credentialTypeFor, type Connection, type ContactsRequest } from './connection';

/**
 * The Contacts API's words for its failures (statuses and bodies from contacts-api.md). Its
 * advice depends on the credential kind (token or OAuth2) and on the API's own words, so it
 * is written out here rather than filled into the Callbell/Dialpad wording (failureText.ts).
 */

function apiMessage(body: unknown): string | undefined {
	if (!body || typeof body !== 'object') return typeof body === 'string' && body ? body : undefined;
	const message = (body as IDataObject).message;
	if (Array.isArray(message)) return message.map(String).join('; ');
	if (typeof message === 'string') return message;
	const error = (body as IDataObject).error;
	return typeof error === 'string' ? error : undefined;
}

function unchecked(request: ContactsRequest): string {
	return request.uncheckedInput ? `. Note: ${request.uncheckedInput}` : '';
}

/**
 * The existing contact a "does not allow duplicated contacts" 400 names: the API puts it in
 * `meta` ({contactId, contactName, matchingField}) of the error body.
 */
export function duplicateOf(body: unknown): { contactId: string; matchingField?: string } | undefined {
	const meta = body && typeof body === 'object' ? ((body as IDataObject).meta as IDataObject | undefined) : undefined;
	if (!meta || typeof meta.contactId !== 'string' || meta.contactId === '') return undefined;
	return { contactId: meta.contactId, matchingField: typeof meta.matchingField === 'string' ? meta.matchingField : undefined };
}

/** Turns a failed call into words a workflow builder can act on. */
export function describeContactsFailure(
	failure: FailedAttempt,
	request: ContactsRequest,
	connection: Connection,
	attempts: number,
): ErrorText {
	const said = apiMessage(failure.body);
	const status = failure.statusCode;
	const oauth = connection.credentialType !== credentialTypeFor('privateIntegration');
	const notRetried = request.idempotent
		? `Tried ${attempts} time${attempts === 1 ? '' : 's'}.`
		: 'It was not retried: repeating a create could make a duplicate. Check whether the record was created before running again.';
	if (status === undefined && !failure.networkError) {
		// n8n refused before or instead of an answer (e.g. an OAuth2 refresh that failed).
		const own = (failure.error as Error & { description?: string | null }).description;
		return {
			message: failure.error.message,
			description:
				own ||
				(oauth
					? 'Open the OAuth2 credential and reconnect it.'
					: 'Check the credential and the node settings.'),
		};
	}
	if (status === undefined) {
		return {
			message: `Could not reach the Contacts API at ${connection.baseUrl} (${failure.error.message})`,
			description: `${notRetried} Check the Base URL in the credential and the network.`,
		};
	}
	switch (status) {
		case 400: {
			if (/version/i.test(said ?? '')) {
				return { message: `Bad request: ${said}`, description: `Set "API Version" in the credential to ${API_VERSION}.` };
			}
			const existing = duplicateOf(failure.body);
			return {
				message: `Bad request: ${said ?? 'the API rejected the request'}${unchecked(request)}`,
				description: existing
					? `The contact already exists: ${existing.contactId}${existing.matchingField ? ` (same ${existing.matchingField})` : ''}. Its ID is in the error's apiResponse.meta.contactId. To get or update it instead, set Options → If Contact Exists.`
					: 'Check the IDs and values sent in this item.',
			};
		}
		case 401:
		case 403:
			return describeRefusal(failure, status, said, request, connection);
		case 404:
			return { message: `Not found: ${said ?? 'no such record'}`, description: 'Check the ID. The record may have been deleted.' };
		case 422:
			return {
				message: `The API rejected the input: ${said ?? 'validation failed'}${unchecked(request)}`,
				description: request.uncheckedInput
					? `Fix the listed fields in this item, or grant the missing scope so the node can format the values (Settings → Private Integrations → Edit, or the OAuth app's scopes).`
					: 'Fix the listed fields in this item.',
			};
		case 429: {
			const daily = dailyQuotaSpent(failure);
			if (daily) {
				const limit = daily.limit ? ` of ${daily.limit.toLocaleString('en-US')} requests` : '';
				const reset = daily.resetsAt
					? `It resets at ${daily.resetsAt.toISOString()} (in about ${hoursFrom(daily.resetsAt)}).`
					: 'The API did not say when it resets.';
				return {
					message: `Daily quota spent: the Contacts API's daily limit${limit} for this app and location is used up (429, X-RateLimit-Daily-Remaining: 0)`,
					description: `${reset} The request was not retried, since waiting seconds cannot help; smaller batches or a Wait node do not either. Run the workflow again after the reset, or spread the work over more days.`,
				};
			}
			return {
				message: `Rate limit reached: the API still answered 429 after ${attempts} attempts`,
				description: 'The burst window allows 100 requests per 10 seconds per app and location; the node waited for it between attempts. Use smaller batches or a Wait node.',
			};
		}
		default:
			return {
				message: `The Contacts API failed with status ${status}${said ? `: ${said}` : ''}`,
				description: notRetried,
			};
	}
}

/**
 * Advice for a 401/403 by its cause (see `refusalKind`): a missing scope is fixed by granting
 * it, not by replacing a working token; a company token by making a location token; a
 * location by the Location ID. The scope named is the one the API named, else the one the
 * operation needs (`request.scope`).
 */
function describeRefusal(failure: FailedAttempt, status: number, said: string | undefined, request: ContactsRequest, connection: Connection): ErrorText {
	const oauth = connection.credentialType !== credentialTypeFor('privateIntegration');
	const answer = `(${status}${said ? ` ${said}` : ''})`;
	const location = String(request.locationId ?? request.qs?.locationId ?? (request.body as IDataObject | undefined)?.locationId ?? connection.locationId);
	switch (refusalKind(status, said)) {
		case 'tokenClass':
			return {
				message: `The token is an agency (company) token, but this operation needs a sub-account (location) token ${answer}`,
				description: oauth
					? 'Connect the OAuth2 credential from the sub-account (an app installed on the location, or a location token made from the agency token with POST /oauth/locationToken); an agency-level token cannot call location routes.'
					: 'Create the Private Integration inside the sub-account (switch to the sub-account → Settings → Private Integrations), not in the agency settings, and put its token and that sub-account\'s Location ID in the credential.',
			};
		case 'scope': {
			const scope = scopeNamedIn(failure.body, said) ?? request.scope;
			const named = scope ?? 'the scope this operation needs';
			return {
				message: `Permission denied: the token lacks ${scope ?? 'a scope this operation needs'} ${answer}`,
				description: oauth
					? `Add ${named} to the OAuth app's scopes (Marketplace → your app → Auth) and reconnect the credential: an OAuth token only carries the scopes granted when it was connected.`
					: `Edit the Private Integration (Settings → Private Integrations → Edit) and grant ${named}. The token stays the same: do not replace it.`,
			};
		}
		case 'location':
			return {
				message: `Permission denied for location "${location}" ${answer}`,
				description: 'Check the Location ID in the credential or in the node options: the token must belong to that sub-account.',
			};
		case 'expired':
			return {
				message: `Authentication failed: the token is no longer valid ${answer}`,
				description: oauth
					? 'n8n refreshed the access token and the API still refused it: reconnect the OAuth2 credential (the refresh token may have been revoked or used elsewhere).'
					: 'A rotated Private Integration token stops working when its 7-day overlap ends, and a deleted integration\'s token at once: paste the current token (Settings → Private Integrations) into the credential.',
			};
		case 'token':
		case 'environment':
			return {
				message: `Authentication failed: the API rejected the token ${answer}`,
				description: oauth
					? 'Reconnect the OAuth2 credential; the refresh token may have been revoked.'
					: `Check the Private Integration token in the credential (copy it again from Settings → Private Integrations) and that the Base URL (${connection.baseUrl}) is the platform the token was made on.`,
			};
		default:
			return {
				message: `Permission denied ${answer}`,
				description: `The token may not do this for location "${location}": check the Location ID and the user behind the token.`,
			};
	}
}

function hoursFrom(at: Date): string {
	const minutes = Math.max(1, Math.round((at.getTime() - Date.now()) / 60_000));
	return minutes < 90 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
}

