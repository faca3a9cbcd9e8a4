/** Typed access to the Contacts sandbox's in-memory store, for seeding data directly. */
import type { Sandbox } from './sandboxes';

const store = require('../sandbox/contacts/store');

export interface StoredContact {
	id: string;
	locationId: string;
	firstName: string | null;
	lastName: string | null;
	email: string | null;
	phone: string | null;
	tags: string[];
	businessId: string | null;
	customFields: Array<{ id: string; value: unknown }>;
	[key: string]: unknown;
}

export interface ContactsStore {
	contacts: Map<string, StoredContact>;
	order: string[];
	locations: Map<string, { allowDuplicates: boolean; duplicateCheck: string[] }>;
}

export function storeOf(sandbox: Sandbox): ContactsStore {
	return (sandbox as unknown as { store: ContactsStore }).store;
}

/** Inserts a contact straight into the sandbox (no request recorded). */
export function insertContact(sandbox: Sandbox, fields: Record<string, unknown>): StoredContact {
	return store.insertContact(storeOf(sandbox), fields) as StoredContact;
}
