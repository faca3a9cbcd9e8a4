import { randomBytes } from 'crypto';

import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import type { DescribedRequest } from '../../shared/failureText';
import type { RequestContext } from '../../shared/http';
import { PageWalk } from '../../shared/paging';
import type { RetryPolicy } from '../../shared/retry';
import { perContext, serviceClient, type ServiceConnection, type ServiceRequest } from '../../shared/service';
import { DIALPAD_WORDING } from './failures';

/**
 * Transport for the Dialpad API v2 (`<host>/api/v2`), usable from execute, load-options,
 * hook and webhook contexts (the Dialpad Trigger registers its webhook through it).
 *
 * API facts (Dialpad's OpenAPI file in dialpad-python-sdk, and developers.dialpad.com/docs):
 * - Hosts: https://dialpad.com (production), https://sandbox.dialpad.com (sandbox).
 * - Limits: 20 requests/second per company, plus per-endpoint limits per minute (GET
 *   /call/{id}: 10/min; contact create/upsert: 100/min). 429s carry no documented
 *   Retry-After; the shared loop honours one if present, else backs off exponentially.
 * - Lists answer `{items: [...], cursor: "<opaque>"}`; the next page is the same query with
 *   `cursor`. `limit` is never sent (deprecated; on /users it fails at random above 100).
 * - IDs are int64 and may exceed 2^53: answers are parsed so that long integers stay exact
 *   (as strings), see `parseDialpadJson`.
 */

export const CREDENTIAL_TYPE = 'dialpadApi';

export const HOSTS: Record<string, string> = {
	production: 'https://dialpad.com',
	sandbox: 'https://sandbox.dialpad.com',
};

/**
 * Per-minute endpoint limits mean a slot can take up to a minute to free; waits are capped at
 * 20 s so a workflow gives up within about a minute instead of hanging.
 */
export const DIALPAD_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 5,
	baseDelayMs: 1000,
	maxDelayMs: 20_000,
};

export interface Connection extends ServiceConnection {
	/** `<host>/api/v2`, no trailing slash. */
	apiBase: string;
	decrypted: ICredentialDataDecryptedObject;
}

/** A Dialpad call: path below /api/v2, what it does and names, for error messages. */
export type DialpadRequest = ServiceRequest & DescribedRequest;

/** The API root for a credential: the environment's host (or the custom one) + /api/v2. */
export function apiBaseOf(credentials: IDataObject): string {
	const environment = String(credentials.environment ?? 'production');
	const host =
		environment === 'custom'
			? String(credentials.customBaseUrl ?? '').trim().replace(/\/+$/, '')
			: (HOSTS[environment] ?? HOSTS.production);
	return `${host.replace(/\/api\/v2$/, '')}/api/v2`;
}

/** Reads the credential once per execution context. */
export const getConnection = perContext(async (ctx): Promise<Connection> => {
	const credentials = (await ctx.getCredentials(CREDENTIAL_TYPE)) as IDataObject;
	return {
		decrypted: credentials as ICredentialDataDecryptedObject,
		apiBase: apiBaseOf(credentials),
		secrets: [credentials.apiKey].filter((s): s is string => typeof s === 'string' && s !== ''),
	};
});

/** An ID as one path segment: nothing in it can change the request path. */
export function pathSegment(id: string): string {
	return encodeURIComponent(id);
}

// An unquoted integer of 16+ digits in JSON text (a value position: after ':', '[' or ',').
const LONG_INTEGER = /([:[,]\s*)(-?\d{16,})(?=\s*[,}\]])/g;

/**
 * JSON.parse that keeps integers beyond Number.MAX_SAFE_INTEGER exact: every unquoted
 * integer of 16 or more digits in a value position becomes a string before parsing
 * (Dialpad's int64 IDs). Shorter numbers (durations, ms timestamps: 13 digits) stay numbers,
 * and text inside JSON strings is never touched (the scan skips quoted spans).
 */
export function parseDialpadJson(text: string): unknown {
	if (text.trim() === '') return {};
	let out = '';
	let inString = false;
	let segmentStart = 0;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (inString) {
			if (ch === '\\') i++;
			else if (ch === '"') {
				inString = false;
				out += text.slice(segmentStart, i + 1);
				segmentStart = i + 1;
			}
		} else if (ch === '"') {
			out += text.slice(segmentStart, i).replace(LONG_INTEGER, '$1"$2"');
			segmentStart = i;
			inString = true;
		}
	}
	out += inString ? text.slice(segmentStart) : text.slice(segmentStart).replace(LONG_INTEGER, '$1"$2"');
	return JSON.parse(out);
}

/** The largest int64: Dialpad's IDs (users, offices, calls, webhooks) are int64 in its spec. */
const INT64_MAX = BigInt('9223372036854775807');

