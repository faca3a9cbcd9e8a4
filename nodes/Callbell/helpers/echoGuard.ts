import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { guardWrite, runGuarded, stampFor, STAMP_FIELD_NAME, type GuardedWrite } from '../../shared/sync/write';
import { callbellApiRequest, pathSegment } from '../transport';
import { normalizeContact } from './contactFields';

/**
 * Echo Guard on Callbell contact writes (ECHO-GUARD.md): the stamp goes into the contact's
 * custom field "n8n Sync Stamp" in the same request as the data. Callbell custom fields must
 * exist in the account beforehand and no API lists their definitions (callbell-api.md), so the
 * node writes the stamp and, when Callbell refuses the request because the field does not
 * exist (a 4xx naming it: nothing was written, so sending again is safe, a create included),
 * sends the same request without it and remembers for 5 minutes, per credential, that the
 * account has no such field. Such writes are kept in this n8n process's ledger only, and the
 * item's `_sync.reason` tells the user to add the text field in Callbell → Settings → Custom
 * Fields.
 */

const ABSENT_FOR_MS = 5 * 60_000;
const absentSince = new Map<string, number>();

function accountKey(ctx: IExecuteFunctions): string {
	return String(Object.values(ctx.getNode().credentials ?? {})[0]?.id ?? 'callbellApi');
}

const NO_FIELD: IDataObject = {
	stamped: false,
	reason: `no stamp: the Callbell account has no text custom field "${STAMP_FIELD_NAME}" (add it in Callbell → Settings → Custom Fields); the write is remembered by this n8n process only`,
};

export async function readCallbellContact(ctx: IExecuteFunctions, uuid: string, itemIndex: number): Promise<IDataObject> {
	const response = await callbellApiRequest<{ contact?: unknown }>(ctx, {
		method: 'GET',
		path: `/contacts/${pathSegment(uuid)}`,
		idempotent: true,
		itemIndex,
		subject: `contact "${uuid}"`,
	});
	return normalizeContact(response.contact);
}

export async function guardCallbellContactWrite(
	ctx: IExecuteFunctions,
	itemIndex: number,
	uuid: string | undefined,
	body: IDataObject,
): Promise<GuardedWrite & { unstampedBody: IDataObject; stamped: boolean }> {
	let stamped = false;
	const guard = await guardWrite(ctx, itemIndex, {
		sys: 'cb',
		recordId: uuid,
		body,
		read: uuid === undefined ? undefined : async () => await readCallbellContact(ctx, uuid, itemIndex),
		known: uuid === undefined ? {} : undefined,
		async stamp(plan) {
			const since = absentSince.get(accountKey(ctx));
			if (since !== undefined && Date.now() - since < ABSENT_FOR_MS) return { body, sync: NO_FIELD };
			const stamp = stampFor(ctx, 'cb', uuid ?? '', plan);
			stamped = true;
			return {
				body: { ...body, custom_fields: { ...((body.custom_fields as IDataObject | undefined) ?? {}), [STAMP_FIELD_NAME]: stamp } },
				sync: { stamped: true },
			};
		},
	});
	return { ...guard, unstampedBody: body, stamped };
}

/** True when Callbell refused the request because the stamp field does not exist in the account. */
function missingStampField(error: unknown): boolean {
	const err = error as { httpCode?: string | null; message?: string; description?: string | null; context?: IDataObject };
	const code = Number(err?.httpCode);
	if (!(code >= 400 && code < 500) || code === 401 || code === 429) return false;
	const text = `${err.message ?? ''} ${err.description ?? ''} ${JSON.stringify((err as { errorResponse?: unknown }).errorResponse ?? '')}`;
	return text.includes(STAMP_FIELD_NAME);
}

/** Sends a guarded Callbell write; without the stamp again when the account lacks its field. */
export async function runCallbellGuarded(
	ctx: IExecuteFunctions,
	guard: GuardedWrite & { unstampedBody: IDataObject; stamped: boolean },
	send: (body: IDataObject) => Promise<IDataObject>,
): Promise<IDataObject> {
	let withoutStamp = false;
	const sendOnce = async (body: IDataObject) =>
		await send(body).catch(async (error: Error) => {
			if (!guard.stamped || withoutStamp || !missingStampField(error)) throw error;
			absentSince.set(accountKey(ctx), Date.now());
			withoutStamp = true;
			return await send(guard.unstampedBody);
		});
	const answer = await runGuarded({ ...guard }, sendOnce);
	return withoutStamp ? { ...answer, _sync: NO_FIELD } : answer;
}
