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

/** The contact custom field definitions of the editor's location. */
export async function editorCustomFields(ctx: ILoadOptionsFunctions): Promise<IDataObject[]> {
	const locationId = await editorLocation(ctx);
	const r = await contactsApiRequest<{ customFields?: IDataObject[] }>(ctx, {
		method: 'GET',
		path: `/locations/${pathSegment(locationId)}/customFields`,
		locationId,
		qs: { model: 'contact' },
		idempotent: true,
		scope: 'locations/customFields.readonly',
	});
	return r.customFields ?? [];
}

function contactLabel(c: IDataObject): string {
	const name = [c.firstName, c.lastName].filter(Boolean).join(' ') || (c.contactName as string) || '';
	const contact = (c.email as string) || (c.phone as string) || '';
	return [name, contact].filter(Boolean).join(' · ') || String(c.id);
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
				url: `${baseUrl.replace(/\/\/[^.]*api\./, '//app.')}/v2/location/${locationId}/contacts/detail/${String(c.id)}`,
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
		return (await editorCustomFields(this))
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
