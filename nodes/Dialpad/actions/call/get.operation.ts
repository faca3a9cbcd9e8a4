import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { forOperation, requiredString } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { dialpadApiRequest, pathSegment } from '../../transport';
import { numericId } from '../common';
import { withLinks } from './links';

export interface Prepared {
	callId: string;
	transcript: boolean;
}

/**
 * GET /call/{id}. Dialpad allows only 10 of these per minute (SPEC), so workflows fed by the
 * Dialpad Trigger should use the event's own fields instead of fetching every call.
 */
export const get: NodeOperation<Prepared> = {
	description: forOperation('call', 'get', [
		requiredString('Call ID', 'callId', {
			placeholder: 'e.g. 6342343299072000',
			description: 'The call_id of the call (Dialpad allows 10 lookups per minute)',
		}),
		{
			displayName: 'Include Transcript Link',
			name: 'includeTranscriptUrl',
			type: 'boolean',
			default: false,
			description: 'Whether to add the link to the Dialpad Ai transcript (links.transcript; null when the call has none)',
		},
	]),

	prepare(itemIndex, validate) {
		return {
			callId: numericId(validate, 'Call ID (callId)', this.getNodeParameter('callId', itemIndex, '')),
			transcript: this.getNodeParameter('includeTranscriptUrl', itemIndex, false) === true,
		};
	},

	async run({ callId, transcript }, itemIndex) {
		const call = await dialpadApiRequest<IDataObject>(this, {
			method: 'GET',
			path: `/call/${pathSegment(callId)}`,
			idempotent: true,
			itemIndex,
			subject: `call "${callId}"`,
		});
		if (!transcript) return withLinks(call);
		let url: string | null = null;
		try {
			const answer = await dialpadApiRequest<IDataObject>(this, {
				method: 'GET',
				path: `/transcripts/${pathSegment(callId)}/url`,
				idempotent: true,
				itemIndex,
				subject: `the transcript of call "${callId}"`,
			});
			url = typeof answer.url === 'string' ? answer.url : null;
		} catch (error) {
			// No transcript (Ai off, or not ready yet) is an answer, not a failure.
			const notFound = error instanceof NodeApiError && error.httpCode === '404';
			if (!notFound) throw error instanceof NodeApiError ? error : new NodeApiError(this.getNode(), error as JsonObject, { itemIndex });
		}
		return withLinks(call, url);
	},
};
