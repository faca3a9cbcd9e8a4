/**
 * Version 3 of the Contacts API Trigger through n8n's webhook path: the public keys live under
 * Options (an option not added means HighLevel's published key), and a new trigger starts on
 * ContactCreate / ContactUpdate. Version 2 with its keys as main parameters still verifies.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { deliver, startWebhookServer, type WebhookServer } from '../../harness/webhook';
import { createSigner, eventExamples, stamp, type Signer } from './signer';

let signer: Signer;
const servers: WebhookServer[] = [];

beforeAll(async () => {
	signer = await createSigner({ rsa: false });
});
afterAll(async () => {
	await Promise.all(servers.map(async (server) => await server.close()));
});

async function serve(parameters: INodeParameters, typeVersion: number): Promise<WebhookServer> {
	const server = await startWebhookServer({ type: 'contactsApiTrigger', parameters, typeVersion });
	servers.push(server);
	return server;
}

function example(type: string): IDataObject {
	const found = eventExamples().find((e) => e.event === type);
	if (!found) throw new Error(`no published example for ${type}`);
	return stamp(found.example);
}

describe('Contacts API Trigger version 3', () => {
	it('verifies with an Ed25519 key given under Options and starts on the default contact events only', async () => {
		const server = await serve({ signatureMode: 'ed25519', options: { ed25519PublicKey: signer.ed25519.publicPem } }, 3);
		const update = JSON.stringify(example('ContactUpdate'));
		const answer = await deliver(server.url, update, signer.headers(update, 'ed25519'));
		expect(answer.status).toBe(200);
		const task = JSON.stringify(example('TaskComplete'));
		const ignored = await deliver(server.url, task, signer.headers(task, 'ed25519'));
		expect({ status: ignored.status, body: ignored.json }).toMatchObject({ status: 200, body: { status: 'ignored' } });
		await server.settled();
		expect(server.executions).toHaveLength(1);
		expect(server.executions[0].sinkItems[0].json).toMatchObject({ type: 'ContactUpdate', _webhook: { verifiedBy: 'ed25519' } });
	});

	it('without the option it checks against HighLevel\'s published key: another key is refused (401)', async () => {
		const server = await serve({}, 3);
		const body = JSON.stringify(example('ContactCreate'));
		const answer = await deliver(server.url, body, signer.headers(body, 'ed25519'));
		expect({ status: answer.status, error: answer.json.error }).toEqual({ status: 401, error: 'Invalid x-ghl-signature signature' });
		await server.settled();
		expect(server.executions).toHaveLength(0);
	});

	it('ignores a key saved as a main parameter (version 2 style): only Options count in version 3', async () => {
		const server = await serve({ signatureMode: 'ed25519', ed25519PublicKey: signer.ed25519.publicPem }, 3);
		const body = JSON.stringify(example('ContactCreate'));
		expect((await deliver(server.url, body, signer.headers(body, 'ed25519'))).status).toBe(401);
	});

	it('version 2 keeps its main-parameter key and All Events', async () => {
		const server = await serve({ signatureMode: 'ed25519', ed25519PublicKey: signer.ed25519.publicPem }, 2);
		const body = JSON.stringify(example('TaskComplete'));
		expect((await deliver(server.url, body, signer.headers(body, 'ed25519'))).status).toBe(200);
		await server.settled();
		expect(server.executions).toHaveLength(1);
	});
});
