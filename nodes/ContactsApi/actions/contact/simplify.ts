import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { contactPageUrl } from '../../helpers/appLinks';
import { getConnection } from '../../transport';

/**
 * The "Simplify" switch of the contact reads (Get, Get Many, Search, Find Duplicate). Two
 * properties of the same name, one per use: off by default in workflows (existing workflows
 * keep their full output), on by default when the node is an AI agent's tool (n8n's `@tool`
 * display condition: the tool variant of the node type, `contactsApiTool`), where a short
 * answer keeps the agent's context small.
 */
const simplifyDescription =
	'Whether to return only the fields people use (ID, name, email, phone, company, tags, type, source, owner, DND, address, dates and a link to the contact in the web app) instead of the full contact with custom fields and settings';

export const simplifyProperties: INodeProperties[] = [
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description: simplifyDescription,
		displayOptions: { show: { '@tool': [false] } },
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: simplifyDescription,
		displayOptions: { show: { '@tool': [true] } },
	},
];

export function readSimplify(ctx: IExecuteFunctions, itemIndex: number): boolean {
	return ctx.getNodeParameter('simplify', itemIndex, false) === true;
}

/** Contact fields kept by Simplify, in output order (names as in the API's contact). */
const KEPT = [
	'id',
	'locationId',
	'firstName',
	'lastName',
	'email',
	'phone',
	'companyName',
	'tags',
	'type',
	'source',
	'assignedTo',
	'dnd',
	'address1',
	'city',
	'state',
	'postalCode',
	'country',
	'timezone',
	'dateAdded',
	'dateUpdated',
] as const;

function displayName(contact: IDataObject): string | null {
	const parts = [contact.firstName, contact.lastName].filter((p) => typeof p === 'string' && p !== '');
	if (parts.length > 0) return parts.join(' ');
	const name = contact.contactName ?? contact.name;
	return typeof name === 'string' && name !== '' ? name : null;
}

/**
 * A contact reduced to the kept fields (absent ones are left out, not null), with `name`
 * (first and last name, else the API's contactName) and `url`, the contact's page in the web
 * app of the credential's API host (see helpers/appLinks.ts).
 */
export async function simplifyContacts(ctx: IExecuteFunctions, contacts: IDataObject[]): Promise<IDataObject[]> {
	if (contacts.length === 0) return [];
	const { baseUrl } = await getConnection(ctx);
	return contacts.map((contact) => {
		const out: IDataObject = { id: contact.id, name: displayName(contact) };
		for (const key of KEPT) if (contact[key] !== undefined) out[key] = contact[key];
		const url = typeof contact.id === 'string' && typeof contact.locationId === 'string' ? contactPageUrl(baseUrl, contact.locationId, contact.id) : undefined;
		if (url !== undefined) out.url = url;
		return out;
	});
}
