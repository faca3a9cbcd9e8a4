import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { optionalAwareContext } from './optional';
import { Validator } from './validation';

/**
 * One operation of a node: its parameters, a `prepare` step that reads and validates one
 * item's parameters without sending anything, and a `run` step that talks to the API.
 */
export interface NodeOperation<P = unknown> {
	description: import('n8n-workflow').INodeProperties[];
	/**
	 * True for operations that change an existing record: there a `null` field value (from
	 * `{{ null }}`) clears the field. Elsewhere `null` counts as unset, like an empty value.
	 */
	clearsFields?: boolean;
	prepare(this: IExecuteFunctions, itemIndex: number, validate: Validator): P | Promise<P>;
	run(this: IExecuteFunctions, prepared: P, itemIndex: number): Promise<IDataObject | IDataObject[]>;
}

type Prepared<P> = { ok: true; value: P } | { ok: false; error: NodeOperationError };

function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	const err = error as Error & { context?: IDataObject; httpCode?: string };
	if (err && typeof err === 'object' && 'httpCode' in err) return err as unknown as NodeOperationError;
	return new NodeOperationError(ctx.getNode(), err, { itemIndex });
}

/** The API's answer body carried by a NodeApiError made by `apiError`, if any. */
export function apiResponseBody(error: unknown): IDataObject | IDataObject[] | string | undefined {
	const response = (error as { errorResponse?: { body?: unknown } } | null)?.errorResponse;
	const body = response && typeof response === 'object' ? response.body : undefined;
	if (body === null || body === undefined || body === '') return undefined;
	return body as IDataObject | IDataObject[] | string;
}

function errorItem(
	ctx: IExecuteFunctions,
	error: Error & { description?: string | null; httpCode?: string | null },
	itemIndex: number,
): INodeExecutionData {
	const details: IDataObject = {};
	if (error.description) details.description = error.description;
	if (error.httpCode) details.httpCode = error.httpCode;
	// What the API answered (already redacted by apiError), so nothing it gives the user to
	// act on is lost: e.g. the existing contact's ID in a "duplicated contacts" 400.
	const response = apiResponseBody(error);
	if (response !== undefined) details.apiResponse = response;
	// n8n moves an item to the error output ("On Error: Continue (using error output)") only
	// when its json has no keys besides error, message and details.
	if (ctx.getNode().onError === 'continueErrorOutput') {
		const json: IDataObject = { error: error.message };
		if (Object.keys(details).length > 0) json.details = details;
		return { json, pairedItem: { item: itemIndex } };
	}
	return { json: { error: error.message, ...details }, pairedItem: { item: itemIndex } };
}

/**
 * Runs an operation over every input item. All items are validated first, so bad input
 * anywhere stops the node before a single request is sent (unless Continue On Fail is on,
 * in which case each bad item becomes one error item and the others still run). Items then
 * run in order; a failure yields exactly one error item with its pairedItem.
 */
export async function runOperation<P>(
	ctx: IExecuteFunctions,
	operation: NodeOperation<P>,
): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const continueOnFail = ctx.continueOnFail();
	const prepared: Array<Prepared<P>> = [];
	// Empty optional values are unset (see optional.ts), whichever operation left them.
	const reader = optionalAwareContext(ctx, operation.description, operation.clearsFields === true);

	for (let i = 0; i < items.length; i++) {
		try {
			prepared.push({ ok: true, value: await operation.prepare.call(reader, i, new Validator(ctx, i)) });
		} catch (error) {
			const nodeError = asNodeError(ctx, error, i);
			if (!continueOnFail) throw nodeError;
			prepared.push({ ok: false, error: nodeError });
		}
	}

	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		const step = prepared[i];
		if (!step.ok) {
			out.push(errorItem(ctx, step.error, i));
			continue;
		}
		try {
			const result = await operation.run.call(ctx, step.value, i);
			const rows = Array.isArray(result) ? result : [result];
			for (const json of rows) out.push({ json, pairedItem: { item: i } });
		} catch (error) {
			const nodeError = asNodeError(ctx, error, i);
			if (!continueOnFail) throw nodeError;
			out.push(errorItem(ctx, nodeError, i));
		}
	}
	return out;
}
