import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listedOptions } from '../../../shared/descriptions';
import type { Validator } from '../../../shared/validation';
import { readList } from '../parameterReaders';

export const tagsProperty: INodeProperties = listedOptions('Tag', 'tags', 'getTags',
	'Tags by name; an expression may give an array or a comma-separated list.', { required: true },
);

/** Tags by name, without blanks or repeats. */
export function readTags(ctx: IExecuteFunctions, itemIndex: number, validate: Validator): string[] {
	return readList(validate, 'Tags (tags)', ctx.getNodeParameter('tags', itemIndex, []));
}
