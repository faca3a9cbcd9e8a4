'use strict';
// In-memory state of one fake Dialpad company. IDs are int64 in Dialpad (contact IDs are
// strings); the sandbox hands them out as JSON numbers above 2^53 where Dialpad's do, so
// clients that parse them as doubles lose precision and the tests notice.

let sequence = 0;

/** A fresh int64 ID beyond Number.MAX_SAFE_INTEGER, as a decimal string. */
function nextId() {
	sequence += 1;
	return (9007199254740993n + BigInt(sequence) * 1000n).toString();
}

function createStore() {
	return {
		apiKeys: new Map(), // key → { admin: boolean, revoked?: boolean }
		company: null,
		users: [],
		offices: [],
		numbers: [],
		contacts: [], // each { id, type, owner_id, ... }
		calls: [],
		transcripts: new Map(), // call_id → url
		sms: [],
		webhooks: [], // { id, hook_url, secret }
		subscriptions: { call: [], sms: [], contact: [] },
		deliveries: [], // every delivery the helper sent
	};
}

module.exports = { createStore, nextId };
