/**
 * A real n8n-core LoadOptionsContext for the pack's node, as n8n's editor back end builds one
 * (DynamicNodeParametersService): the node with its current parameters and credentials,
 * `currentNodeParameters` in the additional data, and the credentials helper of the tests.
 */
import { ExecutionLifecycleHooks, LoadOptionsContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, INode, INodeParameters, INodeType, IWorkflowBase } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { buildAdditionalData, credentialRefs, PACKAGE, TestCredentialsHelper, TestNodeTypes } from './engine';

export interface LoadOptionsHarness {
	context: LoadOptionsContext;
	nodeType: INodeType;
	credentialsHelper: TestCredentialsHelper;
}

export function loadOptionsContext(
	type: string,
	parameters: INodeParameters,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	path = 'parameters.value',
): LoadOptionsHarness {
	const nodeTypes = new TestNodeTypes();
	const nodeType = nodeTypes.getByNameAndVersion(`${PACKAGE}.${type}`);
	const node: INode = {
		id: 'editor',
		name: 'Subject',
		type: `${PACKAGE}.${type}`,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: credentialRefs(credentials),
	};
	// The editor sends the node's parameters with their defaults filled in (authentication too).
	node.parameters = NodeHelpers.getNodeParameters(nodeType.description.properties, parameters, true, false, node, nodeType.description) ?? parameters;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes, settings: {} });
	const credentialsHelper = new TestCredentialsHelper({ ...credentials });
	const hooks = new ExecutionLifecycleHooks('internal', 'load-options', { id: 'load-options', nodes: [node], connections: {} } as unknown as IWorkflowBase);
	const additionalData = buildAdditionalData(credentialsHelper, hooks);
	additionalData.currentNodeParameters = node.parameters;
	return {
		context: new LoadOptionsContext(workflow, node, additionalData, path),
		nodeType,
		credentialsHelper,
	};
}
