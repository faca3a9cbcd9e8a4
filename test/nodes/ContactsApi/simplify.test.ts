/**
 * Simplify on the contact reads (Get, Get Many, Search, Find Duplicate): off by default in a
 * workflow, on by default in the node's AI-tool variant, and what a simplified contact holds.
 */
import type { INode, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { packNodeClass } from '../../harness/pack';
import { addContact, byId, jsonOf, run, useSandbox, type RelatedSandbox } from './related.helpers';

const sandboxOf = useSandbox();
let sandbox: RelatedSandbox;
beforeEach(() => {
	sandbox = sandboxOf();
});

const FIELDS = {
	firstName: 'Ada',
	lastName: 'Lovelace',
	email: 'ada@example.com',
	phone: '+14155550199',
	companyName: 'Analytical Engines',
	tags: ['vip'],
	customFields: [{ id: 'cf_text_00000000000001', value: 'Blue' }],
};

const SIMPLE_KEYS = ['id', 'name', 'locationId', 'firstName', 'lastName', 'email', 'phone', 'companyName', 'tags', 'dateAdded'];

function expectSimplified(contact: unknown, id: string): void {
	expect(contact).toMatchObject({
		id,
		name: 'Ada Lovelace',
		email: 'ada@example.com',
		phone: '+14155550199',
		companyName: 'Analytical Engines',
		tags: ['vip'],
	});
	const keys = Object.keys(contact as object);
	// The sandbox's host has no known web app, so no link (a link to the API host would answer 401).
	expect(keys).not.toContain('url');
	for (const key of SIMPLE_KEYS) expect(keys).toContain(key);
	expect(keys).not.toContain('customFields');
}

/** The parameters n8n fills in for a node added to the canvas, as the plain node or as a tool. */
function defaults(asTool: boolean, operation: string): Record<string, unknown> {
	const description = new (packNodeClass('contactsApi'))().description;
	const variant: INodeTypeDescription = asTool ? { ...description, name: `${description.name}Tool` } : description;
	const node = { id: 'n', name: 'n', type: `x.${variant.name}`, typeVersion: 1, position: [0, 0], parameters: {} } as INode;
	return NodeHelpers.getNodeParameters(variant.properties, { resource: 'contact', operation }, true, false, node, variant) ?? {};
}

describe('Contacts API node: Simplify on contact reads', () => {
	it.each(['get', 'getAll', 'search', 'findDuplicate'])('%s: off by default in a workflow, on by default as an AI tool', (operation) => {
		expect(defaults(false, operation).simplify).toBe(false);
		expect(defaults(true, operation).simplify).toBe(true);
	});

	it('is not offered on writes', () => {
		expect(defaults(false, 'create')).not.toHaveProperty('simplify');
		expect(defaults(true, 'update')).not.toHaveProperty('simplify');
	});

	it('Get returns the full contact by default and the used fields with a link when simplified', async () => {
		const id = addContact(sandbox, FIELDS);
		const full = jsonOf(await run(sandbox, { resource: 'contact', operation: 'get', contactId: byId(id) }))[0];
		expect(full).toMatchObject({ id, customFields: FIELDS.customFields });
		expect(full).not.toHaveProperty('url');
		const simple = jsonOf(await run(sandbox, { resource: 'contact', operation: 'get', contactId: byId(id), simplify: true }))[0];
		expectSimplified(simple, id);
	});

	it('Get Many, Search and Find Duplicate simplify every contact', async () => {
		// The sandbox lives for the whole file: start from the contacts of this test only.
		sandbox.store.contacts.clear();
		(sandbox.store as unknown as { order: string[] }).order.length = 0;
		const id = addContact(sandbox, FIELDS);
		const many = jsonOf(await run(sandbox, { resource: 'contact', operation: 'getAll', returnAll: true, filters: { query: 'lovelace' }, simplify: true }));
		expect(many).toHaveLength(1);
		expectSimplified(many[0], id);
		const found = jsonOf(await run(sandbox, { resource: 'contact', operation: 'search', query: 'lovelace', returnAll: true, simplify: true }));
		expect(found).toHaveLength(1);
		expectSimplified(found[0], id);
		const duplicate = jsonOf(await run(sandbox, { resource: 'contact', operation: 'findDuplicate', email: 'ada@example.com', simplify: true }))[0];
		expect(duplicate.found).toBe(true);
		expectSimplified(duplicate.contact, id);
		const none = jsonOf(await run(sandbox, { resource: 'contact', operation: 'findDuplicate', email: 'nobody@example.com', simplify: true }))[0];
		expect(none).toEqual({ found: false, contact: null });
	});
});
