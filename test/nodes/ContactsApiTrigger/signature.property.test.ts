/**
 * Property-based checks of the signature gate, through n8n's webhook path (real HTTP,
 * WebhookContext, WorkflowExecute): generated forgeries are never accepted, generated
 * validly signed deliveries always are.
 *
 * Counts: 1,200 forgeries (about one in eight built on an RSA signature, the rest on
 * Ed25519), 1,000 valid Ed25519 deliveries and 60 valid RSA deliveries. RSA-4096 signing
 * costs milliseconds per signature, hence the smaller RSA count for valid deliveries.
 */
import * as fc from 'fast-check';

import type { IDataObject } from 'n8n-workflow';

import { EVENTS } from '../../../nodes/ContactsApiTrigger/description';
import { deliver, startWebhookServer, type WebhookServer } from '../../harness/webhook';
import { createSigner, ed25519Pair, newWebhookId, rsaPair, type KeyPair, type Signer } from './signer';

let signer: Signer;
let stranger: { rsa: KeyPair; ed25519: KeyPair };
let server: WebhookServer;

beforeAll(async () => {
	const [own, rsa, ed25519] = await Promise.all([createSigner(), rsaPair(2048), ed25519Pair()]);
	signer = own;
	stranger = { rsa, ed25519 };
	server = await startWebhookServer({ type: 'contactsApiTrigger', parameters: signer.parameters() });
});
afterAll(async () => {
	await server.close();
});

/** A delivery body: random fields and formatting, always with a fresh webhookId and timestamp. */
const payloadArb = fc
	.record({
		type: fc.constantFrom(...EVENTS),
		locationId: fc.string({ minLength: 1, maxLength: 24 }),
		id: fc.string({ maxLength: 24 }),
		name: fc.string({ unit: 'binary', maxLength: 40 }),
		tags: fc.array(fc.string({ maxLength: 12 }), { maxLength: 4 }),
		extra: fc.jsonValue({ maxDepth: 2 }),
	})
	.chain((fields) =>
		fc.record({
			fields: fc.constant(fields),
			indent: fc.constantFrom(undefined, 0, 1, 2, '\t'),
			trailing: fc.constantFrom('', ' ', '\n', '\r\n'),
		}),
	);

function render({ fields, indent, trailing }: { fields: IDataObject; indent: string | number | undefined; trailing: string }): Buffer {
	const payload = { ...fields, timestamp: new Date().toISOString(), webhookId: newWebhookId() };
	return Buffer.from(`${JSON.stringify(payload, null, indent)}${trailing}`, 'utf8');
}

function headersFor(scheme: 'rsa' | 'ed25519', signature: string): Record<string, string> {
	return { [scheme === 'rsa' ? 'x-wh-signature' : 'x-ghl-signature']: signature };
}

function sign(scheme: 'rsa' | 'ed25519', body: Buffer): string {
	return scheme === 'rsa' ? signer.signRsa(body) : signer.signEd25519(body);
}

type Forgery = (body: Buffer, scheme: 'rsa' | 'ed25519') => { body: Buffer; headers: Record<string, string> };

const mutatedBytes = fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }), extra: fc.nat({ max: 3 }) }).map(
	({ at, xor, extra }): Forgery =>
		(body, scheme) => {
			const signature = sign(scheme, body);
			const tampered = Buffer.from(body);
			tampered[at % tampered.length] ^= xor;
			for (let i = 1; i <= extra; i++) tampered[(at + i * 7) % tampered.length] ^= xor;
			return { body: tampered, headers: headersFor(scheme, signature) };
		},
);

const truncatedOrExtended = fc.record({ cut: fc.integer({ min: 1, max: 20 }), append: fc.boolean() }).map(
	({ cut, append }): Forgery =>
		(body, scheme) => {
			const signature = sign(scheme, body);
			const changed = append ? Buffer.concat([body, Buffer.from(' '.repeat(cut))]) : body.subarray(0, Math.max(0, body.length - cut));
			return { body: changed, headers: headersFor(scheme, signature) };
		},
);

const mutatedSignature = fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }).map(
	({ at, xor }): Forgery =>
		(body, scheme) => {
			const bytes = Buffer.from(sign(scheme, body), 'base64');
			bytes[at % bytes.length] ^= xor;
			return { body, headers: headersFor(scheme, bytes.toString('base64')) };
		},
);

