/**
 * Echo Guard tests: runs an action node as the second node of a sync workflow, i.e. after one
 * of the pack's triggers ([Trigger] → [Subject]), through n8n-core's WorkflowExecute, so that
 * "Mark Writes: Auto" sees a pack trigger as the workflow's start (getParentNodes).
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { PACKAGE, runSubject, type NodeRun } from '../../../harness/engine';

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
	const root = options.root ?? 'dialpadTrigger';
	return await runSubject(options, {
		type: root === 'input' ? 'test.input' : `${PACKAGE}.${root}`,
		id: 'root',
		name: 'Start',
		typeVersion: root === 'input' ? 1 : 2,
		workflow: { id: 'sync-workflow', name: 'sync', active: true },
		mode: 'webhook',
		executionId: 'sync-execution',
	});
}

/**
 * Another n8n process in the same test: the webhook harness and the pack's modules loaded anew
 * (jest.isolateModules), so nothing in memory is shared with this one; pass the same
 * StaticDataStore to share the database. `types`: the node types it preloads.
 */
export function freshProcess(...types: string[]): typeof import('../../../harness/webhook') {
	let module: typeof import('../../../harness/webhook') | undefined;
	jest.isolateModules(() => {
		module = require('../../../harness/webhook') as typeof import('../../../harness/webhook');
		for (const type of types) module.preloadNode(type);
	});
	return module!;
}
