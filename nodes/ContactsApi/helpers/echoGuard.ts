import { createHash } from 'crypto';

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { guardWrite, readGuardOptions, stampFor, STAMP_FIELD_NAME, type GuardedWrite } from '../../shared/sync/write';
import { contactsApiRequest, getConnection, pathSegment } from '../transport';
import { customFieldDefinitions } from './customFields';

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
	// Per credential content (a token with new scopes is a new key), never the token itself.
	const credential = createHash('sha256').update(connection.secrets.filter((s) => typeof s === 'string').join('\u0000')).digest('hex');
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

/**
 * Plans one contact write. `contactId`: undefined for a create ('' in the stamp) or an upsert
 * (record unknown before the write: no stamp, the ledger only). `locationId`: the location
 * whose stamp field to use.
 */
export async function guardContactWrite(
	ctx: IExecuteFunctions,
	itemIndex: number,
	contactId: string | undefined,
	body: IDataObject,
	locationId: () => Promise<string>,
	options: { known?: IDataObject; upsert?: boolean },
): Promise<GuardedWrite> {
	let location: string | undefined;
	const resolveLocation = async () => {
		if (location === undefined) location = await locationId().catch(() => '');
		return location;
	};
	let definitions: Array<{ id: string; fieldKey?: string }> = [];
	// Custom fields given by key are resolved to ids with the definitions (already fetched in
	// this execution when the body has typed custom fields: no extra call then).
	const { mark, skipUnchanged } = readGuardOptions(ctx, itemIndex);
	if ((mark || skipUnchanged) && Array.isArray(body.customFields) && body.customFields.length > 0) {
		const loc = await resolveLocation();
		if (loc) definitions = (await customFieldDefinitions(ctx, loc)).fields;
	}
	const read = async () => (contactId !== undefined ? await readContact(ctx, contactId, itemIndex) : {});
	return await guardWrite(ctx, itemIndex, {
		sys: 'hl',
		recordId: contactId,
		body,
		read: options.upsert ? undefined : read,
		known: options.known,
		customFieldId: (given) =>
			definitions.find((d) => d.id === given || d.fieldKey === given || d.fieldKey === `contact.${given}`)?.id ??
			(definitions.length === 0 && !given.startsWith('contact.') ? given : undefined),
		unstamped: {
			stamped: false,
			reason: 'no stamp: an upsert does not know the contact before it writes; the write is remembered by this n8n process only',
		},
		async stamp(plan) {
			const loc = await resolveLocation();
			const field = loc ? await stampFieldId(ctx, loc, itemIndex) : { problem: 'no location is set' };
			if (!field.id) {
				return { body, sync: { stamped: false, reason: `no stamp: ${field.problem}; the write is remembered by this n8n process only` } };
			}
			const stamp = stampFor(ctx, 'hl', contactId ?? '', plan);
			const customFields = [...((body.customFields as IDataObject[] | undefined) ?? []), { id: field.id, field_value: stamp }];
			return { body: { ...body, customFields }, sync: { stamped: true } };
		},
	});
}
