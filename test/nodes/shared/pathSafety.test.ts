/**
 * No ID value can change a request path (issue 10, kind 7): every ID parameter of every
 * operation of both action nodes, top-level or inside a collection, gets each hostile value
 * through n8n-core's engine; each must be refused by name before any request reaches either
 * sandbox. The parameters are found in the node descriptions, so a new operation or ID
 * parameter is swept without touching this file.
 */
import type { ICredentialDataDecryptedObject, INodeProperties } from 'n8n-workflow';

import { runNode } from '../../harness/engine';
import { contactsCredential, type Sandbox, useContactsSandbox } from '../../harness/sandboxes';
import { type CallbellSandbox, callbellCredential, startCallbell } from '../Callbell/helpers';
import { assertSafeUrlPath, idProblem, pathSegment } from '../../../nodes/shared/path';
import { ACTION_NODES, parametersFor, targets } from './nodeSweep';

/** The values issue 10 names, and the Unicode that normalises (NFKC) into them. */
const HOSTILE = ['.', '..', '/', '%2F', '?', '#', 'a/../b', 'ab?x=1', 'ab#x', '\uFF0E\uFF0E', 'caf\u00E9', '\u2215etc'];

let contacts: Sandbox;
useContactsSandbox((started) => (contacts = started));
let callbell: CallbellSandbox;
beforeAll(async () => (callbell = await startCallbell()));
afterAll(async () => await callbell.close());

const nodes: Array<{ type: string; properties: INodeProperties[]; credentials: () => Record<string, ICredentialDataDecryptedObject> }> = [
	{ ...ACTION_NODES.contactsApi, credentials: () => contactsCredential(contacts) },
	{ ...ACTION_NODES.callbell, credentials: () => callbellCredential(callbell) },
];

describe('no ID value can change a request path', () => {
	it('finds the ID parameters of both nodes', () => {
		const counts = nodes.map((n) => targets(n.properties).length);
		// Contacts API: contact, task, note, campaign, workflow, tag, follower, business, location, users…
		expect(counts[0]).toBeGreaterThan(40);
		expect(counts[1]).toBeGreaterThan(25);
	});

	for (const node of nodes) {
		it(`${node.type}: every ID parameter refuses every hostile value by name, before any request`, async () => {
			const swept: string[] = [];
			const leaks: string[] = [];
			for (const target of targets(node.properties)) {
				for (const value of HOSTILE) {
					contacts.clearRequests();
					callbell.clearRequests();
					const result = await runNode({ type: node.type, parameters: parametersFor(node.properties, target, value), credentials: node.credentials() });
					const where = `${target.resource}.${target.operation} ${target.path.join('.')}=${JSON.stringify(value)}`;
					const sent = [...contacts.requests, ...callbell.requests].map((r) => `${r.method} ${r.path}`);
					if (sent.length > 0 || !result.error) leaks.push(`${where}: ${result.error ? 'refused after' : 'sent'} ${sent.join(', ')}`);
					else if (!result.error.message.includes(`(${target.path[target.path.length - 1]})`) || !/not a valid ID|must not be empty/.test(result.error.message)) {
						leaks.push(`${where}: refused for another reason: ${result.error.message}`);
					}
					swept.push(where);
				}
			}
			expect(leaks).toEqual([]);
			expect(swept.length).toBeGreaterThan(HOSTILE.length * 20);
		}, 300_000);
	}
});

describe('the shared path helpers', () => {
	it('refuse what could change a path and encode the rest as one segment', () => {
		for (const value of HOSTILE) expect(idProblem(value)).toBeDefined();
		expect(() => pathSegment('..')).toThrow(/Refused to put an ID into a request path/);
		expect(pathSegment('tk+1@2')).toBe('tk%2B1%402');
		expect(() => assertSafeUrlPath('https://api.example/contacts/abc/tasks/..')).toThrow(/segment "\.\."/);
		expect(() => assertSafeUrlPath('https://api.example/contacts/%2e%2E/x')).toThrow();
		expect(() => assertSafeUrlPath('https://api.example/contacts/a%2Fb')).toThrow();
		expect(() => assertSafeUrlPath('https://api.example/contacts/?q=..')).not.toThrow();
	});
});
