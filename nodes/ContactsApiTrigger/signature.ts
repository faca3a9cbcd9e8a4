import { createPublicKey, verify, type KeyObject } from 'crypto';

/**
 * Signature checks for Contacts API webhook deliveries.
 *
 * Two schemes exist while upstream migrates (contacts-api.md, "Webhooks"):
 * - legacy `x-wh-signature`: base64 RSA-SHA256 (PKCS#1 v1.5) with the published 4096-bit key;
 * - current `x-ghl-signature`: base64 Ed25519 with a different published key.
 * Both sign the exact raw request body. Verifying a re-serialised object would fail on any
 * difference in key order, spacing or number formatting, so callers pass the raw bytes.
 */

export const RSA_HEADER = 'x-wh-signature';
export const ED25519_HEADER = 'x-ghl-signature';

/**
 * The Ed25519 public key that verifies `x-ghl-signature`, as published by HighLevel in its
 * Webhook Integration Guide (https://marketplace.gohighlevel.com/docs/webhook/WebhookIntegrationGuide,
 * "Verifying webhook signatures") and on the Conversation Provider outbound message page
 * (https://marketplace.gohighlevel.com/docs/webhook/ProviderOutboundMessage). Upstream signs
 * only with this scheme since 2026-07-01.
 */
export const PUBLISHED_ED25519_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAi2HR1srL4o18O8BRa7gVJY7G7bupbN3H9AwJrHCDiOg=
-----END PUBLIC KEY-----`;

/** The RSA public key published in the Webhook Integration Guide (seed 004); legacy `x-wh-signature`. */
export const PUBLISHED_RSA_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAokvo/r9tVgcfZ5DysOSC
Frm602qYV0MaAiNnX9O8KxMbiyRKWeL9JpCpVpt4XHIcBOK4u3cLSqJGOLaPuXw6
dO0t6Q/ZVdAV5Phz+ZtzPL16iCGeK9po6D6JHBpbi989mmzMryUnQJezlYJ3DVfB
csedpinheNnyYeFXolrJvcsjDtfAeRx5ByHQmTnSdFUzuAnC9/GepgLT9SM4nCpv
uxmZMxrJt5Rw+VUaQ9B8JSvbMPpez4peKaJPZHBbU3OdeCVx5klVXXZQGNHOs8gF
3kvoV5rTnXV0IknLBXlcKKAQLZcY/Q9rG6Ifi9c+5vqlvHPCUJFT5XUGG5RKgOKU
J062fRtN+rLYZUV+BjafxQauvC8wSWeYja63VSUruvmNj8xkx2zE/Juc+yjLjTXp
IocmaiFeAO6fUtNjDeFVkhf5LNb59vECyrHD2SQIrhgXpO4Q3dVNA5rw576PwTzN
h/AMfHKIjE4xQA1SZuYJmNnmVZLIZBlQAF9Ntd03rfadZ+yDiOXCCs9FkHibELhC
HULgCsnuDJHcrGNd5/Ddm5hxGQ0ASitgHeMZ0kcIOwKDOzOU53lDza6/Y09T7sYJ
PQe7z0cvj7aE4B+Ax1ZoZGPzpJlZtGXCsu9aTEGEnKzmsFqwcSsnw3JB31IGKAyk
T1hhTiaCeIY/OwwwNUY2yvcCAwEAAQ==
-----END PUBLIC KEY-----`;

export type SignatureMode = 'auto' | 'ed25519' | 'rsa' | 'off';
export type KeyKind = 'rsa' | 'ed25519';
export type VerifiedBy = KeyKind | 'none';

export interface SignatureKeys {
	rsa?: string;
	ed25519?: string;
}

export type SignatureCheck =
	| { ok: true; verifiedBy: VerifiedBy }
	/** `scheme` undefined: Auto found neither header. */
	| { ok: false; reason: 'missing'; scheme: KeyKind | undefined }
	| { ok: false; reason: 'invalid'; scheme: KeyKind }
	/** A configured key that cannot be used: a setup problem, not a bad delivery. */
	| { ok: false; reason: 'key'; scheme: KeyKind; problem: string };

export type HeaderBag = Record<string, string | string[] | undefined>;

export interface ParsedKey {
	key: KeyObject;
	kind: KeyKind;
	/** Exact signature size in bytes: 64 for Ed25519, the modulus size for RSA. */
	signatureLength: number;
}

const MIN_RSA_BITS = 2048;
const MAX_CACHED_KEYS = 32;

/**
 * Parsed keys by the exact text the user configured. Parsing a 4096-bit PEM costs far more
 * than one verification, so it happens once per process and key (rotation adds an entry;
 * the bound keeps expression-generated keys from growing the map without limit).
 */
const keyCache: Record<KeyKind, Map<string, ParsedKey>> = { rsa: new Map(), ed25519: new Map() };

/** Rebuilds an SPKI PEM from a pasted key with literal "\n" escapes, lost line breaks or no armor. */
function toPem(text: string): string {
	const body = text
		.replace(/\\n/g, '\n')
		.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '')
		.replace(/\s+/g, '');
	const lines = body.match(/.{1,64}/g) ?? [];
	return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

