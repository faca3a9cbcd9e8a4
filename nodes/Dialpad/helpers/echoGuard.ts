import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { collection } from '../../shared/descriptions';
import { DIALPAD_MARK, guardWrite, markWritesWhere, skipUnchangedOption, type GuardedWrite } from '../../shared/sync/write';

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

/**
 * Contact ids of the UIDs this process upserted (Dialpad builds the id from the uid in a way it
 * does not document, so it is learnt from the answer): lets Skip If Unchanged read the contact
 * before a later upsert of the same UID. Bounded, oldest dropped first.
 */
const idsOfUids = new Map<string, string>();
const MAX_UIDS = 10_000;

/** The Options collection of contact create (mark only), update and upsert (mark, skip). */
export function guardOptions(operation: 'create' | 'update' | 'upsert'): INodeProperties {
	const skip =
		operation === 'upsert'
			? {
					...skipUnchangedOption,
					description:
						'Whether to read the contact first and send nothing when every field to write already has that value; the item then carries _sync.skipped: "unchanged". Dialpad finds a contact by UID only when writing, so this applies once this n8n process has upserted the UID (the first upsert always writes).',
				}
			: skipUnchangedOption;
	return collection('options', operation === 'create' ? [markWritesWhere(DIALPAD_MARK)] : [markWritesWhere(DIALPAD_MARK), skip]);
}

function getContact(ctx: IExecuteFunctions, itemIndex: number, contactId: string): Promise<IDataObject> {
	return dialpadApiRequest(ctx, {
		method: 'GET',
		path: `/contacts/${pathSegment(contactId)}`,
		idempotent: true,
		itemIndex,
		subject: `contact "${contactId}"`,
	});
}

/** A guarded PUT /contacts (create or update by UID). */
export async function guardDialpadUpsert(ctx: IExecuteFunctions, itemIndex: number, uid: string, body: IDataObject): Promise<GuardedWrite> {
	const known = idsOfUids.get(uid);
	const guard = await guardWrite(ctx, itemIndex, {
		sys: 'dp',
		recordId: known,
		body,
		// A contact deleted since (or any failure to read it): written as if new.
		read: known === undefined ? undefined : async () => await getContact(ctx, itemIndex, known).catch(() => ({})),
		unstamped: UNSTAMPED,
	});
	return {
		...guard,
		finish(answer) {
			const id = answer?.id;
			if (typeof id === 'string' || typeof id === 'number') {
				idsOfUids.delete(uid);
				idsOfUids.set(uid, String(id));
				if (idsOfUids.size > MAX_UIDS) idsOfUids.delete(idsOfUids.keys().next().value as string);
			}
			return guard.finish(answer);
		},
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
		read: contactId === undefined ? undefined : async () => await getContact(ctx, itemIndex, contactId),
		unstamped: UNSTAMPED,
	});
}