const mutatedSignatureText = fc
	.record({ at: fc.nat(), char: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ .') })
	.map(
		({ at, char }): Forgery =>
			(body, scheme) => {
				const text = sign(scheme, body);
				const i = at % text.length;
				const changed = text[i] === char ? `${text.slice(0, i)}${text.slice(i + 1)}` : `${text.slice(0, i)}${char}${text.slice(i + 1)}`;
				return { body, headers: headersFor(scheme, changed) };
			},
	);

const randomSignature = fc
	.oneof(
		fc.uint8Array({ minLength: 64, maxLength: 64 }),
		fc.uint8Array({ minLength: 512, maxLength: 512 }),
		fc.uint8Array({ minLength: 0, maxLength: 600 }),
	)
	.map(
		(bytes): Forgery =>
			(body, scheme) => ({ body, headers: headersFor(scheme, Buffer.from(bytes).toString('base64')) }),
	);

const randomText = fc.string({ minLength: 1, maxLength: 120 }).map(
	(text): Forgery =>
		(body, scheme) => ({ body, headers: headersFor(scheme, text.replace(/[^\x21-\x7e]/g, 'A')) }),
);

const swappedHeaders = fc.constantFrom('swap', 'ed-in-rsa-only', 'rsa-in-ed-only').map(
	(how): Forgery =>
		(body) => {
			const ed = signer.signEd25519(body);
			const headers: Record<string, string> = {};
			if (how === 'ed-in-rsa-only') headers['x-wh-signature'] = ed;
			else {
				const rsa = signer.signRsa(body);
				headers['x-ghl-signature'] = rsa;
				if (how === 'swap') headers['x-wh-signature'] = ed;
			}
			return { body, headers };
		},
);

const otherKey: fc.Arbitrary<Forgery> = fc.constant((body, scheme) => ({
	body,
	headers: headersFor(scheme, scheme === 'rsa' ? signer.signRsa(body, stranger.rsa.privateKey) : signer.signEd25519(body, stranger.ed25519.privateKey)),
}));

const otherBody = payloadArb.map(
	(other): Forgery =>
		(body, scheme) => ({ body, headers: headersFor(scheme, sign(scheme, render(other))) }),
);

const noSignature: fc.Arbitrary<Forgery> = fc.constant((body) => ({ body, headers: {} }));

const forgeryArb = fc.oneof(
	{ arbitrary: mutatedBytes, weight: 4 },
	{ arbitrary: truncatedOrExtended, weight: 1 },
	{ arbitrary: mutatedSignature, weight: 3 },
	{ arbitrary: mutatedSignatureText, weight: 2 },
	{ arbitrary: randomSignature, weight: 2 },
	{ arbitrary: randomText, weight: 1 },
	{ arbitrary: swappedHeaders, weight: 1 },
	{ arbitrary: otherKey, weight: 1 },
	{ arbitrary: otherBody, weight: 1 },
	{ arbitrary: noSignature, weight: 1 },
);

describe('Contacts API Trigger: signature properties', () => {
	it('accepts none of 1,200 generated forgeries', async () => {
		let tried = 0;
		await fc.assert(
			fc.asyncProperty(payloadArb, forgeryArb, fc.integer({ min: 0, max: 7 }), async (payload, forge, dice) => {
				const scheme = dice === 0 ? 'rsa' : 'ed25519';
				const forged = forge(render(payload), scheme);
				const answer = await deliver(server.url, forged.body, { ...forged.headers, 'content-type': 'text/plain' });
				tried++;
				expect(answer.status).toBe(401);
			}),
			{ numRuns: 1200 },
		);
		await server.settled();
		expect(tried).toBe(1200);
		expect(server.started).toBe(0);
	});

	it('accepts all of 1,000 generated validly signed Ed25519 deliveries, payload intact', async () => {
		const before = server.executions.length;
		await fc.assert(
			fc.asyncProperty(payloadArb, async (payload) => {
				const body = render(payload);
				const answer = await deliver(server.url, body, signer.headers(body, 'ed25519'));
				expect(answer.status).toBe(200);
			}),
			{ numRuns: 1000 },
		);
		await server.settled();
		const runs = server.executions.slice(before);
		expect(runs).toHaveLength(1000);
		for (const run of runs) {
			expect(run.sinkItems).toHaveLength(1);
			expect((run.sinkItems[0].json._webhook as IDataObject).verifiedBy).toBe('ed25519');
		}
	});

	it('accepts all of 60 generated validly signed RSA deliveries, payload intact', async () => {
		const before = server.executions.length;
		const sent: IDataObject[] = [];
		await fc.assert(
			fc.asyncProperty(payloadArb, async (payload) => {
				const body = render(payload);
				sent.push(JSON.parse(body.toString('utf8')) as IDataObject);
				const answer = await deliver(server.url, body, signer.headers(body, 'rsa'));
				expect(answer.status).toBe(200);
			}),
			{ numRuns: 60 },
		);
		await server.settled();
		const received = server.executions.slice(before).map(({ sinkItems }) => {
			const { _webhook, ...payload } = sinkItems[0].json;
			expect((_webhook as IDataObject).verifiedBy).toBe('rsa');
			return payload;
		});
		expect(received).toEqual(sent);
	});
});
