import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import type { DescribedRequest } from '../../shared/failureText';
import type { RequestContext } from '../../shared/http';
import { PageWalk } from '../../shared/paging';
import type { RetryPolicy } from '../../shared/retry';
import { perContext, serviceClient, type ServiceConnection, type ServiceRequest } from '../../shared/service';
import { CALLBELL_WORDING } from './failures';

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

export interface Connection extends ServiceConnection {
	baseUrl: string;
	/** The credential as read once, reused for every request of the execution. */
	decrypted: ICredentialDataDecryptedObject;
}

/** A Callbell call: path below the base URL, what it does and names, for error messages. */
export type CallbellRequest = ServiceRequest & DescribedRequest;

export function baseUrlOf(credentials: IDataObject): string {
	return (String(credentials.baseUrl ?? '').trim() || DEFAULT_BASE_URL).replace(/\/+$/, '');
}

/** Reads the credential once per execution context. */
export const getConnection = perContext(async (ctx): Promise<Connection> => {
	const credentials = (await ctx.getCredentials(CREDENTIAL_TYPE)) as IDataObject;
	return {
		decrypted: credentials as ICredentialDataDecryptedObject,
		baseUrl: baseUrlOf(credentials),
		secrets: [credentials.apiKey, credentials.signingSecret].filter((s): s is string => typeof s === 'string' && s !== ''),
	};
});

/** One ID as one encoded path segment; refuses any ID that could change the path. */
export { pathSegment } from '../../shared/path';

/**
 * One Callbell call (see `serviceClient`): 429 always backs off and retries; 5xx and dropped
 * connections only when `idempotent`. A DELETE whose retry finds the record gone (404) after
 * an unanswered first attempt counts as done.
 */
export const callbellApiRequest = serviceClient<Connection, CallbellRequest>({
	connect: getConnection,
	policy: CALLBELL_RETRY_POLICY,
	credentialType: () => CREDENTIAL_TYPE,
	baseUrl: (connection) => connection.baseUrl,
	deleteGoneIsDone: true,
	wording: CALLBELL_WORDING,
});

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
