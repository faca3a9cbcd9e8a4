import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RequestContext } from './http';

/**
 * Keeps one Return All (or Limit) walk honest when an API repeats itself: a cursor handed
 * out again, or a page of records already returned (a stale cache, a proxy, an API bug),
 * would otherwise output the same records again until a total is reached, or loop forever.
 * - `position(…)` before each next request: a cursor (or page marker) already used stops the walk;
 * - `fresh(rows)` for each page: records already output (same ID, else same content) are
 *   dropped, so no record is output twice; a non-empty page with nothing new stops the walk.
 * How it stops is the caller's choice: `fail` throws a NodeOperationError naming the page
 * and what was read (for cursor APIs, where a repeat is a fault and the list is incomplete);
 * `end` ends the walk cleanly and tells the user why in an execution hint (for Callbell's
 * page numbers, which some lists may ignore: a repeated page there means the list ended).
 */
export class PageWalk {
	private readonly seenRecords = new Set<string>();
	private readonly seenPositions = new Set<string>();
	private page = 0;
	/** Why the walk ended early, once it has. */
	stopped: string | undefined;

	constructor(
		private readonly ctx: RequestContext,
		private readonly itemIndex: number,
		private readonly what: string,
		private readonly onRepeat: 'fail' | 'end',
		private readonly idOf: (row: IDataObject) => unknown = (row) => row.id,
	) {}

	/** How many distinct records were let through. */
	get count(): number {
		return this.seenRecords.size;
	}

	/**
	 * Records the position the next page will be asked at. Returns false (or throws) when the
	 * API already gave that position: asking again would only repeat a page.
	 */
	position(position: unknown, label: string): boolean {
		const key = JSON.stringify(position);
		if (this.seenPositions.has(key)) {
			return this.repeat(`the API answered page ${this.page} with a ${label} it had already given (${truncate(key)}), so the next page would repeat an earlier one`);
		}
		this.seenPositions.add(key);
		return true;
	}

	/** The records of a page not output before; undefined when the page brought nothing new. */
	fresh(rows: IDataObject[]): IDataObject[] | undefined {
		this.page++;
		const out = rows.filter((row) => {
			const id = this.idOf(row);
			const key = id === undefined || id === null || id === '' ? `json:${JSON.stringify(row)}` : `id:${String(id)}`;
			if (this.seenRecords.has(key)) return false;
			this.seenRecords.add(key);
			return true;
		});
		if (rows.length > 0 && out.length === 0) {
			this.repeat(`page ${this.page} held only ${this.what} already returned`);
			return undefined;
		}
		return out;
	}

	private repeat(reason: string): false {
		const read = `${this.count} ${this.what} were read before that, none output twice.`;
		if (this.onRepeat === 'fail') {
			throw new NodeOperationError(this.ctx.getNode(), `The list stopped: ${reason}`, {
				itemIndex: this.itemIndex,
				description: `${read} The API repeated itself (a fault of the API or of a proxy caching its answers), so the list is incomplete. Run again later, or narrow the filters so fewer pages are needed.`,
			});
		}
		this.stopped = `${reason}. ${read}`;
		if ('addExecutionHints' in this.ctx && typeof this.ctx.addExecutionHints === 'function') {
			this.ctx.addExecutionHints({ message: `The list ended early: ${this.stopped}`, type: 'warning', location: 'outputPane' });
		}
		return false;
	}
}

function truncate(text: string): string {
	return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
