/**
 * Runs a credential's `test.request` the way n8n's CredentialsTester does
 * (packages/cli/src/services/credentials-tester.service.ts): a throw-away node type whose
 * single property routes that request, executed by n8n-core's RoutingNode in an
 * ExecuteContext, with the decrypted credential handed over. Expressions such as
 * `={{$credentials.baseUrl}}` are resolved by RoutingNode; authentication goes through the
 * credentials helper, as in n8n.
 */
import { ExecuteContext, ExecutionLifecycleHooks, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	INode,
	INodeType,
	INodeTypes,
	IRunExecutionData,
	IWorkflowBase,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { buildAdditionalData, credentialType, TestCredentialsHelper } from './engine';

function get(value: unknown, path: string): unknown {
	return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value);
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

export async function testCredential(typeName: string, data: ICredentialDataDecryptedObject): Promise<CredentialTestResult> {
	const test = credentialType(typeName).test;
	if (!test) return { status: 'Error', message: 'No testing function found for this credential.' };

	const nodeType: INodeType = {
		description: {
			displayName: 'Credential Test',
			name: 'credentialTest',
			group: ['input'],
			version: 1,
			description: 'Sends the credential test request',
			defaults: { name: 'Temp-Node' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: typeName, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: test.request }, default: '' }],
		},
	} as unknown as INodeType;
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'credentialTest',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [typeName]: { id: 'credential-under-test', name: 'credential under test' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const hooks = new ExecutionLifecycleHooks('internal', 'credential-test', { id: 'credential-test', nodes: [node], connections: {} } as unknown as IWorkflowBase);
	const additionalData = buildAdditionalData(new TestCredentialsHelper({ [typeName]: data }), hooks);
	const runExecutionData = { resultData: { runData: {} } } as unknown as IRunExecutionData;
	const context = new ExecuteContext(workflow, node, additionalData, 'internal', runExecutionData, 0, [], { main: [[{ json: {} }]] }, { node, data: {}, source: null }, []);
	const routingNode = new RoutingNode(context, nodeType, { id: 'credential-under-test', name: 'credential under test', type: typeName, data });

	let response;
	try {
		response = await routingNode.runNode();
	} catch (error) {
		// Same reading of the failure as the CredentialsTester.
		const e = error as Error & { cause?: { response?: { status: number; statusText?: string }; code?: string } };
		const failed = e.cause?.response;
		if (failed) {
			for (const rule of test.rules ?? []) {
				if (rule.type === 'responseCode' && failed.status === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (failed.status < 199 || failed.status > 299) {
				return { status: 'Error', message: failed.statusText || `Received HTTP status code: ${failed.status}` };
			}
		} else if (e.cause?.code) {
			return { status: 'Error', message: e.cause.code };
		}
		return { status: 'Error', message: e.message };
	}
	for (const rule of test.rules ?? []) {
		if (rule.type === 'responseSuccessBody' && get(response?.[0]?.[0]?.json, rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}
