import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { collection, forOperation, readLimit, returnAllAndLimit } from '../../shared/descriptions';
import type { NodeOperation } from '../../shared/items';
import type { ResourceModule } from '../../shared/router';
import { operationSelector } from '../../shared/router';
import type { Validator } from '../../shared/validation';
import { fetchAllPages } from '../transport';

export interface ListSpec {
	/** The resource's entry in the "Resource" selector. */
	resource: INodePropertyOptions;
	/** Plural for texts: "users". */
	plural: string;
	path: string;
	filters: INodeProperties[];
	/** Turns the set filters into query parameters (validated). */
	query(validate: Validator, filters: IDataObject): IDataObject;
}

/**
 * A resource whose only operation is "Get Many" over one of Dialpad's cursor lists
 * (users, offices, numbers): mainly what the pickers show, usable in workflows too.
 */
export function listResource(spec: ListSpec): ResourceModule {
	const getAll: NodeOperation<{ qs: IDataObject; limit?: number }> = {
		description: forOperation(String(spec.resource.value), 'getAll', [
			...returnAllAndLimit(),
			...(spec.filters.length ? [collection('filters', spec.filters)] : []),
		]),
		prepare(itemIndex, validate) {
			const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
			return { qs: spec.query(validate, filters), limit: readLimit(this, itemIndex, validate) };
		},
		async run({ qs, limit }, itemIndex) {
			return await fetchAllPages(this, { path: spec.path, qs, limit, itemIndex });
		},
	};
	return {
		resource: spec.resource,
		operations: { getAll },
		operationProperty: operationSelector(spec.resource, 'getAll', [
			{ name: 'Get Many', value: 'getAll', description: `Get many ${spec.plural}`, action: `Get many ${spec.plural}` },
		]),
	};
}
