import type { INodeProperties } from 'n8n-workflow';

import { forOperation } from '../../../shared/descriptions';

/** The one parameter of the operations that act on a sent message. */
export function messageUuid(operation: string, description: string): INodeProperties[] {
	return forOperation('message', operation, [
		{
			displayName: 'Message UUID',
			name: 'messageUuid',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. adf3d1216d4c4dcd908199d6700f2381',
			description,
		},
	]);
}
