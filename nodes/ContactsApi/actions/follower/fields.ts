import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listedOptions } from '../../../shared/descriptions';
import type { Validator } from '../../../shared/validation';
import { readIdList } from '../common';

export const followersProperty: INodeProperties = listedOptions('Follower', 'followers', 'getUsers',
	'Users who follow the contact.', { required: true },
);

export function readFollowers(ctx: IExecuteFunctions, itemIndex: number, validate: Validator): string[] {
	return readIdList(ctx, itemIndex, validate, 'followers', 'Followers');
}
