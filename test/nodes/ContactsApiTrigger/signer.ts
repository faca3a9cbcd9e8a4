/**
 * Test signer: plays the upstream side. Generates an RSA-4096 and an Ed25519 key pair
 * (RSA generation is slow: create one Signer per test file, in beforeAll) and signs raw
 * bodies the way deliveries are signed: base64 RSA-SHA256 (PKCS#1 v1.5) in x-wh-signature,
 * base64 Ed25519 in x-ghl-signature, both over the exact bytes sent.
 */
import { generateKeyPair, sign, type KeyObject } from 'crypto';
import { readFileSync } from 'fs';
import * as path from 'path';
import { promisify } from 'util';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

const generate = promisify(generateKeyPair);

export interface KeyPair {
	privateKey: KeyObject;
	publicPem: string;
}

export interface Signer {
	/** Absent when created with { rsa: false } (files that only need Ed25519 skip the slow RSA-4096 generation). */
	rsa: KeyPair;
	ed25519: KeyPair;
	signRsa(body: Buffer | string, key?: KeyObject): string;
	signEd25519(body: Buffer | string, key?: KeyObject): string;
	/** Both headers, as sent during the migration. */
	headers(body: Buffer | string, which?: 'both' | 'rsa' | 'ed25519'): Record<string, string>;
	/** Node parameters trusting this signer's public keys. */
	parameters(extra?: INodeParameters): INodeParameters;
}

async function rsaPair(modulusLength = 4096): Promise<KeyPair> {
	const { privateKey, publicKey } = await generate('rsa', { modulusLength });
	return { privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

async function ed25519Pair(): Promise<KeyPair> {
	const { privateKey, publicKey } = await generate('ed25519');
	return { privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

const bytes = (body: Buffer | string) => (Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'));

export async function createSigner(options: { rsa?: boolean } = {}): Promise<Signer> {
	const withRsa = options.rsa !== false;
	const [rsa, ed25519] = await Promise.all([withRsa ? rsaPair() : undefined, ed25519Pair()]);
	const signer: Signer = {
		rsa: rsa as KeyPair,
		ed25519,
		signRsa: (body, key = rsa?.privateKey) => {
			if (!key) throw new Error('This signer has no RSA key');
			return sign('sha256', bytes(body), key).toString('base64');
		},
		signEd25519: (body, key = ed25519.privateKey) => sign(null, bytes(body), key).toString('base64'),
		headers(body, which = 'both') {
			const out: Record<string, string> = {};
			if (which !== 'ed25519') out['x-wh-signature'] = signer.signRsa(body);
			if (which !== 'rsa') out['x-ghl-signature'] = signer.signEd25519(body);
			return out;
		},
		parameters: (extra = {}) => ({
			events: ['*'],
			signatureMode: 'auto',
			...(rsa ? { rsaPublicKey: rsa.publicPem } : {}),
			ed25519PublicKey: ed25519.publicPem,
			...extra,
		}),
	};
	return signer;
}

export { ed25519Pair, rsaPair };

const EVENTS_DIR = path.resolve(__dirname, '../../fixtures/reference/webhook-events');

export interface EventExample {
	/** The file's event name (the published Appointment Update/Delete examples carry type AppointmentCreate). */
	event: string;
	example: IDataObject;
}

export function eventExamples(): EventExample[] {
	const names = [
		'ContactCreate',
		'ContactUpdate',
		'ContactDelete',
		'ContactTagUpdate',
		'ContactDndUpdate',
		'TaskCreate',
		'TaskComplete',
		'TaskDelete',
		'NoteCreate',
		'NoteUpdate',
		'NoteDelete',
		'AppointmentCreate',
		'AppointmentUpdate',
		'AppointmentDelete',
	];
	return names.map((name) => {
		const file = JSON.parse(readFileSync(path.join(EVENTS_DIR, `${name}.json`), 'utf8')) as { event: string; examples: IDataObject[] };
		return { event: file.event, example: file.examples[0] };
	});
}

let counter = 0;

/** A fresh, unique webhookId. */
export function newWebhookId(): string {
	counter++;
	return `wh-${Date.now().toString(36)}-${counter}`;
}

/** Adds the replay fields a real delivery carries (the published examples have none). */
export function stamp(payload: IDataObject, at: Date = new Date(), webhookId: string = newWebhookId()): IDataObject {
	return { ...payload, timestamp: at.toISOString(), webhookId };
}
