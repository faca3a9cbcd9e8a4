import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { contactsApiRequest, getConnection, pathSegment } from '../transport';
import type { CursorPage } from '../transport/pagination';

/** The location the editor is looking at: the node's override, else the credential's. */
async function editorLocation(ctx: ILoadOptionsFunctions): Promise<string> {
	const options = (ctx.getCurrentNodeParameter('options') ?? {}) as IDataObject;
	const override = typeof options.locationId === 'string' ? options.locationId.trim() : '';
	return override || (await getConnection(ctx)).locationId;
}

function contactLabel(c: IDataObject): string {
	const name = [c.firstName, c.lastName].filter(Boolean).join(' ') || (c.contactName as string) || '';
	const contact = (c.email as string) || (c.phone as string) || '';
	return [name, contact].filter(Boolean).join(' · ') || String(c.id);
}

/**
 * The "open" link of a picked contact: its page in the web app, never the API host (which
 * answers 401 to a browser). HighLevel's app for the upstream API host; app.<domain> for a
 * white-label "<name>api.<domain>" host (the Taskee Portal's portalapi.taskee.ai); none for
 * any other host, whose app is unknown. Path: /v2/location/<locationId>/contacts/detail/<id>.
 */
export function contactAppUrl(baseUrl: string, locationId: string, contactId: string): string | undefined {
	let host: string;
	try {
		host = new URL(baseUrl).hostname;
	} catch {
		return undefined;
	}
	const app = host === 'services.leadconnectorhq.com' ? 'app.gohighlevel.com' : /^[^.]*api\.(.+\..+)$/.exec(host)?.[1];
	if (!app) return undefined;
	const appHost = app.startsWith('app.') ? app : `app.${app}`;
	return `https://${appHost}/v2/location/${encodeURIComponent(locationId)}/contacts/detail/${encodeURIComponent(contactId)}`;
}

export const listSearch = {
	async searchContacts(
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		const locationId = await editorLocation(this);
		const qs: IDataObject = { locationId, limit: 50 };
		if (filter) qs.query = filter;
		if (paginationToken) qs.startAfterId = paginationToken;
		const page = await contactsApiRequest<CursorPage>(this, {
			method: 'GET',
			path: '/contacts/',
			qs,
			idempotent: true,
			scope: 'contacts.readonly',
		});
		const contacts = page.contacts ?? [];
		const { baseUrl } = await getConnection(this);
		return {
			results: contacts.map((c) => ({
				name: contactLabel(c),
				value: String(c.id),
				url: contactAppUrl(baseUrl, locationId, String(c.id)),
			})),
			paginationToken: page.meta?.startAfterId && contacts.length === 50 ? page.meta.startAfterId : undefined,
		};
	},
};

export const loadOptions = {
	async getTags(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const locationId = await editorLocation(this);
		const r = await contactsApiRequest<{ tags?: IDataObject[] }>(this, {
			method: 'GET',
			path: `/locations/${pathSegment(locationId)}/tags`,
			locationId,
			idempotent: true,
			scope: 'locations/tags.readonly',
		});
		// Tags are set by name on contacts, so the name is the value.
		return (r.tags ?? [])
			.map((t) => ({ name: String(t.name), value: String(t.name) }))
			.sort((a, b) => a.name.localeCompare(b.name));
	},

	async getCustomFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const locationId = await editorLocation(this);
		const r = await contactsApiRequest<{ customFields?: IDataObject[] }>(this, {
			method: 'GET',
			path: `/locations/${pathSegment(locationId)}/customFields`,
			locationId,
			qs: { model: 'contact' },
			idempotent: true,
			scope: 'locations/customFields.readonly',
		});
		return (r.customFields ?? [])
			.map((f) => ({
				name: `${String(f.name)} (${friendlyType(String(f.dataType ?? ''))})`,
				value: String(f.id),
				description: f.fieldKey ? String(f.fieldKey) : undefined,
			}))
			.sort((a, b) => a.name.localeCompare(b.name));
	},

	async getUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const locationId = await editorLocation(this);
		const r = await contactsApiRequest<{ users?: IDataObject[] }>(this, {
			method: 'GET',
			path: '/users/',
			qs: { locationId },
			idempotent: true,
			scope: 'users.readonly',
		});
		return (r.users ?? [])
			.map((u) => ({
				name: String(u.name ?? ([u.firstName, u.lastName].filter(Boolean).join(' ') || u.email)),
				value: String(u.id),
				description: u.email ? String(u.email) : undefined,
			}))
			.sort((a, b) => a.name.localeCompare(b.name));
	},
};

const TYPE_NAMES: Record<string, string> = {
	TEXT: 'Text',
	LARGE_TEXT: 'Large Text',
	NUMERICAL: 'Number',
	MONETORY: 'Monetary',
	PHONE: 'Phone',
	DATE: 'Date',
	CHECKBOX: 'Checkboxes',
	SINGLE_OPTIONS: 'Single Option',
	MULTIPLE_OPTIONS: 'Multiple Options',
	RADIO: 'Radio',
	FILE_UPLOAD: 'File',
	TEXTBOX_LIST: 'Text List',
};

function friendlyType(dataType: string): string {
	return TYPE_NAMES[dataType] ?? (dataType || 'Text');
}
