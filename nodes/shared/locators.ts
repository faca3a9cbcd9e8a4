import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Validator } from './validation';

/** What a picker needs: its parameter, its label, and the listSearch method that fills it. */
export interface LocatorSpec {
	displayName: string;
	name: string;
	/** A listSearch method of the node (its methods/index.ts). */
	searchMethod: string;
	placeholder: string;
	description: string;
}

/**
 * A picker: n8n's resource locator with a searchable list from the API, or an ID typed in
 * (either from an expression). Used for every record the user would otherwise look up by ID.
 */
export function locator(spec: LocatorSpec, overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: spec.displayName,
		name: spec.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: spec.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: spec.searchMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				// No regex `validation` here: n8n runs it with a 250 ms time limit on every execution,
				// which fails spuriously on a loaded server. The node checks IDs itself before sending.
				placeholder: spec.placeholder,
			},
		],
		...overrides,
	};
}

/**
 * The value of a picker, validated as an ID; `label` is the name shown in the editor. A
 * workflow saved while the parameter was a plain text field holds a string, which n8n hands
 * over unchanged, so both shapes are read.
 */
export function readLocator(
	ctx: IExecuteFunctions,
	itemIndex: number,
	validate: Validator,
	name: string,
	label: string,
): string {
	const raw = ctx.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	return validate.id(`${label} (${name})`, raw);
}

/** An options value that must be one of the offered ones (expressions can send anything). */
export function oneOfValues(validate: Validator, label: string, value: unknown, allowed: string[]): string {
	const text = String(value ?? '');
	if (!allowed.includes(text)) validate.fail(label, `"${text}" is not one of ${allowed.join(', ')}`);
	return text;
}
