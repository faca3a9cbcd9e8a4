import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { redactSecrets } from './http';
import type { FailedAttempt } from './retry';

/**
 * The API's own words from an error body of any shape, for APIs that do not document one:
 * plain text, `{error: "…"}`, `{message: "…" | ["…"]}`, `{error: {message}}`,
 * `{errors: ["…"]}` or Rails-style `{errors: {field: ["…"]}}`.
 */
export function errorMessageOf(body: unknown): string | undefined {
	if (typeof body === 'string') return body.trim() || undefined;
	if (Array.isArray(body)) return joinAll(body);
	if (!body || typeof body !== 'object') return undefined;
	const record = body as IDataObject;
	const parts: string[] = [];
	for (const key of ['error', 'message', 'detail', 'error_description']) {
		const text = textOf(record[key]);
		if (text) parts.push(text);
	}
	const errors = record.errors;
	if (Array.isArray(errors)) {
		const text = joinAll(errors);
		if (text) parts.push(text);
	} else if (errors && typeof errors === 'object') {
		for (const [field, problems] of Object.entries(errors as IDataObject)) {
			const text = joinAll(([] as unknown[]).concat(problems));
			if (text) parts.push(field === 'base' ? text : `${field}: ${text}`);
		}
	}
	return parts.length ? [...new Set(parts)].join('; ') : undefined;
}

function textOf(value: unknown): string | undefined {
	if (typeof value === 'string') return value.trim() || undefined;
	if (Array.isArray(value)) return joinAll(value);
	if (value && typeof value === 'object') return textOf((value as IDataObject).message);
	return undefined;
}

function joinAll(values: unknown[]): string | undefined {
	const texts = values.map((v) => (typeof v === 'string' ? v : textOf(v))).filter((t): t is string => !!t);
	return texts.length ? texts.join('; ') : undefined;
}

/**
 * A NodeApiError that carries only the API's answer (never the request, which holds the
 * credential), with every secret redacted from the message, description and body.
 */
export function apiError(
	node: INode,
	failure: FailedAttempt,
	text: { message: string; description: string },
	secrets: string[],
	itemIndex?: number,
): NodeApiError {
	const redact = (s: string) => redactSecrets(s, secrets);
	const response: JsonObject = {
		statusCode: failure.statusCode ?? null,
		body: failure.body === undefined ? null : (JSON.parse(redact(JSON.stringify(failure.body) ?? 'null')) as JsonObject),
	};
	return new NodeApiError(node, response, {
		message: redact(text.message),
		description: redact(text.description),
		httpCode: failure.statusCode !== undefined ? String(failure.statusCode) : undefined,
		itemIndex,
	});
}

/**
 * Why an API refused a credential (401/403), read from the API's own words, most specific
 * first. The status alone does not tell: HighLevel answers a missing scope with 401 "The
 * token is not authorized for this scope." as well as 403 "Insufficient scopes"
 * (contacts-api.md), and a company token on a location route with 401 "This authClass type
 * is not allowed to access this scope" (which names a scope but is about the token's kind).
 * - `tokenClass`: a company (agency) token where a location (sub-account) token is needed,
 *   or the other way round;
 * - `scope`: the token works but lacks a scope;
 * - `location`: the token works but not for that location / sub-account;
 * - `expired`: the token was valid once (expired, rotated out, revoked, deleted);
 * - `environment`: a key or app of one environment used against the other (Dialpad sandbox);
 * - `token`: the token itself is wrong or missing (the default for a 401);
 * - `permission`: the token works but its user or plan may not do this (the default for a 403).
 * Every one of these answers the same on a retry: none is retried.
 */
export type RefusalKind = 'tokenClass' | 'scope' | 'location' | 'expired' | 'environment' | 'token' | 'permission';

export function refusalKind(status: number, said: string | undefined): RefusalKind {
	const text = said ?? '';
	if (/auth\s*class|agency|\b(?:company|location|sub-?account)[- ](?:level )?(?:token|key)\b/i.test(text)) return 'tokenClass';
	if (/scope/i.test(text)) return 'scope';
	if (/location|sub-?account/i.test(text)) return 'location';
	if (/expired|revoked|deleted|no longer valid|rotated/i.test(text)) return 'expired';
	if (/sandbox|production|environment/i.test(text)) return 'environment';
	return status === 401 ? 'token' : 'permission';
}

/** A scope the API named in its answer (`requiredScope`, `scope` or "scope: x" in the text). */
export function scopeNamedIn(body: unknown, said: string | undefined): string | undefined {
	const record = body && typeof body === 'object' ? (body as IDataObject) : {};
	for (const key of ['requiredScope', 'required_scope', 'scope', 'scopes']) {
		const value = record[key];
		if (typeof value === 'string' && value.trim()) return value.trim();
		if (Array.isArray(value) && value.length) return value.map(String).join(', ');
	}
	const match = /\bscopes?\b[\s:"'`]+([a-z][\w.:/-]*[\w])/i.exec(said ?? '');
	return match && /[.:/_]/.test(match[1]) ? match[1] : undefined;
}
