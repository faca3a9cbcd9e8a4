import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { callbellApiRequest, fetchOnePage, fetchPages } from '../transport';

/**
 * Pickers. Callbell's lists take no search text, so the filter is applied here. Channels,
 * teams, templates, custom statuses and funnels are short lists and are read whole;
 * contacts are paged (one API page per "load more").
 */

function matches(filter: string | undefined, ...texts: unknown[]): boolean {
	if (!filter) return true;
	const wanted = filter.toLowerCase();
	return texts.some((t) => typeof t === 'string' && t.toLowerCase().includes(wanted));
}

function byName(a: INodeListSearchItems, b: INodeListSearchItems): number {
	return a.name.localeCompare(b.name);
}

function channelLabel(c: IDataObject): string {
	return `${String(c.title ?? c.uuid)} (${String(c.type ?? 'channel')}${c.discardedAt ? ', inactive' : ''})`;
}

async function channels(ctx: ILoadOptionsFunctions): Promise<IDataObject[]> {
	return await fetchPages(ctx, { path: '/channels', key: 'channels' });
}

/**
 * The platform whose channels a Channel picker offers: the Source of Create Contact, WhatsApp
 * for Find by Phone (a phone lookup runs on WhatsApp channels), none elsewhere. An expression
 * in Source (not known until the run) lists every channel.
 */
function wantedPlatform(ctx: ILoadOptionsFunctions): string | undefined {
	const current = (name: string): unknown => {
		try {
			return ctx.getCurrentNodeParameter(name);
		} catch {
			return undefined;
		}
	};
	if (current('resource') !== 'contact') return undefined;
	if (current('operation') === 'getByPhone') return 'whatsapp';
	const source = current('source');
	return current('operation') === 'create' && typeof source === 'string' && source !== '' && !source.startsWith('=') ? source : undefined;
}

async function teams(ctx: ILoadOptionsFunctions): Promise<IDataObject[]> {
	return await fetchPages(ctx, { path: '/teams', key: 'teams' });
}

export const listSearch = {
	async searchContacts(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		const page = Number(paginationToken) > 0 ? Number(paginationToken) : 1;
		const { rows, hasMore } = await fetchOnePage(this, { path: '/contacts', key: 'contacts' }, page);
		return {
			results: rows
				.filter((c) => matches(filter, c.name, c.phoneNumber, c.uuid))
				.map((c) => ({
					name: [c.name, c.phoneNumber].filter(Boolean).join(' · ') || String(c.uuid),
					value: String(c.uuid),
					url: typeof c.href === 'string' ? c.href : undefined,
				})),
			paginationToken: hasMore ? String(page + 1) : undefined,
		};
	},

	/** Every channel; only those of the chosen platform where the operation has one (wantedPlatform). */
	async searchChannels(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		const rows = await channels(this);
		const platform = wantedPlatform(this);
		return {
			results: rows
				.filter((c) => !platform || c.type === platform)
				.filter((c) => matches(filter, c.title, c.type, c.uuid))
				.map((c) => ({ name: channelLabel(c), value: String(c.uuid) }))
				.sort(byName),
		};
	},

	async searchTeams(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		const rows = await teams(this);
		return {
			results: rows
				.filter((t) => matches(filter, t.name, t.uuid))
				.map((t) => ({ name: String(t.name ?? t.uuid), value: String(t.uuid) }))
				.sort(byName),
		};
	},

	async searchTemplates(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		const rows = await fetchPages(this, { path: '/templates', key: 'templates' });
		return {
			results: rows
				.filter((t) => matches(filter, t.title, t.text, t.uuid))
				.map((t) => ({
					name: `${String(t.title ?? t.uuid)} (${String(t.status ?? 'unknown')}, ${String(t.templateType ?? 'text')})`,
					value: String(t.uuid),
				}))
				.sort(byName),
		};
	},

	async searchFunnels(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		const response = await callbellApiRequest<{ funnels?: IDataObject[] }>(this, { method: 'GET', path: '/funnels', idempotent: true });
		return {
			results: [...(response.funnels ?? [])]
				.sort((a, b) => Number(a.position ?? 0) - Number(b.position ?? 0))
				.filter((f) => matches(filter, f.name, f.uuid))
				.map((f) => ({ name: [f.emoji, f.name].filter(Boolean).join(' ') || String(f.uuid), value: String(f.uuid) })),
		};
	},

	async searchCustomStatuses(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		const rows = await fetchPages(this, { path: '/custom_statuses', key: 'customStatuses' });
		return {
			results: rows
				.filter((s) => matches(filter, s.name, s.id))
				.map((s) => ({ name: [s.emoji, s.name].filter(Boolean).join(' ') || String(s.id), value: String(s.id) }))
				.sort(byName),
		};
	},
};

export const loadOptions = {
	async getTeams(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return (await teams(this))
			.map((t) => ({ name: String(t.name ?? t.uuid), value: String(t.uuid) }))
			.sort((a, b) => a.name.localeCompare(b.name));
	},
};
