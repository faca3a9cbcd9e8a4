import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { Validator } from '../../../shared/validation';
import { MESSAGE_STAMP_KEY, messageValues } from '../../../shared/sync/receive';
import { makeStamp } from '../../../shared/sync/stamp';
import { marksWrites, writeKey } from '../../../shared/sync/write';

/** Checks and shapes for the body of Message → Send that the editor's fields cannot enforce. */

/** Documented metadata limits (post_send_messages.md, "Metadata Limitations"). */
export const METADATA_MAX_KEYS = 10;
export const METADATA_MAX_KEY_LENGTH = 50;
export const METADATA_MAX_VALUE_LENGTH = 500;

/**
 * Mark Writes on a message: the stamp goes into `metadata.n8n_sync` (Callbell returns a sender's
 * metadata in message_created), over the message's text. Not added when the metadata already
 * holds Callbell's maximum of keys.
 */
export function markMessage(ctx: IExecuteFunctions, itemIndex: number, body: IDataObject): { body: IDataObject; sync?: IDataObject } {
	if (!marksWrites(ctx, ctx.getNodeParameter('options.markWrites', itemIndex, 'auto'))) return { body };
	const metadata = (body.metadata as IDataObject | undefined) ?? {};
	if (Object.keys(metadata).length >= METADATA_MAX_KEYS) {
		return { body, sync: { stamped: false, reason: `no stamp: the metadata already has ${METADATA_MAX_KEYS} keys, Callbell's maximum` } };
	}
	const text = (body.content as IDataObject | undefined)?.text;
	const stamp = makeStamp(writeKey(ctx), 'cb', '', ['mt'], messageValues(body.type === 'text' ? text : undefined), Date.now());
	return { body: { ...body, metadata: { ...metadata, [MESSAGE_STAMP_KEY]: stamp } }, sync: { stamped: true } };
}

export function httpUrl(validate: Validator, label: string, value: unknown): string {
	const text = String(value ?? '').trim();
	let ok = false;
	try {
		const url = new URL(text);
		ok = (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		ok = false;
	}
	if (!ok) validate.fail(label, `"${text}" is not an http(s) URL`);
	return text;
}

export function readMetadata(validate: Validator, collection: unknown): IDataObject {
	const entries = ((collection as IDataObject | undefined)?.entry ?? []) as IDataObject[];
	const label = 'Metadata (metadata)';
	if (entries.length === 0) validate.fail(label, 'add at least one entry, or remove the option');
	if (entries.length > METADATA_MAX_KEYS) validate.fail(label, `it has ${entries.length} entries; Callbell accepts at most ${METADATA_MAX_KEYS}`);
	const out: IDataObject = {};
	for (const entry of entries) {
		const key = String(entry.key ?? '').trim();
		const value = String(entry.value ?? '');
		if (!key) validate.fail(label, 'a key is empty');
		if (key.length > METADATA_MAX_KEY_LENGTH) validate.fail(label, `the key "${key.slice(0, 20)}…" is ${key.length} characters long; at most ${METADATA_MAX_KEY_LENGTH}`);
		if (value.length > METADATA_MAX_VALUE_LENGTH) validate.fail(label, `the value of "${key}" is ${value.length} characters long; at most ${METADATA_MAX_VALUE_LENGTH}`);
		if (key in out) validate.fail(label, `the key "${key}" is given twice`);
		out[key] = value;
	}
	return out;
}

export function readTemplateValues(collection: unknown): string[] {
	const rows = ((collection as IDataObject | undefined)?.value ?? []) as IDataObject[];
	return rows.map((r) => String(r.value ?? ''));
}
