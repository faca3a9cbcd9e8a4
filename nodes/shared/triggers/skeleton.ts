import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import type { Verdict } from '../sync/receive';
import { persistSyncState } from '../sync/state';
import { checkAndRecord, persistInExecution, saveBeforeAnswer, withMark, type DedupSettings, type DeliveryMark } from './dedup';
import { alreadyExecuted } from './executed';
import { acknowledge, refuse, startExecution } from './respond';

/**
 * The skeleton every trigger of the pack fills in. A delivery goes through the same steps in
 * each: its exact bytes are read (`deliveryBytes`), the trigger verifies them its own way (a
 * refusal is logged and answered with `refuseLogged`), then `startOnce` de-duplicates it and
 * hands it to n8n, which answers 2xx only once the execution exists (respond.ts). The
 * execution's first step is `executeDelivered`. Triggers that register their URL at their
 * service take their lifecycle hooks from `registrationHooks`.
 *
 * What stays written out in each trigger: its node description (`description` of the
 * *.node.ts class: name, icon, group, version, credentials, webhooks, properties). n8n's
 * lint (`n8n-node lint`: eslint-plugin-n8n-nodes-base's node-class-description-* rules)
 * reads those class fields from the source literally and cannot follow a spread or a helper,
 * so the fields that look alike across the three triggers are repeated on purpose. The
 * credential classes (credentials/) stay written out for the same reason.
 *
 * Versions: every trigger has version 2 because n8n 2.41 evaluates a parameter of version-1
 * webhook nodes while parsing every body (webhook-helpers.js, parseRequestBody); versions 1
 * and 2 behave the same otherwise. What version 3 changes is said in each trigger.
 */

/** How long deliveries are remembered (ms) and how many, from each trigger's settings. */
export type DedupLimits = Omit<DedupSettings, 'now'>;

/**
 * The execute() of every trigger: the first step of each execution a delivery starts (in
 * queue mode on the worker). Before anything else a delivery that already started another
 * execution (retried after a crash, executed.ts) is dropped; the others pass on without their
 * delivery marks, and the execution's copies of the duplicate record and the sync state are
 * kept current (`persistInExecution`, `persistSyncState`).
 */
export async function executeDelivered(ctx: IExecuteFunctions, limits: DedupLimits): Promise<INodeExecutionData[][]> {
	const settings = { ...limits, now: Date.now() };
	const dropped = await alreadyExecuted(ctx, settings.maxEntries);
	const items = persistInExecution(ctx, settings).filter((_, i) => !dropped[i]);
	persistSyncState(ctx);
	return [items];
}

/** A trigger's registration at its service: n8n's checkExists, create and delete. */
export interface Registration {
	registrationExists(ctx: IHookFunctions): Promise<boolean>;
	register(ctx: IHookFunctions): Promise<boolean>;
	unregister(ctx: IHookFunctions): Promise<boolean>;
}

/** The node's `webhookMethods` for a trigger that registers its URL at its service. */
export function registrationHooks(registration: Registration) {
	return {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await registration.registrationExists(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await registration.register(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await registration.unregister(this);
			},
		},
	};
}

/**
 * The delivery's body as received (undefined when n8n kept none). Signatures cover these
 * exact bytes, never n8n's parsed or re-serialised body; n8n reads it only when asked.
 */
export async function deliveryBytes(ctx: IWebhookFunctions): Promise<Buffer | undefined> {
	const req = ctx.getRequestObject();
	await req.readRawBody?.();
	return Buffer.isBuffer(req.rawBody) ? req.rawBody : undefined;
}

/** Refuses a delivery (n8n starts nothing) and logs why as a warning, naming the node. */
export function refuseLogged(ctx: IWebhookFunctions, status: 400 | 401, error: string, logLine: string): IWebhookResponseData {
	ctx.logger.warn(logLine, { node: ctx.getNode().name });
	return refuse(ctx, status, error);
}

/** What a verified, new delivery becomes: an item and n8n's answer, or only an answer (nothing runs). */
export type Handover = { item: INodeExecutionData; answer: IDataObject } | { acknowledge: IDataObject };

/**
 * De-duplicates a verified delivery, then hands it to n8n. A delivery already recorded (a
 * retry or a replay) is acknowledged with `duplicateAnswer` and starts nothing; otherwise
 * `handover` makes the item (it may still decline, e.g. for an echo) and the execution starts
 * with the item carrying its mark, so that execute() can finish the duplicate record.
 */
export async function startOnce(
	ctx: IWebhookFunctions,
	mark: DeliveryMark,
	settings: DedupSettings,
	duplicateAnswer: IDataObject,
	handover: () => Handover,
): Promise<IWebhookResponseData> {
	if (await checkAndRecord(ctx, mark, settings, true)) return acknowledge(duplicateAnswer);
	let next: Handover;
	try {
		next = handover();
	} finally {
		// The trigger is done with static data: the delivery is saved before the answer (dedup.ts),
		// also when n8n answers 500 (a delivery n8n could not start is released then).
		await saveBeforeAnswer(ctx);
	}
	if ('acknowledge' in next) return acknowledge(next.acknowledge);
	return startExecution([withMark(next.item, mark)], next.answer);
}

/** Keeps an Echo Guard pass: saves the receive state and puts the sync facts on the item. */
export function keepPass(verdict: Extract<Verdict, { drop: false }>, json: IDataObject): void {
	verdict.commit();
	json._sync = verdict.sync;
}
