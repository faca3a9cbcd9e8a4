/**
 * Property-based check of the JWT gate through n8n's webhook path: 1,200 generated
 * forgeries (random secrets, algorithms, tampered parts, bit flips, random bytes) are never
 * accepted, and 300 generated valid tokens always are (each exactly once).
 */
import * as fc from 'fast-check';

import { deliver as post, type WebhookServer } from '../../harness/webhook';
import { deliverJs, signJwt, startDialpadSandbox, startTrigger, type DialpadSandbox } from './fixtures';

const { callEvent } = deliverJs;

let sandbox: DialpadSandbox;
let harness: WebhookServer;
let secret: string;

beforeAll(async () => {
	sandbox = await startDialpadSandbox();
	harness = await startTrigger(sandbox, { parameters: { events: ['call.hangup'] } });
	await harness.activate();
	secret = sandbox.store.webhooks[0].secret;
});
afterAll(async () => {
	await harness.close();
	await sandbox.close();
});

const b64 = (text: string) => Buffer.from(text).toString('base64url');

/** A valid token for a fresh hangup event with random extra fields. */
const validArb = fc.record({ note: fc.string({ maxLength: 30 }), extra: fc.jsonValue({ maxDepth: 2 }) }).map((fields) => signJwt(JSON.stringify({ ...callEvent('hangup'), ...fields }), secret));

const forgeryArb = fc.oneof(
	// Signed with any other secret.
	fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s !== secret).map((other) => signJwt(JSON.stringify(callEvent('hangup')), other)),
	// Any algorithm but HS256 in the header, signed with the real secret where it can be.
	fc.constantFrom('none', 'HS384', 'HS512', 'RS256', 'ES256', 'hs256', 'HS256 ', '').map((alg) => signJwt(JSON.stringify(callEvent('hangup')), secret, { alg: alg === '' ? 'none' : alg, signWith: 'sha256' })),
	// A valid token with one character of the header, payload or signature changed.
	fc.tuple(validArb, fc.nat(), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_')).map(([token, at, ch]) => {
		const i = at % token.length;
		const swapped = token[i] === ch ? (ch === 'A' ? 'B' : 'A') : ch;
		return token[i] === '.' ? `${token.slice(0, i)}${swapped}${token.slice(i)}` : `${token.slice(0, i)}${swapped}${token.slice(i + 1)}`;
	}),
	// Payload swapped for another event under the original signature.
	validArb.map((token) => {
		const [header, , signature] = token.split('.');
		return `${header}.${b64(JSON.stringify(callEvent('hangup')))}.${signature}`;
	}),
	// Random text and random three-part strings.
	fc.string({ maxLength: 200 }),
	fc.tuple(fc.base64String({ maxLength: 60 }), fc.base64String({ maxLength: 200 }), fc.base64String({ maxLength: 60 })).map((parts) => parts.map((p) => p.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')).join('.')),
);

describe('Dialpad Trigger: generated tokens', () => {
	it('1,200 forgeries: none accepted, none executed', async () => {
		const started = harness.started;
		let count = 0;
		await fc.assert(
			fc.asyncProperty(forgeryArb, async (token) => {
				count++;
				const response = await post(harness.url, token, { 'content-type': 'application/jwt' });
				// An unchanged-but-valid token cannot come out of the generators above except by
				// a swap that re-created the same text, which the generator rules out.
				return response.status === 401;
			}),
			{ numRuns: 1200 },
		);
		await harness.settled();
		expect(count).toBe(1200);
		expect(harness.started).toBe(started);
	}, 300_000);

	it('300 valid tokens: each accepted and executed exactly once', async () => {
		const started = harness.started;
		await fc.assert(
			fc.asyncProperty(validArb, async (token) => {
				const response = await post(harness.url, token, { 'content-type': 'application/jwt' });
				return response.status === 200 && (response.json as { status?: string }).status === 'ok';
			}),
			{ numRuns: 300 },
		);
		await harness.settled();
		expect(harness.started).toBe(started + 300);
	}, 300_000);
});
