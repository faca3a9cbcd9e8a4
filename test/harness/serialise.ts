/** Reading a whole execution as text, to prove no secret ended up anywhere in it. */
import type { IDataObject } from 'n8n-workflow';

import type { NodeRun } from './engine';

/** Everything an execution keeps (output, error, run data) as one text, cycles cut. */
export function serialised(result: NodeRun): string {
	const seen = new WeakSet<object>();
	const replacer = (_key: string, value: unknown) => {
		if (value && typeof value === 'object') {
			if (seen.has(value)) return '[cycle]';
			seen.add(value);
		}
		return value;
	};
	const error = result.error as (Error & IDataObject) | undefined;
	return [
		JSON.stringify(result.items, replacer),
		error ? `${error.message} ${String(error.description ?? '')} ${String(error.stack ?? '')}` : '',
		JSON.stringify(error ?? null, replacer),
		JSON.stringify(result.run.data.resultData, replacer),
	].join('\n');
}
