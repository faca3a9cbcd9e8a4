'use strict';
// Webhooks after API writes, as the real services send them: every contact, task, note and tag
// write (the pack's own writes included, and writes that change nothing) is announced to every
// subscribed endpoint a little later. A sandbox builds the event when the write happens (its
// payload is the record as it was then, like a real snapshot) and hands it to emit(); the
// emitter sends it after `delayMs` through the sandbox's own signed sender.
//
//   const webhooks = createEmitter({ send: async (event) => rows, delayMs });
//   webhooks.emit(event, { recordId, origin: 'api' | 'human' })  → Promise<rows> (after the delay)
//   webhooks.delayMs = 0 | 300 | [min, max]   (a range draws a delay per event: arrival order may change)
//   const held = webhooks.hold((e) => e.recordId === id); …; await held.release()   (out-of-order tests; held.drop() never sends them)
//   webhooks.onEmit((entry) => …)   called synchronously when a write emits (tests place edits after it)
//   await webhooks.idle()           every scheduled delivery sent
//   webhooks.log                    [{ seq, recordId, origin, name, event, emittedAt, sentAt, rows, done: Promise<rows> }]
//
// Default delay: SANDBOX_WEBHOOK_DELAY_MS or 300 ms ("a few hundred ms", like the services).
// Delivery failures (nobody listening, a closed port) are logged in the rows, never thrown.

const DEFAULT_DELAY_MS = 300;

function defaultDelay() {
	const env = process.env.SANDBOX_WEBHOOK_DELAY_MS;
	if (env === undefined || env === '') return DEFAULT_DELAY_MS;
	const n = Number(env);
	if (!Number.isFinite(n) || n < 0) throw new Error(`SANDBOX_WEBHOOK_DELAY_MS must be a number of milliseconds >= 0, got "${env}"`);
	return n;
}

function pickDelay(delay) {
	if (Array.isArray(delay)) {
		const [min, max] = delay;
		return min + Math.random() * Math.max(0, max - min);
	}
	return Number(delay) || 0;
}

/**
 * createEmitter({ send(event) → Promise<rows>, delayMs?, enabled? }) → the emitter above.
 * `send` gets the event object given to emit() and returns one row per endpoint reached.
 */
function createEmitter({ send, delayMs, enabled = true }) {
	const inflight = new Set();
	const timers = new Set();
	const holds = [];
	const listeners = [];
	let seq = 0;

	const chains = new Map();
	// One record's deliveries go out one after another, in the order of its writes (a fixed
	// delay keeps that order; a delay range or hold() may change it on purpose).
	const inOrder = (recordId, deliver) => {
		if (recordId === null || recordId === undefined) return deliver();
		const previous = chains.get(recordId) || Promise.resolve();
		const next = previous.then(deliver, deliver);
		chains.set(recordId, next);
		next.finally(() => {
			if (chains.get(recordId) === next) chains.delete(recordId);
		}).catch(() => undefined);
		return next;
	};

	const emitter = {
		delayMs: delayMs !== undefined ? delayMs : defaultDelay(),
		enabled,
		log: [],
		emit(event, { recordId = null, origin = 'api', name = event && (event.name || event.type || event.event), delayMs: own } = {}) {
			if (!emitter.enabled) return Promise.resolve([]);
			const entry = { seq: ++seq, recordId, origin, name, event, emittedAt: Date.now(), sentAt: null, rows: null };
			emitter.log.push(entry);
			for (const listener of listeners) {
				try {
					listener(entry, event);
				} catch {
					// a listener's fault is the test's, not the delivery's
				}
			}
			const deliver = async () => {
				entry.sentAt = Date.now();
				try {
					entry.rows = await send(event, entry);
				} catch (error) {
					entry.rows = [{ error: String((error && error.message) || error) }];
				}
				return entry.rows;
			};
			const hold = holds.find((h) => !h.released && h.match(entry, event));
			// Held deliveries are not in flight (idle() does not wait for them) until released.
			if (hold) {
				entry.done = new Promise((resolve) => hold.queue.push(() => deliver().then(resolve)));
				return entry.done;
			}
			const wait = pickDelay(own !== undefined ? own : emitter.delayMs);
			const promise = new Promise((resolve) => {
				const timer = setTimeout(() => {
					timers.delete(timer);
					resolve();
				}, wait);
				timers.add(timer);
			}).then(() => (emitter.enabled ? inOrder(recordId, deliver) : []));
			entry.done = promise;
			inflight.add(promise);
			promise.finally(() => inflight.delete(promise)).catch(() => undefined);
			return promise;
		},
		/** Keeps back the deliveries `match(entry, event)` selects until release() (then sent in order). */
		hold(match) {
			const h = { match, queue: [], released: false };
			holds.push(h);
			return {
				get count() {
					return h.queue.length;
				},
				async release() {
					h.released = true;
					holds.splice(holds.indexOf(h), 1);
					for (const run of h.queue.splice(0)) await run();
				},
				/** Stops holding and forgets what was held (those deliveries are never sent). */
				drop() {
					h.released = true;
					holds.splice(holds.indexOf(h), 1);
					h.queue.length = 0;
				},
			};
		},
		onEmit(listener) {
			listeners.push(listener);
			return () => listeners.splice(listeners.indexOf(listener), 1);
		},
		/** Resolves once every delivery scheduled so far (and those they caused here) is sent. */
		async idle() {
			while (inflight.size) await Promise.allSettled([...inflight]);
		},
		pending: () => inflight.size,
		/** Drops every delivery not sent yet (the sandbox is closing). */
		stop() {
			emitter.enabled = false;
			for (const timer of timers) clearTimeout(timer);
			timers.clear();
			inflight.clear();
		},
	};
	return emitter;
}

module.exports = { createEmitter, DEFAULT_DELAY_MS };
