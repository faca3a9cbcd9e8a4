import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Validator } from '../../../shared/validation';
import { readList } from '../parameterReaders';

export const tagsProperty: INodeProperties = {
	displayName: 'Tag Names or IDs',
	name: 'tags',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getTags' },
	required: true,
	default: [],
	description:
		'Tags by name; an expression may give an array or a comma-separated list. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** Tags by name, without blanks or repeats. */
export function readTags(ctx: IExecuteFunctions, itemIndex: number, validate: Validator): string[] {
	return readList(validate, 'Tags (tags)', ctx.getNodeParameter('tags', itemIndex, []));
}
