import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * The pack's rule for optional parameters, the same in every node:
 * - **empty means unset**: `''` (or blanks), `[]`, `{}` and a missing value leave the field
 *   alone. n8n keeps the values of a collection when the user switches operation, so a
 *   leftover empty field must never fail a run or blank data.
 * - **`null` means clear**: an expression that gives `null` (`{{ null }}`) clears the field
 *   on purpose, in the operations that change an existing record (`CLEARS_HINT` says so in
 *   the editor). Elsewhere `null` is unset too.
 */
export const CLEARS_HINT =
	'Fields left empty stay unchanged; to clear one, set it to the expression {{ null }}.';

/** CLEARS_HINT as a notice above the "Update Fields" of an operation that clears fields. */
export const clearNotice: INodeProperties = { displayName: CLEARS_HINT, name: 'clearNotice', type: 'notice', default: '' };

/** Whether a value counts as "not given". `null` is not: it asks to clear. */
export function isEmptyValue(value: unknown): boolean {
	if (value === undefined || value === '') return true;
	if (typeof value === 'string') return value.trim() === '';
	if (Array.isArray(value)) return value.length === 0;
	if (isPlainObject(value)) {
		// A resource locator with no value is empty too.
		if ((value as IDataObject).__rl === true) return isEmptyValue((value as IDataObject).value);
		return Object.keys(value).length === 0;
	}
	return false;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/** A collection's value without its empty entries (and without `null` ones unless kept). */
export function withoutEmptyEntries(value: IDataObject, keepNull: boolean): IDataObject {
	return Object.fromEntries(
		Object.entries(value).filter(([, v]) => !isEmptyValue(v) && (keepNull || v !== null)),
	) as IDataObject;
}

/**
 * A view of an execute context whose `getNodeParameter` applies the rule above to the
 * collections among `properties` (the "Additional Fields", "Update Fields", "Options" and
 * "Filters" of an operation): their empty entries are dropped before the operation reads
 * them, and so are `null` ones unless the operation `clears` fields. Everything else is the
 * context itself (the view inherits from it).
 */
export function optionalAwareContext(
	ctx: IExecuteFunctions,
	properties: INodeProperties[],
	clears: boolean,
): IExecuteFunctions {
	const collections = new Set(
		properties.filter((p) => p.type === 'collection' || p.type === 'fixedCollection').map((p) => p.name),
	);
	if (collections.size === 0) return ctx;
	const view = Object.create(ctx) as IExecuteFunctions;
	const read = ctx.getNodeParameter.bind(ctx) as (...args: unknown[]) => unknown;
	view.getNodeParameter = ((...args: unknown[]) => {
		const value = read(...args);
		if (!collections.has(String(args[0])) || !isPlainObject(value)) return value;
		return withoutEmptyEntries(value as IDataObject, clears);
	}) as IExecuteFunctions['getNodeParameter'];
	return view;
}
