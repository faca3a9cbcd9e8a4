import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { errorMessageOf, refusalKind } from '../../shared/apiErrors';
import { PageWalk } from '../../shared/paging';
import type { ApiRequest, FailedAttempt, RequestContext, RetryPolicy } from '../../shared/http';
import { callService, notRetriedAdvice, triedTimes, type ErrorText } from '../../shared/service';

/**
 * Transport for the Callbell API (https://api.callbell.eu/v1), usable from execute,
 * load-options and hook contexts (the Callbell Trigger can use it too).
 */

export const CREDENTIAL_TYPE = 'callbellApi';
export const DEFAULT_BASE_URL = 'https://api.callbell.eu/v1';

/**
 * Callbell limits at 300 requests per second and sends no Retry-After or rate-limit
 * headers, so the shared backoff (full jitter) does the waiting. The window is one second
 * long: waits beyond a few seconds would only slow the workflow down.
 */
export const CALLBELL_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 5,
	baseDelayMs: 250,
	maxDelayMs: 4000,
};

export interface Connection {
	baseUrl: string;
	/** Strings that must never reach output, errors or logs. */
	secrets: string[];
	/** The credential as read once, reused for every request of the execution. */
	decrypted: ICredentialDataDecryptedObject;
}

export interface CallbellRequest extends Omit<ApiRequest, 'url'> {
	/** Path below the base URL, each ID already passed through `pathSegment`. */
	path: string;
	itemIndex?: number;
	/** What the call does, in words for error messages: "send the message". */
	action?: string;
	/** Names the record a 404 is about: 'contact "abc…"'. */
	subject?: string;
}

const connections = new WeakMap<object, Promise<Connection>>();

export function baseUrlOf(credentials: IDataObject): string {
	return (String(credentials.baseUrl ?? '').trim() || DEFAULT_BASE_URL).replace(/\/+$/, '');
}

/** Reads the credential once per execution context. */
export async function getConnection(ctx: RequestContext): Promise<Connection> {
	let pending = connections.get(ctx);
	if (!pending) {
		pending = (async () => {
			const credentials = (await ctx.getCredentials(CREDENTIAL_TYPE)) as IDataObject;
			return {
				decrypted: credentials as ICredentialDataDecryptedObject,
				baseUrl: baseUrlOf(credentials),
				secrets: [credentials.apiKey, credentials.signingSecret].filter(
					(s): s is string => typeof s === 'string' && s !== '',
				),
			};
		})();
		connections.set(ctx, pending);
	}
	return await pending;
}

/** One ID as one encoded path segment; refuses any ID that could change the path. */
export { pathSegment } from '../../shared/path';

/** Turns a failed call into words a workflow builder can act on. */
export function describeCallbellFailure(
	failure: FailedAttempt,
	request: CallbellRequest,
	connection: Connection,
	attempts: number,
): ErrorText {
	const said = errorMessageOf(failure.body);
	const status = failure.statusCode;
	const action = request.action ? ` trying to ${request.action}` : '';
	if (status === undefined) {
		return request.idempotent
			? {
					message: `Could not reach Callbell at ${connection.baseUrl}${action} (${failure.error.message})`,
					description: `${triedTimes(attempts)} Check the Base URL in the credential and the network.`,
				}
			: {
					message: `The connection to Callbell broke before it answered${action} (${failure.error.message})`,
					description: notRetriedAdvice('Callbell', request.action),
				};
	}
	switch (status) {
		case 400:
			return {
				message: `Callbell rejected the request: ${said ?? 'bad request'}`,
				description: 'Check the values sent in this item.',
			};
		case 401:
			return {
				message: `Callbell rejected the API key (401${said ? `: ${said}` : ''})`,
				description:
					refusalKind(401, said) === 'expired'
						? 'The key was regenerated or deleted in Callbell, which ends it at once: paste the current key (Callbell → Settings → Integrations → API) into the Callbell API credential.'
						: 'Check the API key in the Callbell API credential (Callbell → Settings → Integrations → API) and the Base URL. A regenerated or deleted key stops working at once.',
			};
		case 402:
			return {
				message: `Callbell refused the request: payment required${said ? ` (${said})` : ''}`,
				description:
					'For template messages on WhatsApp Business API channels this means the WhatsApp wallet is out of credit: add credit in Callbell → Billing → WhatsApp wallet. Retrying fails until then.',
			};
		case 403:
			return {
				message: `Callbell denied access (403${said ? `: ${said}` : ''})`,
				description:
					"The key works, but its account may not do this: Callbell's plans and channel types limit some operations (templates and media need a WhatsApp Business API channel). Replacing the key does not help.",
			};
		case 404:
			return {
				message: `Not found: ${request.subject ?? 'the record'} does not exist in Callbell${said ? ` (${said})` : ''}`,
				description: 'Check the ID or UUID. The record may have been deleted.',
			};
		case 422:
			return {
				message: `Callbell rejected the input: ${said ?? 'validation failed'}`,
				description:
					'Fix the listed fields in this item. Tags, custom fields (by name), users (by email), teams, channels and templates must already exist in the Callbell account.',
			};
		case 429:
			return {
				message: `Callbell's rate limit was still reached after ${attempts} attempts`,
				description:
					'Callbell allows 300 requests per second per account and sends no retry hint; the node backed off exponentially between attempts. Send smaller batches or add a Wait node.',
			};
		default:
			return {
				message: `Callbell failed with status ${status}${said ? `: ${said}` : ''}`,
				description:
					status >= 500 && request.idempotent
						? `${triedTimes(attempts)} Callbell says server errors are usually safe to retry later.`
						: status >= 500
							? notRetriedAdvice('Callbell', request.action)
							: 'Check the values sent in this item.',
			};
	}
}

