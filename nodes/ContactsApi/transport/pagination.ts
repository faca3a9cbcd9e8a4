import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RequestContext } from '../../shared/http';
import { PageWalk } from '../../shared/paging';
import { contactsApiRequest, pathSegment } from './index';

/** Page size of GET /contacts/ and GET /contacts/business/{id} (the API's maximum). */
export const PAGE_SIZE = 100;
/** Page size of POST /contacts/search (the API allows up to 500). */
export const SEARCH_PAGE_SIZE = 500;
/** page × pageLimit may not pass this; beyond it the search continues with searchAfter. */
export const SEARCH_WINDOW = 10_000;

export interface CursorPage {
	contacts?: IDataObject[];
	meta?: { total?: number; startAfterId?: string | null; startAfter?: number | null; nextPage?: number | null };
}

function pageSizeFor(limit: number | undefined, collected: number, max: number): number {
	return limit === undefined ? max : Math.min(max, limit - collected);
}

/** One page of a paged read: its rows, and whether it was the last (asked after its fresh rows were kept). */
interface Page {
	rows: IDataObject[];
	last: (collected: number) => boolean;
}

/**
 * The loop of every paged contact read: asks `next` for pages until one says it was the last or
 * the limit is reached, keeps only rows not returned before (PageWalk: a repeated page or cursor
 * stops the read with an error, so no contact is output twice), and trims to the limit.
 */
async function readPages(
	ctx: RequestContext,
	itemIndex: number,
	limit: number | undefined,
	next: (collected: readonly IDataObject[], walk: PageWalk) => Promise<Page>,
): Promise<IDataObject[]> {
	const out: IDataObject[] = [];
	const walk = new PageWalk(ctx, itemIndex, 'contacts', 'fail');
	for (;;) {
		const page = await next(out, walk);
		out.push(...(walk.fresh(page.rows) ?? []));
		if ((limit !== undefined && out.length >= limit) || page.last(out.length)) break;
	}
	return limit === undefined ? out : out.slice(0, limit);
}

/**
 * GET /contacts/ page by page. Every query parameter (locationId, query, …) goes on every
 * page; only the cursor changes. Stops on the last page without an extra empty request.
 */
export async function fetchContactPages(
	ctx: RequestContext,
	qs: IDataObject,
	limit: number | undefined,
	itemIndex: number,
): Promise<IDataObject[]> {
	let cursor: IDataObject | undefined;
	return await readPages(ctx, itemIndex, limit, async (collected, walk) => {
		if (cursor) walk.position(cursor, 'cursor');
		const pageSize = pageSizeFor(limit, collected.length, PAGE_SIZE);
		const page = await contactsApiRequest<CursorPage>(ctx, {
			method: 'GET',
			path: '/contacts/',
			qs: { ...qs, ...cursor, limit: pageSize },
			idempotent: true,
			scope: 'contacts.readonly',
			itemIndex,
		});
		const rows = page.contacts ?? [];
		const meta = page.meta ?? {};
		cursor = { startAfterId: meta.startAfterId, startAfter: meta.startAfter ?? undefined };
		return {
			rows,
			last: (n) => rows.length < pageSize || !meta.startAfterId || meta.nextPage === null || (typeof meta.total === 'number' && n >= meta.total),
		};
	});
}

interface SearchPage {
	contacts?: IDataObject[];
	total?: number;
}

/**
 * POST /contacts/search with page/pageLimit while page × pageLimit stays within the
 * API's 10,000 window, then with the searchAfter cursor of the last contact received
 * (the API refuses page numbers beyond the window). The filters, sort and query of
 * `body` go with every page.
 */
export async function fetchSearchPages(
	ctx: RequestContext,
	body: IDataObject,
	limit: number | undefined,
	itemIndex: number,
): Promise<IDataObject[]> {
	// One page size for the whole run: page numbers only mean something at a fixed size.
	const pageLimit = pageSizeFor(limit, 0, SEARCH_PAGE_SIZE);
	let page = 0;
	return await readPages(ctx, itemIndex, limit, async (collected, walk) => {
		page++;
		const last = collected[collected.length - 1];
		const useCursor = page * pageLimit > SEARCH_WINDOW;
		if (useCursor && !Array.isArray(last?.searchAfter)) {
			throw new NodeOperationError(ctx.getNode(), 'The search returned no searchAfter cursor, so it cannot go past 10,000 results', {
				itemIndex,
				description: 'Narrow the search with filters, or set a Limit of at most 10,000.',
			});
		}
		const position: IDataObject = useCursor ? { searchAfter: last.searchAfter } : { page };
		walk.position(position, useCursor ? 'searchAfter cursor' : 'page number');
		const response = await contactsApiRequest<SearchPage>(ctx, {
			method: 'POST',
			path: '/contacts/search',
			body: { ...body, ...position, pageLimit },
			// A search changes nothing, so repeating it is always safe.
			idempotent: true,
			scope: 'contacts.readonly',
			itemIndex,
		});
		const rows = response.contacts ?? [];
		return { rows, last: (n) => rows.length < pageLimit || (typeof response.total === 'number' && n >= response.total) };
	});
}

interface SkipPage {
	contacts?: IDataObject[];
	count?: number;
	total?: number;
}

/** GET /contacts/business/{businessId} with skip/limit pages; locationId and query on each. */
export async function fetchBusinessPages(
	ctx: RequestContext,
	businessId: string,
	qs: IDataObject,
	limit: number | undefined,
	itemIndex: number,
): Promise<IDataObject[]> {
	// Counts what the API sent, repeats included: skip moves past every row it gave.
	let skip = 0;
	return await readPages(ctx, itemIndex, limit, async (collected) => {
		const pageSize = pageSizeFor(limit, collected.length, PAGE_SIZE);
		const response = await contactsApiRequest<SkipPage>(ctx, {
			method: 'GET',
			path: `/contacts/business/${pathSegment(businessId)}`,
			qs: { ...qs, skip, limit: pageSize },
			idempotent: true,
			scope: 'contacts.readonly',
			itemIndex,
		});
		const rows = response.contacts ?? [];
		skip += rows.length;
		const total = response.count ?? response.total;
		return { rows, last: (n) => rows.length < pageSize || (typeof total === 'number' && n >= total) };
	});
}
