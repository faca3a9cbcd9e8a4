import type { IWebhookFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

/**
 * The Callbell credential's Webhook Signing Secret, as the Callbell Trigger reads it for a
 * delivery: from a credential read that started at most `SHARED_READ_MS` before the delivery
 * arrived, shared by the deliveries of that span.
 *
 * Why shared: a read is a database SELECT and a decryption in n8n (`getCredentials` →
 * credentials-helper.js `getDecrypted`, about 1 ms of n8n CPU, and at n8n's default setting an
 * expression isolate too); reading for every delivery was the Callbell Trigger's largest cost
 * over n8n's Webhook node (bench/analysis.md, 2026-12-04). Why so short a span: a secret the
 * user replaces (Callbell invalidates the old one at once, callbell-api.md A.3) must stop
 * verifying as soon as it is saved in n8n. Under load (tens of deliveries per second) 0.1 s
 * still spares most reads; a delivery that arrives 0.1 s or more after the save is checked
 * against the new secret.
 *
 * A delivery whose outcome a newer secret could change (the trigger decides which) is checked
 * again with a read that started after it arrived (`fresh`), so a secret just added or replaced
 * never refuses, nor leaves unverified, the deliveries it signs.
 * Reads that fail (credential deleted, database down) are not kept: each delivery waiting on
 * one gets its error, the next delivery reads again. Nothing is kept once its span is over, so
 * no secret stays in memory after its workflow stops receiving.
 */
export const SHARED_READ_MS = 100;

/**
 * When a delivery arrived, for `signingSecret`: a monotonic clock in ms with sub-ms precision
 * (a wall-clock step back would make an older read look as if it began after the arrival).
 */
export function arrivalTime(): number {
	return performance.now();
}

interface Read {
	startedAt: number;
	secret: Promise<string>;
}

/** Per workflow and credential: the latest read. */
const reads = new Map<string, Read>();

export interface SigningSecret {
	/** '' when the credential has none (deliveries are not verified then). */
	secret: string;
	/** Whether the read started after the delivery arrived (so no later save can be missing from it). */
	fresh: boolean;
}

/**
 * The secret for a delivery that arrived at `arrivedAt` (`arrivalTime()`): from a read that
 * started less than `SHARED_READ_MS` before it, or with `fresh` after it. Rejects as
 * `getCredentials` does.
 */
export async function signingSecret(ctx: IWebhookFunctions, arrivedAt: number, fresh = false): Promise<SigningSecret> {
	const node = ctx.getNode();
	const key = `${ctx.getWorkflow().id ?? ''}\u0000${node.id}\u0000${node.credentials?.callbellApi?.id ?? ''}`;
	const read = reads.get(key);
	if (read && read.startedAt > (fresh ? arrivedAt : arrivedAt - SHARED_READ_MS)) {
		return { secret: await read.secret, fresh: read.startedAt > arrivedAt };
	}
	return { secret: await startRead(ctx, key).secret, fresh: true };
}

function startRead(ctx: IWebhookFunctions, key: string): Read {
	const read: Read = {
		startedAt: arrivalTime(),
		secret: ctx.getCredentials('callbellApi').then((credentials) =>
			typeof credentials.signingSecret === 'string' ? credentials.signingSecret.trim() : '',
		),
	};
	reads.set(key, read);
	const forget = () => {
		if (reads.get(key) === read) reads.delete(key);
	};
	read.secret.then(async () => await sleep(SHARED_READ_MS).then(forget), forget);
	return read;
}