/**
 * An ID the Dialpad spec types as an integer (int64: `user_id`, `owner_id`,
 * `sender_group_id`, `endpoint_id`, `target_id`, …), to go into a JSON body as a JSON number
 * with every digit exact. JavaScript numbers round above 2^53, and Dialpad's IDs pass that
 * (9007199254741201), so the digits are kept as text and written by `stringifyDialpadJson`.
 * Anywhere else (JSON.stringify for logs or comparisons) it reads as its digits.
 */
export class DialpadInteger {
	readonly digits: string;

	constructor(value: string | number | bigint) {
		const text = String(value).trim();
		if (!/^\d{1,19}$/.test(text) || BigInt(text) > INT64_MAX) throw new RangeError(`Not an int64: ${text}`);
		// The same value without leading zeros, which a JSON number may not have.
		this.digits = BigInt(text).toString();
	}

	toJSON(): string {
		return this.digits;
	}
}

/**
 * JSON.stringify that writes every DialpadInteger as a bare JSON number with its exact
 * digits. The replacer first marks them with a random token no input string can contain,
 * then the marked strings are swapped for the digits.
 */
export function stringifyDialpadJson(body: unknown): string {
	const mark = `dpint${randomBytes(12).toString('hex')}:`;
	const text = JSON.stringify(body, function (this: Record<string, unknown>, key: string, value: unknown) {
		// `this[key]` is the value before toJSON ran.
		return this[key] instanceof DialpadInteger ? `${mark}${(this[key] as DialpadInteger).digits}` : value;
	});
	return text.replace(new RegExp(`"${mark}(\\d+)"`, 'g'), '$1');
}

/** The body as an object, whether n8n parsed it already or handed over text. */
export function bodyOf<T>(body: unknown): T {
	if (Buffer.isBuffer(body)) return parseDialpadJson(body.toString('utf8')) as T;
	if (typeof body === 'string') {
		try {
			return parseDialpadJson(body) as T;
		} catch {
			return body as unknown as T;
		}
	}
	return body as T;
}

/**
 * One Dialpad call (see `serviceClient`): 429 always backs off and retries; 5xx and dropped
 * connections only when `idempotent`. A DELETE whose retry finds the record gone (404) after
 * an unanswered first attempt counts as done.
 */
export const dialpadApiRequest = serviceClient<Connection, DialpadRequest>({
	connect: getConnection,
	policy: DIALPAD_RETRY_POLICY,
	credentialType: () => CREDENTIAL_TYPE,
	baseUrl: (connection) => connection.apiBase,
	encode: (options, request) => {
		// Text both ways, so long integer IDs stay exact (stringifyDialpadJson, parseDialpadJson).
		options.json = false;
		options.encoding = 'text';
		if (request.body !== undefined) {
			options.body = stringifyDialpadJson(request.body);
			options.headers = { ...options.headers, 'Content-Type': 'application/json' };
		}
	},
	readBody: bodyOf,
	deleteGoneIsDone: true,
	wording: DIALPAD_WORDING,
});

export interface CursorRequest {
	path: string;
	qs?: IDataObject;
	/** Stop after this many rows; undefined = all. */
	limit?: number;
	itemIndex?: number;
	subject?: string;
}

export interface CursorPage {
	rows: IDataObject[];
	cursor: string | undefined;
}

/** One page of a cursor list; `cursor` undefined when it was the last. */
export async function fetchCursorPage(ctx: RequestContext, request: CursorRequest, cursor?: string): Promise<CursorPage> {
	const body = await dialpadApiRequest<IDataObject>(ctx, {
		method: 'GET',
		path: request.path,
		qs: { ...(request.qs ?? {}), ...(cursor ? { cursor } : {}) },
		idempotent: true,
		itemIndex: request.itemIndex,
		subject: request.subject,
	});
	const rows = Array.isArray(body?.items) ? (body.items as IDataObject[]) : [];
	const next = typeof body?.cursor === 'string' && body.cursor !== '' ? body.cursor : undefined;
	return { rows, cursor: next };
}

/**
 * Walks a cursor list until the API gives no cursor, or `limit` rows are in. A cursor
 * handed out twice, or a page of records already returned (a server repeating itself),
 * stops the walk with an error naming the page (see PageWalk): no record is output twice.
 */
export async function fetchAllPages(ctx: RequestContext, request: CursorRequest): Promise<IDataObject[]> {
	const out: IDataObject[] = [];
	const walk = new PageWalk(ctx, request.itemIndex ?? 0, 'records', 'fail', (row) => row.id ?? row.call_id);
	let cursor: string | undefined;
	do {
		const page = await fetchCursorPage(ctx, request, cursor);
		out.push(...(walk.fresh(page.rows) ?? []));
		if (request.limit !== undefined && out.length >= request.limit) break;
		cursor = page.cursor;
		if (cursor !== undefined) walk.position(cursor, 'cursor');
	} while (cursor !== undefined);
	return request.limit === undefined ? out : out.slice(0, request.limit);
}
