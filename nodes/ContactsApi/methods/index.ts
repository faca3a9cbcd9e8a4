import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { NodeOperationError } from 'n8n-workflow';

import { Validator } from '../../shared/validation';
import { contactIdFrom } from '../actions/common';
import { contactPageUrl } from '../helpers/appLinks';
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
				url: contactPageUrl(baseUrl, locationId, String(c.id)),
			})),
			paginationToken: page.meta?.startAfterId && contacts.length === 50 ? page.meta.startAfterId : undefined,
		};
	},

	/** Tasks of the contact chosen above (GET /contacts/{contactId}/tasks: the whole list, unpaged). */
	async searchTasks(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		if (!editorContact(this)) return chooseContactFirst('tasks');
		const rows = (await recordsOfEditorContact(this, 'tasks')).map((t) => ({
			name: [String(t.title || t.id), t.completed === true ? '(completed)' : dueLabel(t.dueDate)].filter(Boolean).join(' '),
			value: String(t.id),
		}));
		return { results: matching(rows, filter) };
	},

	/** Notes of the contact chosen above (GET /contacts/{contactId}/notes: the whole list, unpaged). */
	async searchNotes(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		if (!editorContact(this)) return chooseContactFirst('notes');
		const rows = (await recordsOfEditorContact(this, 'notes')).map((n) => ({ name: noteLabel(n), value: String(n.id) }));
		return { results: matching(rows, filter) };
	},

	/** Campaigns of the location (Campaigns API, GET /campaigns/?locationId; scope campaigns.readonly). */
	async searchCampaigns(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		return await namedList(this, filter, { path: '/campaigns/', key: 'campaigns', scope: 'campaigns.readonly' });
	},

	/** Workflows (automations) of the location (Workflows API, GET /workflows/?locationId; scope workflows.readonly). */
	async searchWorkflows(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		return await namedList(this, filter, { path: '/workflows/', key: 'workflows', scope: 'workflows.readonly' });
	},

	/** Businesses of the location (Businesses API, GET /businesses/?locationId; scope businesses.readonly). */
	async searchBusinesses(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		return await namedList(this, filter, { path: '/businesses/', key: 'businesses', scope: 'businesses.readonly' });
	},
};

/** The Contact parameter as the editor holds it (an ID, or a contact page URL), or undefined. */
function editorContact(ctx: ILoadOptionsFunctions): unknown {
	const value = ctx.getCurrentNodeParameter('contactId', { extractValue: true }) as unknown;
	return value === undefined || value === null || String(value).trim() === '' ? undefined : value;
}

/**
 * What the Task and Note pickers show before a contact is chosen. n8n shows a thrown error under
 * "Could not load list", which reads like a fault; one entry saying what to do reads as a step.
 * Its value is empty, so picking it leaves the field as it was (empty, and refused on run).
 */
function chooseContactFirst(key: 'tasks' | 'notes'): INodeListSearchResult {
	return { results: [{ name: `Choose a contact first: its ${key} are listed here`, value: '' }] };
}

/** The tasks or notes of the contact the editor holds in the Contact parameter. */
async function recordsOfEditorContact(ctx: ILoadOptionsFunctions, key: 'tasks' | 'notes'): Promise<IDataObject[]> {
	const value = editorContact(ctx);
	if (value === undefined) throw new NodeOperationError(ctx.getNode(), `Choose a contact first: its ${key} are listed here`);
	const contactId = contactIdFrom(new Validator(ctx, 0), 'Contact (contactId)', value);
	const r = await contactsApiRequest<Record<string, IDataObject[] | undefined>>(ctx, {
		method: 'GET',
		path: `/contacts/${pathSegment(contactId)}/${key}`,
		idempotent: true,
		scope: 'contacts.readonly',
	});
	return r[key] ?? [];
}

/** Case-insensitive "contains" on the label: these lists come whole, so the filter runs here. */
function matching(rows: INodeListSearchItems[], filter?: string): INodeListSearchItems[] {
	const needle = filter?.trim().toLowerCase();
	return needle ? rows.filter((r) => r.name.toLowerCase().includes(needle)) : rows;
}

function dueLabel(dueDate: unknown): string {
	return typeof dueDate === 'string' && dueDate ? `(due ${dueDate.slice(0, 10)})` : '';
}

/** Notes have no title of their own in most accounts: the start of the body, without HTML. */
function noteLabel(note: IDataObject): string {
	const text = String(note.title || note.body || '')
		.replace(/<[^>]*>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	const short = text.length > 80 ? `${text.slice(0, 79)}…` : text;
	return short || String(note.id);
}

/**
 * A location-wide list of `{id, name, status?}` records, returned whole by the API (no
 * paging parameters in its spec), filtered here, sorted by name, with the status when given.
 */
async function namedList(
	ctx: ILoadOptionsFunctions,
	filter: string | undefined,
	list: { path: string; key: string; scope: string },
): Promise<INodeListSearchResult> {
	const locationId = await editorLocation(ctx);
	const r = await contactsApiRequest<Record<string, IDataObject[] | undefined>>(ctx, {
		method: 'GET',
		path: list.path,
		qs: { locationId },
		locationId,
		idempotent: true,
		scope: list.scope,
	});
	const rows = (r[list.key] ?? [])
		.map((x) => ({
			name: [String(x.name || x.id), x.status ? `(${String(x.status)})` : ''].filter(Boolean).join(' '),
			value: String(x.id),
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results: matching(rows, filter) };
}

export const loadOptions = {
	/**
	 * IANA time zones (the contact's `timezone` field takes IANA names, e.g. America/Chicago),
	 * from the runtime's own list (Intl.supportedValuesOf) plus UTC, which it leaves out. No
	 * API call: the Locations API's timezone list has no documented response shape.
	 */
	async getTimezones(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const zones = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
		return [...zones].sort((a, b) => a.localeCompare(b)).map((zone) => ({ name: zone.replace(/_/g, ' '), value: zone }));
	},

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
