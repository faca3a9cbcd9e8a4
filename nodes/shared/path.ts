import * as workflow from 'n8n-workflow';

/**
 * IDs go into request paths (`/contacts/{id}/tasks/{taskId}`). No ID value may change which
 * resource a path names: not by a dot segment (`..` climbs one level once the server
 * normalises the path), a separator (`/`, `\`), a query or fragment start (`?`, `#`), an
 * escape a proxy may decode (`%2F`), nor by Unicode that normalises into one of those
 * (NFKC turns U+FF0E FULLWIDTH FULL STOP into "."). The IDs of both APIs are plain ASCII
 * (Contacts API: 20 letters and digits; Callbell: hex UUIDs), so an ID is restricted to
 * RFC 3986's unreserved characters plus `:@+=,` and may not consist of dots only.
 */
const ID_CHARACTERS = /^[A-Za-z0-9._~:@+=,-]+$/;
const DOTS_ONLY = /^\.+$/;

/** Why a (trimmed) ID cannot be used, or undefined when it can. */
export function idProblem(id: string): string | undefined {
	if (id === '') return 'it must not be empty';
	if (DOTS_ONLY.test(id)) return `"${id}" is not a valid ID (a path segment of dots only names another resource)`;
	if (!ID_CHARACTERS.test(id)) {
		return `"${id}" is not a valid ID: IDs contain only letters, digits and . _ ~ : @ + = , - (no spaces, "/", "\\", "?", "#", "%" or non-ASCII characters)`;
	}
	return undefined;
}

/** Thrown when an ID reaches the transport without having been validated (a programming error). */
export class UnsafePathError extends Error {}

// n8n-workflow ≥ 2.x ships `toPathSegment` (it rejects "", "." and ".." and encodes the
// rest). Older hosts (n8n 1.x load the pack with their own n8n-workflow) lack it.
const hostToPathSegment = (workflow as unknown as { toPathSegment?: (id: unknown) => string }).toPathSegment;

/**
 * One ID as one encoded path segment. Refuses any value `idProblem` refuses, whatever
 * parameter (string, resource locator, expression) it came from.
 */
export function pathSegment(id: string): string {
	const problem = idProblem(String(id ?? ''));
	if (problem) throw new UnsafePathError(`Refused to put an ID into a request path: ${problem}`);
	return typeof hostToPathSegment === 'function' ? hostToPathSegment(id) : encodeURIComponent(id);
}

/**
 * Last line of defence before a request leaves: the path of `url` must not contain a dot
 * segment (plain or percent-encoded) or an encoded separator.
 */
export function assertSafeUrlPath(url: string): void {
	const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').split(/[?#]/)[0];
	for (const segment of path.split('/')) {
		const decoded = segment.replace(/%2e/gi, '.');
		if (DOTS_ONLY.test(decoded) || /%2f|%5c|\\/i.test(segment)) {
			throw new UnsafePathError(`Refused to send a request whose path "${path}" contains the segment "${segment}"`);
		}
	}
}
