import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { forgetWrites } from '../../shared/sync/ledger';
import {
	ledgerPlanned,
	ledgerWrite,
	planWrite,
	readGuardOptions,
	stampFor,
	STAMP_FIELD_NAME,
	type PlannedWrite,
} from '../../shared/sync/write';
import { contactsApiRequest, getConnection, pathSegment } from '../transport';
import { customFieldDefinitions } from './contactFields';

/**
 * Echo Guard on HighLevel contact writes (ECHO-GUARD.md): Skip If Unchanged, and the stamp in
 * the location's text custom field "n8n Sync Stamp", sent in the same request as the data.
 *
 * The field is found with GET /locations/{locationId}/customFields?model=contact and, when the
 * location has none, created once with POST /locations/{locationId}/customFields
 * ({name, dataType: TEXT, model: contact}; scope locations/customFields.write, contacts.md).
 * The answer is kept in memory per credential and location (a failure for 5 minutes): when the
 * token may not read or create it, the write goes out unstamped, is kept in this process's
 * ledger, and the item's `_sync.reason` says why.
 */

const FAILURE_TTL_MS = 5 * 60_000;
const stampFields = new Map<string, { at: number; result: Promise<{ id?: string; problem?: string }> }>();

async function stampFieldId(ctx: IExecuteFunctions, locationId: string, itemIndex: number): Promise<{ id?: string; problem?: string }> {
	const connection = await getConnection(ctx);
	const credential = Object.values(ctx.getNode().credentials ?? {})[0]?.id ?? connection.credentialType;
	const key = `${credential}\u0000${connection.baseUrl}\u0000${locationId}`;
	const cached = stampFields.get(key);
	if (cached && (Date.now() - cached.at < FAILURE_TTL_MS || (await cached.result).id)) return await cached.result;
	const result = (async () => {
		const definitions = await customFieldDefinitions(ctx, locationId);
		const found = definitions.fields.find((field) => field.name === STAMP_FIELD_NAME);
		if (found) return { id: found.id };
		if (definitions.unreadable) return { problem: definitions.unreadable };
		try {
			// Not retried after an ambiguous failure: a retry could create the field twice.
			const created = await contactsApiRequest<{ customField?: { id?: string } }>(ctx, {
				method: 'POST',
				path: `/locations/${pathSegment(locationId)}/customFields`,
				locationId,
				body: { name: STAMP_FIELD_NAME, dataType: 'TEXT', model: 'contact', placeholder: 'Set by n8n; do not edit' },
				idempotent: false,
				scope: 'locations/customFields.write',
				itemIndex,
			});
			const id = created.customField?.id;
			return id ? { id } : { problem: 'the API did not return the new custom field' };
		} catch (error) {
			return { problem: `the custom field "${STAMP_FIELD_NAME}" could not be created (${(error as Error).message})` };
		}
	})();
	stampFields.set(key, { at: Date.now(), result });
	return await result;
}

export async function readContact(ctx: IExecuteFunctions, contactId: string, itemIndex: number): Promise<IDataObject> {
	const found = await contactsApiRequest<{ contact: IDataObject }>(ctx, {
		method: 'GET',
		path: `/contacts/${pathSegment(contactId)}`,
		idempotent: true,
		scope: 'contacts.readonly',
		itemIndex,
	});
	return found.contact;
}

export interface GuardedWrite {
	/** Set when the write is skipped: the record as read, to output. */
	skipped?: IDataObject;
	/** The body to send (the stamp added when marking). */
	body: IDataObject;
	/** Completes the write's `_sync` and ledger from the API's answer. */
	finish(answer: IDataObject | undefined): IDataObject;
	/** Call when the request failed. */
	abandon(): void;
}

/**
 * Plans one contact write. `contactId`: undefined for a create ('' in the stamp).
 * `locationId`: resolves the location whose stamp field to use.
 */
export async function guardContactWrite(
	ctx: IExecuteFunctions,
	itemIndex: number,
	contactId: string | undefined,
	body: IDataObject,
	locationId: () => Promise<string>,
	options: { canSkip: boolean; known?: IDataObject },
): Promise<GuardedWrite> {
	const { mark, skipUnchanged } = readGuardOptions(ctx, itemIndex);
	const unguarded: GuardedWrite = { body, finish: (answer) => answer ?? {}, abandon: () => undefined };
	const skip = skipUnchanged && options.canSkip && contactId !== undefined;
	if (!mark && !skip) return unguarded;

	const before = options.known ?? (contactId !== undefined ? await readContact(ctx, contactId, itemIndex) : {});
	let location = '';
	try {
		location = await locationId();
	} catch {
		// No location: custom fields given by key stay unresolved; no stamp field.
	}
	const definitions = location ? (await customFieldDefinitions(ctx, location)).fields : [];
	const idOf = (given: string) =>
		definitions.find((d) => d.id === given || d.fieldKey === given || d.fieldKey === `contact.${given}`)?.id ??
		(definitions.length === 0 && !given.startsWith('contact.') ? given : undefined);
	const plan: PlannedWrite = planWrite('hl', before, body, idOf);
	if (skip && plan.changed && plan.changed.length === 0) {
		return { ...unguarded, skipped: { ...before, _sync: { skipped: 'unchanged' } } };
	}
	if (!mark) return unguarded;

	const field = location ? await stampFieldId(ctx, location, itemIndex) : { problem: 'no location is set' };
	const sync: IDataObject = { stamped: false };
	let sent = body;
	if (field.id) {
		const stamp = stampFor(ctx, 'hl', contactId ?? '', plan);
		const customFields = [...((body.customFields as IDataObject[] | undefined) ?? []), { id: field.id, field_value: stamp }];
		sent = { ...body, customFields };
		sync.stamped = true;
	} else {
		sync.reason = `no stamp: ${field.problem}; the write is remembered by this n8n process only`;
	}
	if (contactId !== undefined) ledgerPlanned('hl', contactId, plan);
	return {
		body: sent,
		finish(answer) {
			ledgerWrite('hl', answer);
			return { ...(answer ?? {}), _sync: sync };
		},
		abandon() {
			if (contactId !== undefined) forgetWrites('hl', contactId, Date.now());
		},
	};
}
