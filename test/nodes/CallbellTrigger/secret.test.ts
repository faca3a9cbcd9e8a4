/**
 * The Callbell Trigger's signing secret (nodes/CallbellTrigger/secret.ts), through the trigger
 * over real HTTP: reads of the credential are shared by deliveries that arrive together, and a
 * secret saved in the credential takes effect as documented (a new secret at once, a replaced one
 * from SHARED_READ_MS after the save on).
 */
import { SHARED_READ_MS } from '../../../nodes/CallbellTrigger/secret';
import { deliver as postRaw, type WebhookServer } from '../../harness/webhook';
import type { CallbellSandbox } from './fixtures';
import { credentials, deliver, EVENT_PAYLOADS, SECRET, startSandbox, startTrigger } from './fixtures';

let sandbox: CallbellSandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

afterEach(() => {
	jest.restoreAllMocks();
	expect(sandbox.specViolations()).toEqual([]);
});

describe('reading the signing secret (secret.ts)', () => {
	const NEW_SECRET = 'whsec_n8nTest_replaced_7Rk2Wq9Zt4Lp';
	let harness: WebhookServer;

	beforeEach(async () => {
		harness = await startTrigger(sandbox, { events: ['contact_updated'], secret: SECRET });
		await harness.activate();
	});

	afterEach(async () => {
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

	it('shares one credential read among deliveries that arrive together', async () => {
		const reads = jest.spyOn(harness.credentialsHelper, 'getDecrypted');
		// Sent at once: they reach the trigger within a few milliseconds of each other.
		const statuses = await Promise.all(Array.from({ length: 20 }, async (_, i) => await post(`together-${i}`, SECRET)));
		expect(statuses).toEqual(Array(20).fill(200));
		expect(harness.executions).toHaveLength(20);
		const readsMade = reads.mock.calls.filter(([, , type]) => type === 'callbellApi').length;
		expect(readsMade).toBeGreaterThanOrEqual(1);
		expect(readsMade).toBeLessThan(10);
	});

	it('checks a delivery signed with a just-saved secret against a read made after it arrived', async () => {
		expect(await post('before-replace', SECRET)).toBe(200);
		// Saved right after a read: a read shared with that delivery would still hold the old secret.
		await replaceSecret(NEW_SECRET);
		expect(await post('signed-with-new', NEW_SECRET)).toBe(200);
		expect(await post('signed-with-old', SECRET)).toBe(401);
		expect(harness.executions).toHaveLength(2);
	});

	it('refuses the replaced secret once the shared span is over, however recent the last read', async () => {
		expect(await post('before-replace', SECRET)).toBe(200);
		await replaceSecret(NEW_SECRET);
		await new Promise((resolve) => setTimeout(resolve, SHARED_READ_MS + 20));
		expect(await post('signed-with-old', SECRET)).toBe(401);
		expect(await post('signed-with-new', NEW_SECRET)).toBe(200);
	});

	it('accepts unsigned deliveries as soon as the secret is removed, and refuses them as soon as one is added', async () => {
		expect(await post('signed', SECRET)).toBe(200);
		await replaceSecret('');
		expect(await post('unsigned-after-removal', undefined)).toBe(200);
		expect(harness.executions[1].triggerItems[0].json._callbell).toEqual({ event: 'contact_updated', verified: false });
		await replaceSecret(NEW_SECRET);
		await new Promise((resolve) => setTimeout(resolve, SHARED_READ_MS + 20));
		expect(await post('unsigned-after-adding', undefined)).toBe(401);
	});

	it('keeps no failed read: the next delivery reads again', async () => {
		const reads = jest.spyOn(harness.credentialsHelper, 'getDecrypted').mockRejectedValueOnce(new Error('database is locked'));
		expect(await post('while-failing', SECRET)).toBe(500);
		expect(await post('after-failing', SECRET)).toBe(200);
		expect(reads.mock.calls.filter(([, , type]) => type === 'callbellApi')).toHaveLength(2);
		expect(harness.executions).toHaveLength(1);
	});
});
