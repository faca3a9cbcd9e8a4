import type { INodeProperties } from 'n8n-workflow';

export const followersProperty: INodeProperties = {
	displayName: 'Follower Names or IDs',
	name: 'followers',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getUsers' },
	required: true,
	default: [],
	description:
		'Users who follow the contact. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};
