import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { guardWrite, markWritesOption, skipUnchangedOption, type GuardedWrite } from '../../shared/sync/write';

export { runGuarded } from '../../shared/sync/write';
import { dialpadApiRequest, pathSegment } from '../transport';

/**
 * Echo Guard on Dialpad contact writes (ECHO-GUARD.md). A Dialpad contact has no field that
 * could carry a stamp, so a marked write is kept in this n8n process's ledger only
 * (nodes/shared/sync/ledger.ts): in regular mode the Dialpad Trigger of the other workflow
 * drops its echo; in queue mode (a worker writes, a webhook process receives) it cannot, and
 * Skip If Unchanged ends the echo with no write.
 */

const UNSTAMPED: IDataObject = {
	stamped: false,
	reason: 'Dialpad contacts cannot carry a stamp: the write is remembered by this n8n process only',
};

/** The Options collection of contact create/update/upsert. */
export function guardOptions(canSkip: boolean): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: canSkip ? [markWritesOption, skipUnchangedOption] : [markWritesOption],
	};
}

export async function guardDialpadContactWrite(
	ctx: IExecuteFunctions,
	itemIndex: number,
	contactId: string | undefined,
	body: IDataObject,
): Promise<GuardedWrite> {
	return await guardWrite(ctx, itemIndex, {
		sys: 'dp',
		recordId: contactId,
		body,
		read:
			contactId === undefined
				? undefined
				: async () =>
						await dialpadApiRequest(ctx, {
							method: 'GET',
							path: `/contacts/${pathSegment(contactId)}`,
							idempotent: true,
							itemIndex,
							subject: `contact "${contactId}"`,
						}),
		unstamped: UNSTAMPED,
	});
}
