/**
 * What a user sees on a node just placed, computed the way the editor does (n8n-workflow's
 * NodeHelpers on the node's description): no parameter issue (nothing red) on a new trigger, and the triggers' event defaults per version. Saved workflows omit parameters that equal
 * their default, so a version's defaults must never change: versions 1 and 2 keep theirs, and
 * version 3 follows one rule (the service's contact Created and Updated events).
 */
import type { INode, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { CallbellTrigger } from '../../../nodes/CallbellTrigger/CallbellTrigger.node';
import { ContactsApiTrigger } from '../../../nodes/ContactsApiTrigger/ContactsApiTrigger.node';
import { PUBLISHED_ED25519_PUBLIC_KEY, PUBLISHED_RSA_PUBLIC_KEY } from '../../../nodes/ContactsApiTrigger/signature';
import { DialpadTrigger } from '../../../nodes/DialpadTrigger/DialpadTrigger.node';

/** Triggers need nothing from the user but a credential: every required parameter has a default. */
const TRIGGERS: INodeType[] = [new ContactsApiTrigger(), new CallbellTrigger(), new DialpadTrigger()];

function versionsOf(description: INodeTypeDescription): number[] {
	return Array.isArray(description.version) ? description.version : [description.version];
}

function newestVersion(description: INodeTypeDescription): number {
	return Number(description.defaultVersion ?? Math.max(...versionsOf(description)));
}

/** The parameters of a node as stored for `typeVersion` with `saved` (defaults filled in). */
function resolved(description: INodeTypeDescription, typeVersion: number, saved: INode['parameters'] = {}) {
	const node = { typeVersion } as INode;
	return NodeHelpers.getNodeParameters(description.properties, saved, true, false, node, description) ?? {};
}

describe('a node just placed in a workflow', () => {
	it.each(TRIGGERS.map((n) => [n.description.displayName, n] as const))('%s shows no parameter issue', (_name, nodeType) => {
		const { description } = nodeType;
		const typeVersion = newestVersion(description);
		const node: INode = {
			id: 'n',
			name: description.defaults.name ?? description.displayName,
			type: `n8n-nodes-contacts-api.${description.name}`,
			typeVersion,
			position: [0, 0],
			parameters: resolved(description, typeVersion),
		};
		expect(NodeHelpers.getNodeParametersIssues(description.properties, node, description)).toBeNull();
	});

	it('the three triggers start on their contact Created and Updated events (version 3)', () => {
		expect(resolved(new ContactsApiTrigger().description, 3).events).toEqual(['ContactCreate', 'ContactUpdate']);
		expect(resolved(new CallbellTrigger().description, 3).events).toEqual(['contact_created', 'contact_updated']);
		expect(resolved(new DialpadTrigger().description, 3).events).toEqual(['contact.created', 'contact.updated']);
	});

	it('saved version 1 and 2 triggers keep the defaults they were saved with', () => {
		for (const version of [1, 2]) {
			expect(resolved(new ContactsApiTrigger().description, version).events).toEqual(['*']);
			expect(resolved(new CallbellTrigger().description, version).events).toEqual([]);
			expect(resolved(new DialpadTrigger().description, version).events).toEqual(['call.hangup']);
			// Their keys stay main parameters, pre-filled with HighLevel's published keys.
			const trigger = resolved(new ContactsApiTrigger().description, version);
			expect(trigger.ed25519PublicKey).toBe(PUBLISHED_ED25519_PUBLIC_KEY);
			expect(trigger.rsaPublicKey).toBe(PUBLISHED_RSA_PUBLIC_KEY);
		}
	});

	it('the Contacts API Trigger (version 3) keeps its public keys under Options, pre-filled with the published ones', () => {
		const { description } = new ContactsApiTrigger();
		const main = resolved(description, 3);
		expect(main).not.toHaveProperty('ed25519PublicKey');
		expect(main).not.toHaveProperty('rsaPublicKey');
		const options = description.properties.filter((p) => p.name === 'options' && NodeHelpers.displayParameter(main, p, { typeVersion: 3 } as INode, description));
		expect(options).toHaveLength(1);
		const inOptions = Object.fromEntries((options[0].options as Array<{ name: string; default: unknown }>).map((o) => [o.name, o.default]));
		expect(inOptions.ed25519PublicKey).toBe(PUBLISHED_ED25519_PUBLIC_KEY);
		expect(inOptions.rsaPublicKey).toBe(PUBLISHED_RSA_PUBLIC_KEY);
	});
});
