import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * How the contact-scoped endpoints of the HighLevel Contacts API differ from plain REST
 * (each function says where its fact comes from): bodies that must be JSON
 * even when empty, lists that are not paged, `succeded` (sic) flags, and 404s that do not
 * say which ID was missing.
 */

/**
 * Body and headers for calls whose spec requires a JSON body that may be empty (campaign
 * add, workflow add/remove). n8n's HTTP helper silently drops an empty object, so `{}` goes
 * out as text with its content type.
 */
export function requiredJsonBody(body: IDataObject): { body: IDataObject; headers?: Record<string, string> } {
	if (Object.keys(body).length > 0) return { body };
	return { body: '{}' as unknown as IDataObject, headers: { 'Content-Type': 'application/json' } };
}

/** Client-side Limit for list endpoints that are not paged (Return All → undefined). */
export function applyLimit<T>(rows: T[] | undefined, limit: number | undefined): T[] {
	const all = rows ?? [];
	return limit === undefined ? all : all.slice(0, limit);
}

/**
 * The API confirms deletes and membership changes with `{succeded: true}` (sic). A 2xx
 * without the flag still means the change was made, so only an explicit false counts.
 */
export function succeeded(response: unknown): boolean {
	return (response as IDataObject | undefined)?.succeded !== false;
}

/**
 * Adds the IDs to a 404 so the user sees which record is missing; the API's own text
 * ("Task not found", "Contact not found") says which of the two it was.
 */
export async function namingMissing<T>(
	ctx: IExecuteFunctions,
	ids: Record<string, string>,
	request: Promise<T>,
): Promise<T> {
	try {
		return await request;
	} catch (error) {
		if (error instanceof NodeApiError) {
			if (error.httpCode === '404') {
				const named = Object.entries(ids)
					.map(([label, id]) => `${label} ID "${id}"`)
					.join(', ');
				error.message = `${error.message} (${named})`;
			}
			// Hands back the transport's error itself: message, description and item stay.
			throw new NodeApiError(ctx.getNode(), error as unknown as JsonObject);
		}
		throw new NodeOperationError(ctx.getNode(), error as Error);
	}
}
