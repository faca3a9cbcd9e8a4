import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { FailedAttempt } from './http';
import { redactSecrets } from './http';

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
