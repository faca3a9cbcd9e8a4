import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { fetchAllPages } from '../Dialpad/transport';
import { storedRegistration } from './registrationRecord';

/**
 * The secret Dialpad signs this trigger's deliveries with (a JWT secret generated at
 * registration), for webhook(): from the registration record, else read from Dialpad and
 * kept in this process for a short while. Never output or logged.
 */

const secretCache = new Map<string, { secret: string | undefined; until: number; at: number }>();
/** After a failed verification, a secret read longer ago than this is read again. */
const REFRESH_AFTER_MS = 5 * 1000;
const CACHE_MS = 5 * 60 * 1000;
/** A path Dialpad knows nothing about is not asked about again for this long. */
const MISS_CACHE_MS = 30 * 1000;
const MAX_CACHED_PATHS = 1000;

/** Forgets what this process read for a URL (its webhook was just replaced or deleted). */
export function forgetSecret(url: string): void {
	try {
		secretCache.delete(new URL(url).pathname);
	} catch {
		// not a URL: nothing was cached for it
	}
}

function remember(path: string, secret: string | undefined): string | undefined {
	if (secretCache.size >= MAX_CACHED_PATHS) secretCache.delete(secretCache.keys().next().value as string);
	secretCache.set(path, { secret, until: Date.now() + (secret ? CACHE_MS : MISS_CACHE_MS), at: Date.now() });
	return secret;
}

function requestPath(ctx: IWebhookFunctions): string {
	const req = ctx.getRequestObject() as unknown as { originalUrl?: string; url?: string };
	return String(req.originalUrl ?? req.url ?? '').split('?')[0];
}

/**
 * The secret deliveries to this node are signed with. Normally from the activation's record
 * in static data. `notThis`: a secret that just failed to verify a delivery (a stale
 * whole-object save of static data can hold the previous registration's secret); then the
 * secret is read from Dialpad instead (again if the cached one is over 5 s old: it may be an
 * earlier registration's too). While n8n listens for a test event it does not hand the node the static
 * data written at registration, so the secret is then read from Dialpad (GET /webhooks,
 * the webhook whose URL is this request's) and kept in this process for a few minutes; a
 * path Dialpad does not know is remembered as such for 30 s, so noise sent to it costs at
 * most one API call per window.
 */
export async function secretFor(ctx: IWebhookFunctions, options: { notThis?: string } = {}): Promise<string | undefined> {
	const stored = storedRegistration(ctx);
	if (stored && stored.secret !== options.notThis) return stored.secret;
	const path = requestPath(ctx);
	const cached = secretCache.get(path);
	// Requests without a record cannot make the node call Dialpad more than once per window.
	// A secret that just failed may be a previous registration's, in the record or in this
	// cache: re-read unless the cached one is only seconds old (forged tokens cost one read per
	// REFRESH_AFTER_MS at most).
	const fresh = cached && cached.until > Date.now() && (options.notThis === undefined || Date.now() - cached.at < REFRESH_AFTER_MS);
	if (cached && fresh) return cached.secret === options.notThis ? undefined : cached.secret;
	const rows = await fetchAllPages(ctx, { path: '/webhooks' });
	for (const row of rows) {
		let hookPath = '';
		try {
			hookPath = new URL(String(row.hook_url)).pathname;
		} catch {
			continue;
		}
		const signature = row.signature as IDataObject | undefined;
		if (hookPath === path && typeof signature?.secret === 'string' && signature.secret !== '' && signature.secret !== options.notThis) {
			return remember(path, signature.secret);
		}
	}
	return remember(path, undefined);
}
