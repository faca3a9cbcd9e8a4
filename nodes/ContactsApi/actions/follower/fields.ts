import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Validator } from '../../../shared/validation';
import { readIdList } from '../common';

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

export function readFollowers(ctx: IExecuteFunctions, itemIndex: number, validate: Validator): string[] {
	return readIdList(ctx, itemIndex, validate, 'followers', 'Followers');
}
