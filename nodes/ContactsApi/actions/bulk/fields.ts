import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Validator } from '../../../shared/validation';
import { contactsApiRequest } from '../../transport';
import { readIdList } from '../common';

export const contactIdsProperty: INodeProperties = {
	displayName: 'Contact IDs',
	name: 'contactIds',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. ocQHyuzHvysMo5N5VsXc, pOC0uJ97VYOKH2m3fkMD',
	description: 'IDs separated by commas, spaces or new lines, or an array from an expression',
};

export function readContactIds(ctx: IExecuteFunctions, itemIndex: number, validate: Validator): string[] {
	return readIdList(ctx, itemIndex, validate, 'contactIds', 'Contact IDs');
}

/** A bulk change sets a state, so it is sent as idempotent (retried after 5xx or a lost answer). */
export async function bulkRequest(ctx: IExecuteFunctions, path: string, body: IDataObject, itemIndex: number): Promise<IDataObject> {
	return await contactsApiRequest<IDataObject>(ctx, {
		method: 'POST',
		path,
		body,
		idempotent: true,
		scope: 'contacts.write',
		itemIndex,
	});
}
