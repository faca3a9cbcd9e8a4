/**
 * Shared set-up for the tests of the contact-scoped resources (task, note, appointment, tag,
 * follower, campaign, workflow): a sandbox per test file, contacts inserted straight into its
 * store, and a shorthand for running the Contacts API node against it.
 */
import type { IDataObject, INodeParameterResourceLocator, INodeParameters } from 'n8n-workflow';

import { runNode, type NodeRun } from '../../harness/engine';
import { CONTACTS_DEMO, contactsCredential, type Sandbox, useContactsSandbox } from '../../harness/sandboxes';

const { insertContact } = require('../../sandbox/contacts/store');

export { CONTACTS_DEMO };

/** The parts of the sandbox's in-memory state these tests look at. */
export interface RelatedStore {
	contacts: Map<string, IDataObject & { tags: string[]; followers: string[] }>;
	tasks: Map<string, IDataObject>;
	notes: Map<string, IDataObject>;
	appointments: Map<string, IDataObject>;
	campaigns: Set<string>;
	workflows: Set<string>;
	campaignMembers: Map<string, Set<string>>;
	workflowMembers: Map<string, Map<string, string | null>>;
}

export type RelatedSandbox = Sandbox & { store: RelatedStore };

export const USERS = { alice: 'usr_alice_000000000001', bob: 'usr_bob_00000000000002' };
export const CAMPAIGN_ID = 'camp_demo_000000000001';
export const WORKFLOW_ID = 'wf_demo_00000000000001';

/** Registers the per-file life cycle (see useContactsSandbox); returns the sandbox's getter. */
export function useSandbox(): () => RelatedSandbox {
	let sandbox: RelatedSandbox;
	useContactsSandbox((started) => (sandbox = started as RelatedSandbox));
	return () => sandbox;
}

/** A contact of the demo location, made directly in the store (no request recorded). */
export function addContact(sandbox: RelatedSandbox, fields: IDataObject = {}): string {
	const contact = insertContact(sandbox.store, { locationId: CONTACTS_DEMO.locationId, firstName: 'Grace', ...fields });
	return contact.id as string;
}

/** A resource locator value in "By ID" mode. */
export function byId(value: string): INodeParameterResourceLocator {
	return { __rl: true, mode: 'id', value };
}

export interface RunOptions {
	input?: IDataObject[];
	continueOnFail?: boolean;
	token?: string;
}

export async function run(sandbox: RelatedSandbox, parameters: INodeParameters, options: RunOptions = {}): Promise<NodeRun> {
	return await runNode({
		type: 'contactsApi',
		parameters,
		credentials: contactsCredential(sandbox, options.token ? { token: options.token } : {}),
		input: options.input,
		continueOnFail: options.continueOnFail,
	});
}

/** The JSON of every output item. */
export function jsonOf(result: NodeRun): IDataObject[] {
	return result.items.map((i) => i.json);
}

/** Method and path of every recorded request, in order. */
export function calls(sandbox: RelatedSandbox): string[] {
	return sandbox.requests.map((r) => `${r.method} ${r.path}`);
}
