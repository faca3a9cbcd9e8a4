import type { INodeProperties } from 'n8n-workflow';

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

export const TAGS_LABEL = 'Tags (tags)';
