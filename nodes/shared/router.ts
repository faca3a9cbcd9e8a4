import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { NodeOperation } from './items';
import { runOperation } from './items';

/** What a resource folder (actions/<resource>/index.ts) exports. */
export interface ResourceModule {
	/** The resource's entry in the node's "Resource" selector: its label and value. */
	resource: INodePropertyOptions;
	operations: Record<string, NodeOperation<unknown>>;
	/** The resource's "Operation" selector (see operationSelector). */
	operationProperty: INodeProperties;
}

/**
 * The "Operation" selector of one resource, shown when that resource is chosen. `options`
 * lists the operations (name, value, description, action) in any order; n8n's lint checks
 * them in the built description (test/nodes/shared/descriptionLint.test.ts).
 */
export function operationSelector(
	resource: INodePropertyOptions,
	defaultOperation: string,
	options: INodePropertyOptions[],
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [String(resource.value)] } },
		// Sorted by name, as n8n's lint sorts them (node-param-options-type-unsorted-items).
		options: [...options].sort((a, b) => a.name.localeCompare(b.name)),
		default: defaultOperation,
	};
}

/** How a resource's records are named in its operation texts: { one: 'a note', many: 'notes' }. */
export interface Noun {
	one: string;
	many: string;
}

const STANDARD_OPERATIONS = {
	create: (n: Noun) => ({ name: 'Create', value: 'create', description: `Create ${n.one}`, action: `Create ${n.one}` }),
	delete: (n: Noun) => ({ name: 'Delete', value: 'delete', description: `Delete ${n.one}`, action: `Delete ${n.one}` }),
	get: (n: Noun) => ({ name: 'Get', value: 'get', description: `Get ${n.one}`, action: `Get ${n.one}` }),
	getAll: (n: Noun) => ({ name: 'Get Many', value: 'getAll', description: `Get many ${n.many}`, action: `Get many ${n.many}` }),
	update: (n: Noun) => ({ name: 'Update', value: 'update', description: `Update ${n.one}`, action: `Update ${n.one}` }),
};

/**
 * The selector entries of the operations every record resource has, in n8n's own words
 * ("Get many notes"); operations with texts of their own are written out next to them.
 */
export function standardOperations(noun: Noun, operations: Array<keyof typeof STANDARD_OPERATIONS>): INodePropertyOptions[] {
	return operations.map((operation) => STANDARD_OPERATIONS[operation](noun));
}

export interface Router {
	/** The "Resource" selector, then each resource's "Operation" selector and parameters. */
	properties(): INodeProperties[];
	/** Runs the chosen operation over every input item (see runOperation). */
	execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]>;
}

/**
 * The resource → operation dispatch of a node in the router style. `modules` are the node's
 * resource folders (actions/<resource>/index.ts), in the order of the "Resource" selector
 * (sorted by label, as n8n's lint asks); `defaultResource` is the one a new node starts on.
 */
export function createRouter(defaultResource: string, modules: ResourceModule[]): Router {
	const resourceProperty: INodeProperties = {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: modules.map((m) => m.resource),
		default: defaultResource,
	};
	const resources: Record<string, ResourceModule> = Object.fromEntries(modules.map((m) => [String(m.resource.value), m]));
	return {
		properties() {
			const props: INodeProperties[] = [resourceProperty];
			for (const resource of modules) {
				props.push(resource.operationProperty);
				for (const op of Object.values(resource.operations)) props.push(...op.description);
			}
			return props;
		},

		async execute(ctx) {
			const resource = ctx.getNodeParameter('resource', 0) as string;
			const operation = ctx.getNodeParameter('operation', 0) as string;
			const handler = resources[resource]?.operations[operation];
			if (!handler) {
				throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
			}
			return [await runOperation(ctx, handler)];
		},
	};
}