/**
 * One Callbell call with the shared retry rules: 429 always backs off and retries; 5xx and
 * dropped connections are retried only when `idempotent`. A DELETE whose retry finds the
 * record gone (404) after an unanswered first attempt counts as done.
 */
export async function callbellApiRequest<T = IDataObject>(
	ctx: RequestContext,
	request: CallbellRequest,
	policy: RetryPolicy = CALLBELL_RETRY_POLICY,
): Promise<T> {
	const connection = await getConnection(ctx);
	const url = `${connection.baseUrl}${request.path}`;
	const options: IHttpRequestOptions = {
		method: request.method,
		url,
		qs: request.qs,
		json: true,
		headers: { Accept: 'application/json', ...(request.headers ?? {}) },
	};
	if (request.body !== undefined) options.body = request.body;
	const response = await callService<T>(
		ctx,
		CREDENTIAL_TYPE,
		connection,
		request,
		options,
		(failure, attempts) => describeCallbellFailure(failure, request, connection, attempts),
		policy,
	);
	return response.body;
}

export interface PageRequest {
	path: string;
	/** The list's key in the response: "contacts", "teams", … */
	key: string;
	qs?: IDataObject;
	/** Stop after this many rows; undefined = all. */
	limit?: number;
	startPage?: number;
	itemIndex?: number;
	subject?: string;
}

function rowsOf(body: unknown, key: string): IDataObject[] {
	const list = body && typeof body === 'object' ? (body as IDataObject)[key] : undefined;
	return Array.isArray(list) ? (list as IDataObject[]) : [];
}

/**
 * Walks a page-numbered list. Callbell documents no page size, and only some lists carry
 * `meta: {page, pages}`: it stops at `meta.pages` where there is meta, otherwise at the
 * first empty page, or as soon as `limit` rows are in. Records already returned are dropped
 * (none is output twice), and a page of nothing but those (a list that ignores `page`)
 * ends the walk, with an execution hint saying so (see PageWalk).
 */
export async function fetchPages(ctx: RequestContext, request: PageRequest): Promise<IDataObject[]> {
	const out: IDataObject[] = [];
	const walk = new PageWalk(ctx, request.itemIndex ?? 0, 'records', 'end', (row) => row.uuid ?? row.id);
	for (let page = request.startPage ?? 1; ; page++) {
		const body = await callbellApiRequest<IDataObject>(ctx, {
			method: 'GET',
			path: request.path,
			qs: { ...(request.qs ?? {}), page },
			idempotent: true,
			itemIndex: request.itemIndex,
			subject: request.subject,
		});
		const rows = rowsOf(body, request.key);
		if (rows.length === 0) break;
		const fresh = walk.fresh(rows);
		if (fresh === undefined) break;
		out.push(...fresh);
		if (request.limit !== undefined && out.length >= request.limit) break;
		const meta = (body?.meta ?? undefined) as { pages?: unknown } | undefined;
		if (meta && typeof meta.pages === 'number' && page >= meta.pages) break;
	}
	return request.limit === undefined ? out : out.slice(0, request.limit);
}

/** One page of a list and whether another one may follow (for pickers). */
export async function fetchOnePage(
	ctx: RequestContext,
	request: Omit<PageRequest, 'limit' | 'startPage'>,
	page: number,
): Promise<{ rows: IDataObject[]; hasMore: boolean }> {
	const body = await callbellApiRequest<IDataObject>(ctx, {
		method: 'GET',
		path: request.path,
		qs: { ...(request.qs ?? {}), page },
		idempotent: true,
	});
	const rows = rowsOf(body, request.key);
	const meta = (body?.meta ?? undefined) as { pages?: unknown } | undefined;
	const hasMore = meta && typeof meta.pages === 'number' ? page < meta.pages : rows.length > 0;
	return { rows, hasMore };
}