export interface KeyProblem {
	problem: string;
}

function keyName(kind: KeyKind): string {
	return kind === 'rsa' ? 'RSA' : 'Ed25519';
}

function parseKey(kind: KeyKind, text: string): ParsedKey | KeyProblem {
	if (text.trim() === '') return { problem: `The ${keyName(kind)} public key is empty` };
	// As pasted first (any PEM Node reads, e.g. PKCS#1 "RSA PUBLIC KEY"), then normalised SPKI.
	const attempts = text.includes('-----BEGIN') ? [text.trim(), toPem(text)] : [toPem(text)];
	let key: KeyObject | undefined;
	for (const pem of attempts) {
		try {
			key = createPublicKey({ key: pem, format: 'pem' });
			break;
		} catch {
			key = undefined;
		}
	}
	if (!key) return { problem: `The ${keyName(kind)} public key is not a valid PEM public key` };
	if (key.asymmetricKeyType !== kind) {
		const actual = key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'ed25519' ? keyName(key.asymmetricKeyType) : key.asymmetricKeyType;
		return { problem: `The ${keyName(kind)} public key is of type ${actual ?? 'unknown'}` };
	}
	if (kind === 'ed25519') return { key, kind, signatureLength: 64 };
	const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
	if (bits < MIN_RSA_BITS) {
		return { problem: `The RSA public key has ${bits} bits; at least ${MIN_RSA_BITS} are required` };
	}
	return { key, kind, signatureLength: Math.ceil(bits / 8) };
}

/** The parsed key for a configured text, from the per-process cache when possible. */
export function publicKey(kind: KeyKind, text: string): ParsedKey | KeyProblem {
	const cache = keyCache[kind];
	const cached = cache.get(text);
	if (cached) return cached;
	const parsed = parseKey(kind, text);
	if ('problem' in parsed) return parsed;
	if (cache.size >= MAX_CACHED_KEYS) cache.delete(cache.keys().next().value as string);
	cache.set(text, parsed);
	return parsed;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Strict base64: only the canonical encoding of exactly `length` bytes. Node's decoder skips
 * junk characters and ignores unused trailing bits, so without this several header values
 * would decode to the same valid signature.
 */
function decodeSignature(text: string, length: number): Buffer | undefined {
	if (text.length % 4 !== 0 || !BASE64.test(text)) return undefined;
	const bytes = Buffer.from(text, 'base64');
	if (bytes.length !== length || bytes.toString('base64') !== text) return undefined;
	return bytes;
}

/** Verifies one base64 signature over `raw` with a parsed key; never throws. */
export function verifyWithKey(raw: Buffer, signature: string, parsed: ParsedKey): boolean {
	const bytes = decodeSignature(signature, parsed.signatureLength);
	if (!bytes) return false;
	try {
		// RSA keys default to PKCS#1 v1.5 padding; Ed25519 takes no digest (null).
		return verify(parsed.kind === 'rsa' ? 'sha256' : null, raw, parsed.key, bytes);
	} catch {
		return false;
	}
}

function headerValue(headers: HeaderBag, name: string): string | undefined {
	const value = headers[name];
	// Node joins repeated custom headers with ", ", which then fails the strict decoding.
	const text = Array.isArray(value) ? value.join(', ') : value;
	return text === undefined || text.trim() === '' ? undefined : text.trim();
}

function checkScheme(raw: Buffer, signature: string | undefined, kind: KeyKind, keyText: string | undefined): SignatureCheck {
	if (signature === undefined) return { ok: false, reason: 'missing', scheme: kind };
	const parsed = publicKey(kind, keyText ?? '');
	if ('problem' in parsed) return { ok: false, reason: 'key', scheme: kind, problem: parsed.problem };
	return verifyWithKey(raw, signature, parsed) ? { ok: true, verifiedBy: kind } : { ok: false, reason: 'invalid', scheme: kind };
}

/**
 * Checks a delivery's signature headers against the configured mode and keys; never throws.
 * Auto verifies `x-ghl-signature` (Ed25519) when present, otherwise `x-wh-signature` (RSA);
 * it never falls back from a failed Ed25519 check to RSA, so a forged Ed25519 header cannot
 * be rescued by a replayed legacy one. A key the check needs that is missing or unusable
 * gives reason 'key' (the caller answers 401 and logs the setup problem).
 */
export function verifyDelivery(raw: Buffer, headers: HeaderBag, mode: SignatureMode, keys: SignatureKeys): SignatureCheck {
	if (mode === 'off') return { ok: true, verifiedBy: 'none' };
	const ed25519Signature = headerValue(headers, ED25519_HEADER);
	const rsaSignature = headerValue(headers, RSA_HEADER);
	if (mode === 'ed25519') return checkScheme(raw, ed25519Signature, 'ed25519', keys.ed25519);
	if (mode === 'rsa') return checkScheme(raw, rsaSignature, 'rsa', keys.rsa);
	if (ed25519Signature !== undefined) return checkScheme(raw, ed25519Signature, 'ed25519', keys.ed25519);
	if (rsaSignature !== undefined) return checkScheme(raw, rsaSignature, 'rsa', keys.rsa);
	return { ok: false, reason: 'missing', scheme: undefined };
}
