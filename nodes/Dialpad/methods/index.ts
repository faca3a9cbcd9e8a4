import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { fetchCursorPage } from '../transport';

/**
 * Pickers. Dialpad's lists take no search text, so each "load more" reads one API page
 * (the cursor is the pagination token) and the filter is applied to that page here.
 */

function matches(filter: string | undefined, ...texts: unknown[]): boolean {
	if (!filter) return true;
	const wanted = filter.toLowerCase();
	return texts.some((t) => (typeof t === 'string' || typeof t === 'number') && String(t).toLowerCase().includes(wanted));
}

function first(list: unknown): string | undefined {
	return Array.isArray(list) && typeof list[0] === 'string' ? list[0] : undefined;
}

async function search(
	ctx: ILoadOptionsFunctions,
	path: string,
	cursor: string | undefined,
	pick: (row: IDataObject) => { name: string; value: string; texts: unknown[] },
	filter: string | undefined,
): Promise<INodeListSearchResult> {
	const page = await fetchCursorPage(ctx, { path }, cursor || undefined);
	return {
		results: page.rows
			.map(pick)
			.filter((r) => matches(filter, r.value, ...r.texts))
			.map(({ name, value }) => ({ name, value })),
		paginationToken: page.cursor,
	};
}

export const listSearch = {
	async searchUsers(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		return await search(this, '/users', paginationToken, (u) => {
			const email = first(u.emails);
			const name = String(u.display_name ?? ([u.first_name, u.last_name].filter(Boolean).join(' ') || u.id));
			return { name: email ? `${name} (${email})` : name, value: String(u.id), texts: [name, email, u.extension] };
		}, filter);
	},

	async searchOffices(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		return await search(this, '/offices', paginationToken, (o) => ({
			name: String(o.name ?? o.id),
			value: String(o.id),
			texts: [o.name, first(o.phone_numbers)],
		}), filter);
	},

	async searchNumbers(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		return await search(this, '/numbers', paginationToken, (n) => ({
			name: n.target_type ? `${String(n.number)} (${String(n.target_type)})` : String(n.number),
			value: String(n.number),
			texts: [n.target_type, n.type],
		}), filter);
	},

	async searchContacts(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		return await search(this, '/contacts', paginationToken, (c) => {
			const name = String(c.display_name ?? ([c.first_name, c.last_name].filter(Boolean).join(' ') || c.id));
			const phone = typeof c.primary_phone === 'string' ? c.primary_phone : first(c.phones);
			return { name: phone ? `${name} · ${phone}` : name, value: String(c.id), texts: [name, phone, c.primary_email, c.company_name] };
		}, filter);
	},
};
