import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Validator } from './validation';

/** Pickers and option checks every node of the pack needs in the same shape. */

export interface LocatorSpec {
	displayName: string;
	name: string;
	searchMethod: string;
	placeholder: string;
	description: string;
}

/** A picker: a searchable list from the API, or an ID typed in (or from an expression). */
export function resourceLocator(spec: LocatorSpec, overrides: Partial<INodeProperties> = {}): INodeProperties {
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
				// No regex `validation`: n8n runs it with a 250 ms time limit on every execution,
				// which fails spuriously on a loaded server. The node checks IDs itself.
				placeholder: spec.placeholder,
			},
		],
		...overrides,
	};
}

/** The value of a picker (or an ID given as text), validated as an ID. */
export function readLocatorId(
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
