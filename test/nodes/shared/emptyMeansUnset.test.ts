/**
 * "Empty means unset" for every optional parameter of every action node (issues 11, 13).
 * n8n keeps a collection's values when the user switches operation, so what one operation
 * left empty reaches the next one. Such leftovers must count as unset: never fail a run,
 * never blank data.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';

import { runNode } from '../../harness/engine';
import { contactsCredential, type Sandbox, useContactsSandbox } from '../../harness/sandboxes';
import { type CallbellSandbox, callbellCredential, DEMO, startCallbell } from '../Callbell/helpers';
import { ACTION_NODES, operationsOf, requiredParameters, shownFor } from './nodeSweep';

let contacts: Sandbox;
useContactsSandbox((started) => (contacts = started));
let callbell: CallbellSandbox;
beforeAll(async () => (callbell = await startCallbell()));
afterAll(async () => await callbell.close());

/** What the editor stores for an option a user added and left alone: its empty default. */
function leftAlone(child: INodeProperties): unknown {
	if (child.type === 'boolean' || child.type === 'number') return undefined;
	if (child.type === 'multiOptions') return [];
	if (child.type === 'fixedCollection' || child.type === 'collection') return {};
	return '';
}

describe('empty means unset', () => {
	it('Callbell: a workflow switched from Contact → Create to Message → Send runs with the leftovers', async () => {
		// As saved by the editor: Create with Team, Assigned User, Note and Tags added but left empty…
		const create: INodeParameters = {
			resource: 'contact',
			operation: 'create',
			source: 'whatsapp',
			identifier: '+14155552671',
			name: 'Leftover',
			additionalFields: { teamUuid: '', assignedUser: '', note: '', tags: '' },
		};
		// …then the operation switched: the shared "Additional Fields" keep their values.
		const send: INodeParameters = {
			...create,
			resource: 'message',
			operation: 'send',
			from: 'whatsapp',
			to: DEMO.phones.john,
			messageType: 'text',
			text: 'Hello',
			channelUuid: { __rl: true, mode: 'id', value: DEMO.channels.whatsapp },
		};
		callbell.clearRequests();
		const result = await runNode({ type: 'callbell', parameters: send, credentials: callbellCredential(callbell) });
		expect(result.error?.message).toBeUndefined();
		const sent = callbell.requests.find((r) => r.path === '/messages/send');
		expect(sent?.body).toBeDefined();
		expect(sent?.body).not.toHaveProperty('team_uuid');
		expect(sent?.body).not.toHaveProperty('assigned_user');
	});

	const nodes: Array<{ type: string; properties: INodeProperties[]; credentials: () => Record<string, ICredentialDataDecryptedObject> }> = [
		{ ...ACTION_NODES.contactsApi, credentials: () => contactsCredential(contacts) },
		{ ...ACTION_NODES.callbell, credentials: () => callbellCredential(callbell) },
	];

	for (const node of nodes) {
		it(`${node.type}: no operation refuses an optional field that was added and left empty`, async () => {
			const refused: string[] = [];
			let checked = 0;
			for (const { resource, operation } of operationsOf(node.properties)) {
				const parameters = requiredParameters(node.properties, resource, operation);
				const optional: string[] = [];
				for (const p of node.properties.filter((q) => q.type === 'collection' && shownFor(q, resource, operation))) {
					const children = (p.options ?? []) as INodeProperties[];
					parameters[p.name] = Object.fromEntries(
						children.map((c) => [c.name, leftAlone(c)]).filter(([, v]) => v !== undefined),
					) as IDataObject;
					optional.push(...children.map((c) => c.name));
				}
				if (optional.length === 0) continue;
				checked++;
				const result = await runNode({ type: node.type, parameters: parameters as INodeParameters, credentials: node.credentials() });
				const message = result.error?.message ?? '';
				const named = optional.find((name) => message.includes(`(${name})`));
				if (named) refused.push(`${resource}.${operation}: ${message}`);
			}
			expect(refused).toEqual([]);
			expect(checked).toBeGreaterThan(10);
		}, 120_000);
	}
});
