import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/** What Callbell posts: `{"event": "<name>", "payload": {…}}`. */
export interface Envelope {
	/** Undefined for requests without an event: Callbell's periodic connection checks. */
	event: string | undefined;
	payload: unknown;
}

/** The body Callbell expects from its connection checks (and gets for every delivery). */
export const OK_RESPONSE: IDataObject = { status: 'ok' };

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parseJson(raw: Buffer): unknown {
	try {
		return JSON.parse(raw.toString('utf8'));
	} catch {
		// Not JSON: it cannot carry an event, so it is handled like a connection check.
		return undefined;
	}
}

/**
 * Reads the envelope from the raw bytes when n8n kept them (the same bytes the signature
 * covers), else from n8n's parsed body. Anything without a non-empty string `event` is a
 * connection check.
 */
export function readEnvelope(rawBody: Buffer | undefined, parsedBody: unknown): Envelope {
	const body = rawBody && rawBody.length > 0 ? parseJson(rawBody) : parsedBody;
	if (!isObject(body)) return { event: undefined, payload: undefined };
	const event = typeof body.event === 'string' && body.event.trim() !== '' ? body.event : undefined;
	return { event, payload: body.payload };
}

/**
 * One item per delivery: the payload's fields at the top level (so expressions read
 * `$json.text`, `$json.contact.uuid`), plus `_callbell: {event, verified}`. `verified` is
 * true only when a signing secret is set and the signature matched; deliveries that fail
 * the check never get here. A payload that is not an object lands under `payload`.
 */
export function toItem(envelope: Envelope, verified: boolean): INodeExecutionData {
	const meta: IDataObject = { event: envelope.event ?? null, verified };
	const json: IDataObject = isObject(envelope.payload)
		? { ...envelope.payload, _callbell: meta }
		: { payload: (envelope.payload ?? null) as IDataObject, _callbell: meta };
	return { json };
}
