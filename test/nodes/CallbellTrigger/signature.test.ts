/**
 * The signature module on its own: Callbell's `t=…,v1=…` scheme, checked against the
 * sandbox sender's signing code (test/sandbox/callbell/deliver.js), so both sides of the
 * scheme are independent implementations of signatures.md.
 */
import {
	computeSignature,
	parseSignatureHeader,
	SIGNATURE_TOLERANCE_SECONDS,
	verifySignature,
} from '../../../nodes/CallbellTrigger/signature';

const { signatureHeader, sign } = require('../../sandbox/callbell/deliver');

const SECRET = 'whsec_test_5yN8cT2qLm4Rz7Vb1Xk9Pd3';
const NOW = 1_790_000_000;
const BODY = Buffer.from('{"event":"message_created","payload":{"text":"Olá \\u00e9 ✓","contact":{"uuid":"abc"}}}');

function check(header: string | undefined, overrides: Partial<Parameters<typeof verifySignature>[0]> = {}) {
	return verifySignature({ header, rawBody: BODY, secret: SECRET, nowSeconds: NOW, ...overrides });
}

describe('computeSignature', () => {
	it('is the hex HMAC-SHA256 of "<t>.<raw body>" keyed by the full whsec_ secret', () => {
		// Independent implementation (the sandbox sender) must agree byte for byte.
		expect(computeSignature(SECRET, String(NOW), BODY)).toBe(sign(SECRET, String(NOW), BODY));
		// The prefix is part of the key.
		expect(computeSignature(SECRET.replace('whsec_', ''), String(NOW), BODY)).not.toBe(
			computeSignature(SECRET, String(NOW), BODY),
		);
	});
});

describe('parseSignatureHeader', () => {
	it('reads t and every v1, ignoring unknown schemes and spaces', () => {
		expect(parseSignatureHeader('t=123, v1=aa ,v0=zz,v1=bb')).toEqual({ timestamp: '123', signatures: ['aa', 'bb'] });
	});

	it.each([
		['no t', 'v1=abcdef'],
		['no v1', 't=123'],
		['empty v1', 't=123,v1='],
		['two t', 't=1,t=2,v1=aa'],
		['t not a number', 't=12a,v1=aa'],
		['negative t', 't=-5,v1=aa'],
		['t too long', 't=12345678901,v1=aa'],
		['garbage', 'signature'],
		['empty', ''],
	])('rejects a header with %s', (_label, header) => {
		expect(parseSignatureHeader(header)).toBeUndefined();
	});
});

describe('verifySignature', () => {
	it('accepts a signature made by the sandbox sender', () => {
		expect(check(signatureHeader(SECRET, BODY, { timestamp: NOW }))).toEqual({ valid: true, timestamp: NOW });
	});

	it('accepts upper-case hex', () => {
		const v1 = sign(SECRET, String(NOW), BODY).toUpperCase();
		expect(check(`t=${NOW},v1=${v1}`).valid).toBe(true);
	});

	it('accepts when any of several v1 entries matches', () => {
		const header = `t=${NOW},v1=${'0'.repeat(64)},v1=${sign(SECRET, String(NOW), BODY)}`;
		expect(check(header).valid).toBe(true);
	});

	it('rejects a tampered body', () => {
		const header = signatureHeader(SECRET, BODY, { timestamp: NOW });
		const tampered = Buffer.from(BODY.toString('utf8').replace('abc', 'abd'));
		expect(check(header, { rawBody: tampered })).toEqual({ valid: false, reason: 'mismatch' });
	});

	it('rejects a body re-serialised from parsed JSON (different bytes)', () => {
		const header = signatureHeader(SECRET, BODY, { timestamp: NOW });
		const reserialised = Buffer.from(JSON.stringify(JSON.parse(BODY.toString('utf8'))));
		expect(reserialised.equals(BODY)).toBe(false);
		expect(check(header, { rawBody: reserialised }).valid).toBe(false);
	});

	it('rejects a tampered signature (one hex digit changed)', () => {
		const v1 = sign(SECRET, String(NOW), BODY);
		const flipped = (v1[0] === 'a' ? 'b' : 'a') + v1.slice(1);
		expect(check(`t=${NOW},v1=${flipped}`)).toEqual({ valid: false, reason: 'mismatch' });
	});

	it('rejects a signature of the wrong length without throwing', () => {
		const v1 = sign(SECRET, String(NOW), BODY);
		expect(check(`t=${NOW},v1=${v1.slice(0, 63)}`).valid).toBe(false);
		expect(check(`t=${NOW},v1=${v1}00`).valid).toBe(false);
		expect(check(`t=${NOW},v1=${'zz'.repeat(32)}`).valid).toBe(false);
	});

	it('rejects a signature made with another secret', () => {
		expect(check(signatureHeader('whsec_other', BODY, { timestamp: NOW }))).toEqual({ valid: false, reason: 'mismatch' });
	});

	it('rejects a signature whose t was changed after signing', () => {
		const v1 = sign(SECRET, String(NOW), BODY);
		expect(check(`t=${NOW + 1},v1=${v1}`)).toEqual({ valid: false, reason: 'mismatch' });
	});

	it('rejects a missing or blank header', () => {
		expect(check(undefined)).toEqual({ valid: false, reason: 'missing' });
		expect(check('  ')).toEqual({ valid: false, reason: 'missing' });
	});

	it('rejects a malformed header', () => {
		expect(check(`v1=${sign(SECRET, String(NOW), BODY)}`)).toEqual({ valid: false, reason: 'malformed' });
	});

	it('fails closed without the raw body', () => {
		expect(check(signatureHeader(SECRET, BODY, { timestamp: NOW }), { rawBody: undefined })).toEqual({
			valid: false,
			reason: 'noRawBody',
		});
	});

	it('bounds t to 5 minutes in both directions, inclusive', () => {
		const at = (t: number) => check(signatureHeader(SECRET, BODY, { timestamp: t }));
		expect(SIGNATURE_TOLERANCE_SECONDS).toBe(300);
		expect(at(NOW - 300).valid).toBe(true);
		expect(at(NOW + 300).valid).toBe(true);
		expect(at(NOW - 301)).toEqual({ valid: false, reason: 'expired' });
		expect(at(NOW + 301)).toEqual({ valid: false, reason: 'future' });
		expect(at(NOW - 86_400)).toEqual({ valid: false, reason: 'expired' });
	});

	it('joins a header that arrives as an array', () => {
		const header = signatureHeader(SECRET, BODY, { timestamp: NOW });
		const [t, v1] = header.split(',');
		expect(check([t, v1] as unknown as string).valid).toBe(true);
	});
});
