import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { Validator } from './validation';

/**
 * Building blocks for node descriptions that every node of the pack needs in the same shape.
 *
 * What stays written out, and why: n8n's lint (eslint-plugin-n8n-nodes-base, through
 * @n8n/node-cli) checks object literals in the source, so a parameter made here is not
 * checked where it is used. test/nodes/shared/descriptionLint.test.ts therefore runs the same
 * rules on each action node's built `properties`, which covers everything made here. The
 * node classes (*.node.ts) stay written out: the node-class-description rules read the class
 * itself, which that test does not rebuild. Texts particular to one parameter (its label,
 * description, placeholder, options) stay written out where it is used and are passed in;
 * the only generated texts are the lint's fixed wordings ("Name or ID", "Choose from the
 * list, …") and the Create/Delete/Get/Get Many/Update entries (standardOperations, router.ts).
 */

/**
 * Shows a set of properties only for one resource and some of its operations: n8n-workflow's
 * `updateDisplayOptions` (a deep merge into each property's own displayOptions) with the
 * resource/operation condition every operation file needs.
 */
export function forOperation(
	resource: string,
	operation: string | string[],
	properties: INodeProperties[],
): INodeProperties[] {
	const operations = Array.isArray(operation) ? operation : [operation];
	return updateDisplayOptions({ show: { resource: [resource], operation: operations } }, properties);
}

/** The collections of optional parameters an operation may have, by parameter name. */
const COLLECTIONS = {
	options: { displayName: 'Options', placeholder: 'Add Option' },
	filters: { displayName: 'Filters', placeholder: 'Add Filter' },
	additionalFields: { displayName: 'Additional Fields', placeholder: 'Add Field' },
	updateFields: { displayName: 'Update Fields', placeholder: 'Add Field' },
} as const;

/**
 * A collection of optional parameters: "Options", "Filters", "Additional Fields" or "Update
 * Fields" (`name`), holding `options`. `extra` adds or overrides keys (a description, another
 * label). Empty entries of these collections count as unset (see optional.ts).
 */
export function collection(
	name: keyof typeof COLLECTIONS,
	options: INodeProperties[],
	extra: Partial<INodeProperties> = {},
): INodeProperties {
	const { displayName, placeholder } = COLLECTIONS[name];
	return { displayName, name, type: 'collection', placeholder, default: {}, ...extra, options };
}

/**
 * A dropdown of fixed choices (an "options" parameter): `options` in display order (n8n's
 * lint wants them sorted by name from five on), `defaultValue` one of their values. `extra`
 * adds a description, displayOptions and the like.
 */
export function choice(
	displayName: string,
	name: string,
	options: INodePropertyOptions[],
	defaultValue: string,
	extra: Partial<INodeProperties> = {},
): INodeProperties {
	return { displayName, name, type: 'options', options, default: defaultValue, ...extra };
}

const ID_BY_EXPRESSION = 'using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.';

/**
 * A dropdown the node fills from the API (`method`: a loadOptions method of its
 * methods/index.ts), in the words n8n's lint asks for: "<label> Name or ID", and a
 * description that ends by saying how to give an ID instead.
 */
export function listedOption(label: string, name: string, method: string, description: string, extra: Partial<INodeProperties> = {}): INodeProperties {
	return listed(false, label, name, method, description, extra);
}

/** listedOption for several values: "<label> Names or IDs", a list. */
export function listedOptions(label: string, name: string, method: string, description: string, extra: Partial<INodeProperties> = {}): INodeProperties {
	return listed(true, label, name, method, description, extra);
}

function listed(many: boolean, label: string, name: string, method: string, description: string, extra: Partial<INodeProperties>): INodeProperties {
	return {
		displayName: `${label} ${many ? 'Names or IDs' : 'Name or ID'}`,
		name,
		type: many ? 'multiOptions' : 'options',
		typeOptions: { loadOptionsMethod: method },
		default: many ? [] : '',
		description: `${description} Choose from the list, or specify ${many ? 'IDs' : 'an ID'} ${ID_BY_EXPRESSION}`,
		...extra,
	};
}

/** A text the operation cannot run without; `extra` adds a placeholder, description, rows, … */
export function requiredString(displayName: string, name: string, extra: Partial<INodeProperties> = {}): INodeProperties {
	return { displayName, name, type: 'string', required: true, default: '', ...extra };
}

/** The usual "Return All" switch and the "Limit" shown when it is off. */
export function returnAllAndLimit(maxLimit?: number): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1, ...(maxLimit ? { maxValue: maxLimit } : {}) },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

/** Return All → undefined; otherwise the validated Limit. */
export function readLimit(
	ctx: IExecuteFunctions,
	itemIndex: number,
	validate: Validator,
	max = 1_000_000,
): number | undefined {
	if (ctx.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	return validate.integer('Limit (limit)', ctx.getNodeParameter('limit', itemIndex, 50), 1, max);
}

/** Drops empty strings and undefined so "not set" never overwrites data. */
export function compact(body: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== ''));
}
