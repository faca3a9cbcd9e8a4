import { createHmac, timingSafeEqual } from 'crypto';

/**
 * Verification of Dialpad webhook deliveries. With a secret on the webhook, Dialpad sends
 * the event as a compact JWT "signed with the shared secret with the HS256 algorithm"
 * (developers.dialpad.com/reference/webhookscreate). The secret is used as its UTF-8 bytes
 * (the docs say nothing else). Checked here, before anything of the token is parsed beyond
 * its header:
 * - three base64url parts, nothing else (no JSON body, no padding, no whitespace);
 * - the header names exactly `alg: HS256` (any other algorithm, `none` included, fails:
 *   the algorithm is fixed by this node, never chosen by the token; RFC 7515 §4.1.1 makes
 *   `alg` values case-sensitive, so `hs256` fails too). `typ` is not a security parameter:
 *   RFC 7515 §4.1.9 says JWS implementations ignore it, and RFC 7519 §5.1 compares its
 *   `JWT` value case-insensitively, so `"typ":"jwt"`, `"JWT"`, `"application/jwt"` or no
 *   `typ` all pass. `crit` fails: this verifier understands no extension (§4.1.11);
 * - the HMAC-SHA256 of "<header>.<payload>" equals the signature, compared in constant time;
 * - then the payload is decoded; it must be a JSON object;
 * - `exp` / `nbf` / `iat` claims (seconds) are honoured when present, with a small leeway.
 *   Dialpad does not document any claims, so none is required; staleness of the event
 *   itself is checked by the trigger from the event's own timestamp.
 */

export type JwtFailure = 'missing' | 'malformed' | 'algorithm' | 'signature' | 'payload' | 'expired' | 'notYetValid' | 'stale';

export type JwtCheck = { ok: true; payloadText: string; claims: JwtClaims } | { ok: false; reason: JwtFailure };

export interface JwtClaims {
	exp?: number;
	nbf?: number;
	iat?: number;
}

export interface VerifyOptions {
	secret: string;
	nowMs: number;
	/** How old an `iat` may be, and how far claims may be off the clock, in ms. */
	maxAgeMs: number;
	/** Clock skew allowed for `exp` and `nbf`. */
	leewayMs?: number;
}

/** Tokens above this size are refused before any work (n8n's own limit is far larger). */
const MAX_TOKEN_LENGTH = 1024 * 1024;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const SIGNATURE_BYTES = 32;

export const FAILURE_MESSAGES: Record<JwtFailure, string> = {
	missing: 'Missing signed token',
	malformed: 'Malformed token',
	algorithm: 'Token algorithm not accepted',
	signature: 'Invalid token signature',
	payload: 'Token payload is not a JSON object',
	expired: 'Token expired',
	notYetValid: 'Token not yet valid',
	stale: 'Token too old',
};

function decodePart(part: string): string | undefined {
	if (!BASE64URL.test(part) || part.length % 4 === 1) return undefined;
	return Buffer.from(part, 'base64url').toString('utf8');
}

function parseObject(text: string | undefined): Record<string, unknown> | undefined {
	if (text === undefined) return undefined;
	try {
		const value: unknown = JSON.parse(text);
		return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

/** base64url(HMAC-SHA256(secret, signingInput)). */
export function hs256(secret: string, signingInput: string): Buffer {
	return createHmac('sha256', Buffer.from(secret, 'utf8')).update(signingInput, 'ascii').digest();
}

function numericClaim(value: unknown): number | undefined | null {
	if (value === undefined) return undefined;
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Verifies a raw delivery body as an HS256 JWT signed with `secret`. */
export function verifyJwt(raw: Buffer | undefined, options: VerifyOptions): JwtCheck {
	if (!raw || raw.length === 0) return { ok: false, reason: 'missing' };
	if (raw.length > MAX_TOKEN_LENGTH || !options.secret) return { ok: false, reason: 'malformed' };
	const token = raw.toString('latin1');
	const parts = token.split('.');
	if (parts.length !== 3 || parts.some((p) => p === '')) return { ok: false, reason: 'malformed' };
	const [headerPart, payloadPart, signaturePart] = parts;
	const header = parseObject(decodePart(headerPart));
	if (!header) return { ok: false, reason: 'malformed' };
	if (header.alg !== 'HS256' || header.crit !== undefined) {
		return { ok: false, reason: 'algorithm' };
	}
	if (!BASE64URL.test(signaturePart) || !BASE64URL.test(payloadPart)) return { ok: false, reason: 'malformed' };
	const given = Buffer.from(signaturePart, 'base64url');
	// Canonical encoding only: a signature with trailing junk bits would decode to the same bytes.
	if (given.length !== SIGNATURE_BYTES || given.toString('base64url') !== signaturePart) return { ok: false, reason: 'signature' };
	const expected = hs256(options.secret, `${headerPart}.${payloadPart}`);
	if (!timingSafeEqual(expected, given)) return { ok: false, reason: 'signature' };

	const payloadText = decodePart(payloadPart);
	const payload = parseObject(payloadText);
	if (!payload || payloadText === undefined) return { ok: false, reason: 'payload' };
	const leeway = options.leewayMs ?? 60_000;
	const exp = numericClaim(payload.exp);
	const nbf = numericClaim(payload.nbf);
	const iat = numericClaim(payload.iat);
	if (exp === null || nbf === null || iat === null) return { ok: false, reason: 'payload' };
	if (exp !== undefined && exp * 1000 + leeway < options.nowMs) return { ok: false, reason: 'expired' };
	if (nbf !== undefined && nbf * 1000 - leeway > options.nowMs) return { ok: false, reason: 'notYetValid' };
	if (iat !== undefined && (iat * 1000 < options.nowMs - options.maxAgeMs || iat * 1000 - leeway > options.nowMs)) {
		return { ok: false, reason: 'stale' };
	}
	return { ok: true, payloadText, claims: { exp, nbf, iat } };
}
