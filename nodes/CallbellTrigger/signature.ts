import { createHmac, timingSafeEqual } from 'crypto';

/**
 * Callbell's webhook signature (API Settings → Webhooks → "Generate secret"):
 *   X-Callbell-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">
 * keyed by the full secret string, `whsec_` prefix included. The scheme is Stripe's with
 * another header name, so it is checked the same way: parse, bound the timestamp, then
 * compare every v1 candidate in constant time.
 */
export const SIGNATURE_HEADER = 'x-callbell-signature';

/** Callbell tells receivers to reject a `t` more than 5 minutes away from their clock. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const HMAC_HEX_LENGTH = 64;
// Ten digits cover unix seconds until the year 2286; anything longer is not a timestamp.
const TIMESTAMP_PATTERN = /^\d{1,10}$/;
const HEX_PATTERN = /^[0-9a-fA-F]+$/;

export interface ParsedSignatureHeader {
	/** `t` exactly as sent: the signed payload uses the text, not a re-formatted number. */
	timestamp: string;
	/** Every `v1` entry (a sender may list several, e.g. while it rotates secrets). */
	signatures: string[];
}

export type SignatureFailure = 'missing' | 'malformed' | 'expired' | 'future' | 'mismatch' | 'noRawBody';

export type SignatureCheck =
	| { valid: true; timestamp: number }
	| { valid: false; reason: SignatureFailure };

/**
 * Reads `t=…,v1=…[,v1=…]`. Unknown keys (a future `v2`, say) are ignored; a header without
 * exactly one numeric `t` or without any `v1` is malformed.
 */
export function parseSignatureHeader(header: string): ParsedSignatureHeader | undefined {
	const timestamps: string[] = [];
	const signatures: string[] = [];
	for (const part of header.split(',')) {
		const index = part.indexOf('=');
		if (index <= 0) continue;
		const key = part.slice(0, index).trim();
		const value = part.slice(index + 1).trim();
		if (key === 't') timestamps.push(value);
		else if (key === 'v1' && value !== '') signatures.push(value);
	}
	if (timestamps.length !== 1 || !TIMESTAMP_PATTERN.test(timestamps[0]) || signatures.length === 0) {
		return undefined;
	}
	return { timestamp: timestamps[0], signatures };
}

/** Hex HMAC-SHA256 of `<t>.<raw body>`; the body is hashed as the exact bytes received. */
export function computeSignature(secret: string, timestamp: string, rawBody: Buffer): string {
	return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** Constant-time comparison of two hex digests; anything that is not 64 hex chars fails. */
function sameDigest(expectedHex: string, candidate: string): boolean {
	if (candidate.length !== HMAC_HEX_LENGTH || !HEX_PATTERN.test(candidate)) return false;
	const expected = Buffer.from(expectedHex, 'hex');
	const actual = Buffer.from(candidate, 'hex');
	return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export interface VerifyOptions {
	header: string | string[] | undefined;
	rawBody: Buffer | undefined;
	secret: string;
	nowSeconds: number;
	toleranceSeconds?: number;
}

/**
 * Checks one delivery. The timestamp bound applies both ways: a `t` far in the past is a
 * replay of a captured request (Callbell re-signs its own retries with a fresh `t`), a `t`
 * far in the future could be replayed for a long time once captured.
 */
export function verifySignature(options: VerifyOptions): SignatureCheck {
	const tolerance = options.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS;
	// Node joins repeated custom headers with ", "; an array only comes from other servers.
	const header = Array.isArray(options.header) ? options.header.join(',') : options.header;
	if (header === undefined || header.trim() === '') return { valid: false, reason: 'missing' };
	// Without the exact bytes nothing can be verified; re-serialising parsed JSON would not
	// reproduce them, so this fails closed.
	if (!options.rawBody) return { valid: false, reason: 'noRawBody' };
	const parsed = parseSignatureHeader(header);
	if (!parsed) return { valid: false, reason: 'malformed' };
	const timestamp = Number(parsed.timestamp);
	if (timestamp < options.nowSeconds - tolerance) return { valid: false, reason: 'expired' };
	if (timestamp > options.nowSeconds + tolerance) return { valid: false, reason: 'future' };
	const expected = computeSignature(options.secret, parsed.timestamp, options.rawBody);
	// Every candidate is compared, so the time taken does not reveal which one matched.
	let matched = false;
	for (const candidate of parsed.signatures) {
		if (sameDigest(expected, candidate)) matched = true;
	}
	return matched ? { valid: true, timestamp } : { valid: false, reason: 'mismatch' };
}
