/**
 * No ID value can change a request path (issue 10, kind 7): every ID parameter of every
 * operation of both action nodes, top-level or inside a collection, gets each hostile value
 * through n8n-core's engine; each must be refused by name before any request reaches either
 * sandbox. The parameters are found in the node descriptions, so a new operation or ID
 * parameter is swept without touching this file.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';

import { runNode } from '../../harness/engine';
import { contactsCredential, type Sandbox, useContactsSandbox } from '../../harness/sandboxes';
import { type CallbellSandbox, callbellCredential, startCallbell } from '../Callbell/helpers';
import { idProblem, pathSegment, assertSafeUrlPath } from '../../../nodes/shared/path';

const { ContactsApi } = require('../../../nodes/ContactsApi/ContactsApi.node');
const { Callbell } = require('../../../nodes/Callbell/Callbell.node');

/** The values issue 10 names, and the Unicode that normalises (NFKC) into them. */
const HOSTILE = ['.', '..', '/', '%2F', '?', '#', 'a/../b', 'ab?x=1', 'ab#x', '\uFF0E\uFF0E', 'caf\u00E9', '\u2215etc'];

const ID_NAME = /(Id|Uuid|Ids)$|^assignedTo$/;
/** Also IDs: pickers of several IDs ("Follower Names or IDs"). */
const isIdProperty = (p: INodeProperties) =>
	ID_NAME.test(p.name) || (p.type === 'multiOptions' && /\bIDs\b/.test(p.displayName) && p.name !== 'tags');

interface Target {
	resource: string;
	operation: string;
	/** Where the ID goes: a top-level parameter or `collection.child`. */
	path: string[];
	property: INodeProperties;
}

function shownFor(p: INodeProperties, resource: string, operation: string): boolean {
	const show = p.displayOptions?.show ?? {};
	const resources = show.resource as string[] | undefined;
	const operations = show.operation as string[] | undefined;
	return (!resources || resources.includes(resource)) && (!operations || operations.includes(operation)) && !!resources;
}

function targets(properties: INodeProperties[]): Target[] {
	const out: Target[] = [];
	const resources = (properties.find((p) => p.name === 'resource')?.options ?? []) as Array<{ value: string }>;
	for (const { value: resource } of resources) {
		const operationProperty = properties.find((p) => p.name === 'operation' && (p.displayOptions?.show?.resource as string[]).includes(resource));
		for (const { value: operation } of (operationProperty?.options ?? []) as Array<{ value: string }>) {
			for (const p of properties.filter((q) => q.name !== 'operation' && shownFor(q, resource, operation))) {
				if (p.type === 'resourceLocator' || isIdProperty(p)) out.push({ resource, operation, path: [p.name], property: p });
				if (p.type === 'collection') {
					for (const child of (p.options ?? []) as INodeProperties[]) {
						if (isIdProperty(child)) out.push({ resource, operation, path: [p.name, child.name], property: child });
					}
				}
			}
		}
	}
	return out;
}

/** A value every other required parameter accepts, so only the swept ID can be refused. */
function filler(p: INodeProperties): unknown {
	if (p.type === 'resourceLocator') return { __rl: true, mode: 'id', value: 'abc123' };
	if (p.type === 'multiOptions') return ['abc123'];
	// Templates need the opt-in confirmation; other switches keep their defaults.
	if (p.type === 'boolean') return /optIn/i.test(p.name) ? true : p.default;
	if (ID_NAME.test(p.name)) return 'abc123';
	if (/phone|^to$|^identifier$/i.test(p.name)) return '+14155552671';
	if (/email/i.test(p.name)) return 'a@example.com';
	if (p.type === 'dateTime' || /date/i.test(p.name)) return '2026-05-01T09:30:00Z';
	if (p.type === 'options' && Array.isArray(p.options) && p.options.length > 0) return p.default !== '' ? p.default : (p.options[0] as { value: unknown }).value;
	if (p.type === 'string') return 'text';
	return p.default;
}

function parametersFor(properties: INodeProperties[], target: Target, value: string): INodeParameters {
	const params: IDataObject = { resource: target.resource, operation: target.operation };
	for (const p of properties.filter((q) => shownFor(q, target.resource, target.operation))) {
		const needed = p.required || p.type === 'multiOptions' || p.type === 'boolean' || /email|phone/i.test(p.name);
		if (needed && p.name !== 'operation') params[p.name] = filler(p) as IDataObject;
	}
	// Make the swept parameter shown: its other display conditions (e.g. a message type).
	for (const [key, values] of Object.entries(target.property.displayOptions?.show ?? {})) {
		if (key !== 'resource' && key !== 'operation' && !key.startsWith('@') && Array.isArray(values)) params[key] = values[0] as IDataObject;
	}
	const given =
		target.property.type === 'resourceLocator'
			? { __rl: true, mode: 'id', value }
			: target.property.type === 'multiOptions'
				? [value]
				: value;
	if (target.path.length === 1) params[target.path[0]] = given as IDataObject;
	else params[target.path[0]] = { ...((params[target.path[0]] as IDataObject) ?? {}), [target.path[1]]: given };
	return params as INodeParameters;
}

let contacts: Sandbox;
useContactsSandbox((started) => (contacts = started));
let callbell: CallbellSandbox;
beforeAll(async () => (callbell = await startCallbell()));
afterAll(async () => await callbell.close());

const nodes: Array<{ type: string; properties: INodeProperties[]; credentials: () => Record<string, ICredentialDataDecryptedObject> }> = [
	{ type: 'contactsApi', properties: new ContactsApi().description.properties, credentials: () => contactsCredential(contacts) },
	{ type: 'callbell', properties: new Callbell().description.properties, credentials: () => callbellCredential(callbell) },
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
