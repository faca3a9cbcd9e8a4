import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { NodeOperation } from './items';
import { runOperation } from './items';

/** What a resource folder (actions/<resource>/index.ts) exports. */
export interface ResourceModule {
	operations: Record<string, NodeOperation<unknown>>;
	operationProperty: INodeProperties;
}

export interface Router {
	/** The "Resource" selector, then each resource's "Operation" selector and parameters. */
	properties(): INodeProperties[];
	/** Runs the chosen operation over every input item (see runOperation). */
	execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]>;
}

/**
 * The resource → operation dispatch of a node in the router style. `resourceProperty` is
 * the node's "Resource" selector, written out so the n8n lint rules can check it;
 * `resources` maps each of its values to the folder that implements it.
 */
export function createRouter(resourceProperty: INodeProperties, resources: Record<string, ResourceModule>): Router {
	return {
		properties() {
			const props: INodeProperties[] = [resourceProperty];
			for (const resource of Object.values(resources)) {
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
