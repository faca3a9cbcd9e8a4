/**
 * The Callbell Trigger's signing secret (nodes/CallbellTrigger/secret.ts), through the trigger
 * over real HTTP: reads of the credential are shared by deliveries that arrive together, and a
 * secret saved in the credential takes effect as documented (a new secret at once, a replaced one
 * from SHARED_READ_MS after the save on).
 */
import * as workflow from 'n8n-workflow';

import { SHARED_READ_MS } from '../../../nodes/CallbellTrigger/secret';
import { deliver as postRaw, type WebhookServer } from '../../harness/webhook';
import type { CallbellSandbox } from './fixtures';
import { credentials, deliver, EVENT_PAYLOADS, SECRET, startTrigger, useSandbox } from './fixtures';

let sandbox: CallbellSandbox;
useSandbox((started) => (sandbox = started));

describe('reading the signing secret (secret.ts)', () => {
	const NEW_SECRET = 'whsec_n8nTest_replaced_7Rk2Wq9Zt4Lp';
	let harness: WebhookServer;
	/** The arrival clock of secret.ts (`performance.now`), set by a test; undefined: the real one. */
	let clock: number | undefined;

	beforeEach(async () => {
		clock = undefined;
		const realNow = performance.now.bind(performance);
		jest.spyOn(performance, 'now').mockImplementation(() => clock ?? realNow());
		// A read is dropped SHARED_READ_MS of real time after it landed; here it is kept, so that
		// whether a delivery may use it depends on the arrival clock above alone.
		const realSleep = workflow.sleep;
		jest.spyOn(workflow, 'sleep').mockImplementation(async (ms: number) =>
			ms === SHARED_READ_MS ? await new Promise<void>(() => undefined) : await realSleep(ms),
		);
		harness = await startTrigger(sandbox, { events: ['contact_updated'], secret: SECRET });
		await harness.activate();
	});

	afterEach(async () => {
		jest.restoreAllMocks();
		await harness.deactivate();
		await harness.close();
	});

	const body = (uuid: string) => JSON.stringify({ event: 'contact_updated', payload: { ...EVENT_PAYLOADS.contact_updated, uuid } });
	const post = async (uuid: string, secret?: string) => {
		const raw = body(uuid);
		const answer = await postRaw(harness.url, raw, secret === undefined ? {} : { 'x-callbell-signature': deliver.signatureHeader(secret, raw) });
		await harness.settled();
		return answer.status;
	};
	const replaceSecret = async (signingSecret: string) =>
		await harness.credentialsHelper.updateCredentials({ id: 'x', name: 'x' }, 'callbellApi', credentials(sandbox, { signingSecret }).callbellApi);
	const countReads = () => {
		const spy = jest.spyOn(harness.credentialsHelper, 'getDecrypted');
		return () => spy.mock.calls.filter(([, , type]) => type === 'callbellApi').length;
	};
	const verifiedOf = (index: number) => (harness.executions[index].triggerItems[0].json._callbell as { verified: boolean }).verified;

	it('shares one credential read among deliveries that arrive together', async () => {
		const reads = countReads();
		const statuses = await Promise.all(Array.from({ length: 20 }, async (_, i) => await post(`together-${i}`, SECRET)));
		expect(statuses).toEqual(Array(20).fill(200));
		expect(harness.executions).toHaveLength(20);
		// Sent at once, they reach the trigger within a few milliseconds of each other.
		expect(reads()).toBeGreaterThanOrEqual(1);
		expect(reads()).toBeLessThan(10);
	});

	it('checks a delivery signed with a just-saved secret against a read made after it arrived', async () => {
		const reads = countReads();
		clock = 1_000_000;
		expect(await post('before-replace', SECRET)).toBe(200);
		expect(reads()).toBe(1);
		await replaceSecret(NEW_SECRET);
		// Within the span: the shared read (old secret) refuses it, a read made after it arrived accepts it.
		clock = 1_000_050;
		expect(await post('signed-with-new', NEW_SECRET)).toBe(200);
		expect(reads()).toBe(2);
		// Shares the read made for the previous delivery (new secret), then reads once more to refuse.
		clock = 1_000_060;
		expect(await post('signed-with-old', SECRET)).toBe(401);
		expect(reads()).toBe(3);
		expect(harness.executions).toHaveLength(2);
	});

	it('accepts the replaced secret only within the span of the last read, and refuses it from SHARED_READ_MS after that read on', async () => {
		clock = 2_000_000;
		expect(await post('before-replace', SECRET)).toBe(200);
		await replaceSecret(NEW_SECRET);
		clock = 2_000_000 + SHARED_READ_MS - 1;
		expect(await post('old-within-the-span', SECRET)).toBe(200);
		clock = 2_000_000 + SHARED_READ_MS;
		expect(await post('old-after-the-span', SECRET)).toBe(401);
		expect(await post('new-after-the-span', NEW_SECRET)).toBe(200);
	});

	it('accepts unsigned deliveries as soon as the secret is removed; once one is added, verifies signed deliveries at once and refuses unsigned ones from the span on', async () => {
		clock = 3_000_000;
		expect(await post('signed', SECRET)).toBe(200);
		await replaceSecret('');
		clock += 10;
		expect(await post('unsigned-after-removal', undefined)).toBe(200);
		expect(verifiedOf(1)).toBe(false);
		await replaceSecret(NEW_SECRET);
		clock += 10;
		// The shared read says "no secret": a signed delivery is checked against a read made after it arrived.
		expect(await post('signed-after-adding', NEW_SECRET)).toBe(200);
		expect(verifiedOf(2)).toBe(true);
		clock += SHARED_READ_MS;
		expect(await post('unsigned-after-adding', undefined)).toBe(401);
	});

	it('does not read again for a refusal the secret does not decide (an expired signature)', async () => {
		const reads = countReads();
		clock = 4_000_000;
		expect(await post('fresh-signature', SECRET)).toBe(200);
		const raw = body('expired');
		const expired = deliver.signatureHeader(SECRET, raw, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
		clock += 10;
		expect((await postRaw(harness.url, raw, { 'x-callbell-signature': expired })).status).toBe(401);
		expect(reads()).toBe(1);
	});

	it('keeps no failed read: the next delivery reads again', async () => {
		const reads = jest.spyOn(harness.credentialsHelper, 'getDecrypted').mockRejectedValueOnce(new Error('database is locked'));
		clock = 5_000_000;
		expect(await post('while-failing', SECRET)).toBe(500);
		clock += 10;
		expect(await post('after-failing', SECRET)).toBe(200);
		expect(reads.mock.calls.filter(([, , type]) => type === 'callbellApi')).toHaveLength(2);
		expect(harness.executions).toHaveLength(1);
	});
});
