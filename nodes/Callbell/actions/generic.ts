import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { collection, forOperation, readLimit, returnAllAndLimit } from '../../shared/descriptions';
import type { NodeOperation } from '../../shared/items';
import type { Validator } from '../../shared/validation';
import { callbellApiRequest, fetchPages, pathSegment } from '../transport';
import { readLocator, readStartPage, requiredText, startPageOption } from './common';

/**
 * Shapes shared by the account-level resources (teams, channels, templates, custom
 * statuses): list, get one by a picker, rename one. Each operation file picks one and fills
 * in the path, the response key and the words.
 */

export interface ListSpec {
	path: string;
	key: string;
	/** Filter parameters shown in a "Filters" collection. */
	filters?: INodeProperties[];
	readFilters?: (this: IExecuteFunctions, filters: IDataObject, validate: Validator, itemIndex: number) => IDataObject;
	/** More options next to Start Page. */
	options?: INodeProperties[];
	readOptions?: (this: IExecuteFunctions, options: IDataObject, validate: Validator, itemIndex: number) => IDataObject;
	/** Parameters shown before Return All (e.g. the team of "get members"). */
	leading?: INodeProperties[];
	pathFor?: (this: IExecuteFunctions, validate: Validator, itemIndex: number) => string;
	subject?: string;
}

export interface ListPrepared {
	path: string;
	qs: IDataObject;
	limit?: number;
	startPage: number;
}

export function listOperation(resource: string, operation: string, spec: ListSpec): NodeOperation<ListPrepared> {
	const properties: INodeProperties[] = [...(spec.leading ?? []), ...returnAllAndLimit()];
	if (spec.filters?.length) {
		properties.push(collection('filters', spec.filters));
	}
	properties.push(collection('options', [...(spec.options ?? []), startPageOption]));
	return {
		description: forOperation(resource, operation, properties),

		prepare(itemIndex, validate) {
			const path = spec.pathFor ? spec.pathFor.call(this, validate, itemIndex) : spec.path;
			const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const qs = {
				...(spec.readFilters ? spec.readFilters.call(this, filters, validate, itemIndex) : {}),
				...(spec.readOptions ? spec.readOptions.call(this, options, validate, itemIndex) : {}),
			};
			return { path, qs, limit: readLimit(this, itemIndex, validate), startPage: readStartPage(this, itemIndex, validate) };
		},

		async run({ path, qs, limit, startPage }, itemIndex) {
			return await fetchPages(this, { path, key: spec.key, qs, limit, startPage, itemIndex, subject: spec.subject });
		},
	};
}

export interface OneSpec {
	locator: INodeProperties;
	label: string;
	path: string;
	key: string;
	noun: string;
}

function readOne(ctx: IExecuteFunctions, spec: OneSpec, itemIndex: number, validate: Validator): string {
	return readLocator(ctx, itemIndex, validate, spec.locator.name, spec.label);
}

export function getOperation(resource: string, spec: OneSpec): NodeOperation<{ id: string }> {
	return {
		description: forOperation(resource, 'get', [spec.locator]),

		prepare(itemIndex, validate) {
			return { id: readOne(this, spec, itemIndex, validate) };
		},

		async run({ id }, itemIndex) {
			const response = await callbellApiRequest<IDataObject>(this, {
				method: 'GET',
				path: `${spec.path}/${pathSegment(id)}`,
				idempotent: true,
				itemIndex,
				subject: `${spec.noun} "${id}"`,
			});
			return (response?.[spec.key] as IDataObject | undefined) ?? {};
		},
	};
}

export interface RenameSpec extends OneSpec {
	field: 'name' | 'title';
	fieldLabel: string;
	fieldDescription: string;
	method: 'PATCH' | 'PUT';
}

export function renameOperation(resource: string, spec: RenameSpec): NodeOperation<{ id: string; value: string }> {
	return {
		description: forOperation(resource, 'update', [
			spec.locator,
			{
				displayName: spec.fieldLabel,
				name: spec.field,
				type: 'string',
				required: true,
				default: '',
				description: spec.fieldDescription,
			},
		]),

		prepare(itemIndex, validate) {
			const value = requiredText(validate, `${spec.fieldLabel} (${spec.field})`, this.getNodeParameter(spec.field, itemIndex, ''), 255);
			return { id: readOne(this, spec, itemIndex, validate), value: value.trim() };
		},

		async run({ id, value }, itemIndex) {
			const response = await callbellApiRequest<IDataObject>(this, {
				method: spec.method,
				path: `${spec.path}/${pathSegment(id)}`,
				body: { [spec.field]: value },
				idempotent: true,
				itemIndex,
				subject: `${spec.noun} "${id}"`,
			});
			return (response?.[spec.key] as IDataObject | undefined) ?? {};
		},
	};
}
