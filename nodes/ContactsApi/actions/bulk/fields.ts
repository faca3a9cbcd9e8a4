import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { choice, requiredString } from '../../../shared/descriptions';
import { locator, readLocator } from '../../../shared/locators';
import type { Validator } from '../../../shared/validation';
import { contactsApiRequest } from '../../transport';
import { readIdList } from '../common';

export const contactIdsProperty: INodeProperties = requiredString('Contact IDs', 'contactIds', {
	placeholder: 'e.g. ocQHyuzHvysMo5N5VsXc, pOC0uJ97VYOKH2m3fkMD',
	description: 'IDs separated by commas, spaces or new lines, or an array from an expression',
});

/** The Add/Remove choice of a bulk change, named `name`, Add first. */
export function addOrRemove(name: string, addLabel: string, removeLabel: string): INodeProperties {
	return choice('Action', name, [
		{ name: addLabel, value: 'add' },
		{ name: removeLabel, value: 'remove' },
	], 'add');
}

/** Reads an `addOrRemove` choice; anything else fails naming the parameter. */
export function readAddOrRemove(ctx: IExecuteFunctions, itemIndex: number, validate: Validator, name: string): 'add' | 'remove' {
	const action = ctx.getNodeParameter(name, itemIndex, 'add') as string;
	if (action !== 'add' && action !== 'remove') validate.fail(`Action (${name})`, `"${action}" is not add or remove`);
	return action as 'add' | 'remove';
}

/** The business picker (Businesses API list of the location), or an ID. */
export function businessLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return locator(
		{
			displayName: 'Business',
			name: 'businessId',
			searchMethod: 'searchBusinesses',
			placeholder: 'e.g. 63b7ec34ea409a9a8bd2a4ff',
			description: 'The business (company record of the location): pick it, or give its ID',
		},
		overrides,
	);
}

export function readBusinessId(ctx: IExecuteFunctions, itemIndex: number, validate: Validator): string {
	return readLocator(ctx, itemIndex, validate, 'businessId', 'Business ID');
}

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
