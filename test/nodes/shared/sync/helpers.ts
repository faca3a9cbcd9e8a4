/**
 * Echo Guard tests: runs an action node as the second node of a sync workflow, i.e. after one
 * of the pack's triggers ([Trigger] → [Subject]), through n8n-core's WorkflowExecute, so that
 * "Mark Writes: Auto" sees a pack trigger as the workflow's start (getParentNodes).
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters, IWorkflowBase } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { credentialRefs, executeWorkflow, PACKAGE, TestCredentialsHelper, TestNodeTypes, type NodeRun } from '../../../harness/engine';

export interface SyncWriteOptions {
	/** The action node type, e.g. 'contactsApi'. */
	type: string;
	parameters: INodeParameters;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	input?: IDataObject[];
	/** The start node: a pack trigger (default) or the test input (a workflow that is no sync). */
	root?: 'dialpadTrigger' | 'contactsApiTrigger' | 'callbellTrigger' | 'input';
	typeVersion?: number;
}

export async function runSyncWrite(options: SyncWriteOptions): Promise<NodeRun> {
	const nodeTypes = new TestNodeTypes();
	const credentialsHelper = new TestCredentialsHelper({ ...options.credentials });
	const root = options.root ?? 'dialpadTrigger';
	const workflowData = {
		id: 'sync-workflow',
		name: 'sync',
		active: true,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: [
			{
				id: 'root',
				name: 'Start',
				type: root === 'input' ? 'test.input' : `${PACKAGE}.${root}`,
				typeVersion: root === 'input' ? 1 : 2,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'subject',
				name: 'Subject',
				type: `${PACKAGE}.${options.type}`,
				typeVersion: options.typeVersion ?? 1,
				position: [200, 0],
				parameters: options.parameters,
				credentials: credentialRefs(options.credentials),
			},
		],
		connections: { Start: { main: [[{ node: 'Subject', type: 'main', index: 0 }]] } },
		settings: {},
	} as unknown as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		nodeTypes,
		active: true,
		settings: {},
	});
	const run = await executeWorkflow({
		workflow,
		workflowData,
		mode: 'webhook',
		executionId: 'sync-execution',
		credentialsHelper,
		startNode: 'Start',
		startData: [(options.input ?? [{}]).map((json) => ({ json }))],
	});
	const nodeRuns = run.data.resultData.runData.Subject ?? [];
	const last = nodeRuns[nodeRuns.length - 1];
	return {
		items: last?.data?.main?.[0] ?? [],
		error: (last?.error ?? run.data.resultData.error) as NodeRun['error'],
		run,
		credentialsHelper,
	};
}
