'use strict';
// The people both demo sandboxes know: contact i of the Contacts sandbox and "filler" contact
// i of the Callbell sandbox share the phone +1415555100i and the same name, as the same
// customer would in a CRM and in a chat inbox. Beyond this list the seeds fall back to
// numbered "Demo …" names (large seeds for paging tests and the benchmark).
const PEOPLE = [
	['Emma', 'Schmidt'],
	['Lucas', 'Moreau'],
	['Sofia', 'Garcia'],
	['Noah', 'Williams'],
	['Hannah', 'Kowalski'],
	['Daniel', 'Okafor'],
	['Chloe', 'Nguyen'],
	['Mateo', 'Silva'],
	['Aisha', 'Rahman'],
	['Oliver', 'Jensen'],
	['Yuki', 'Tanaka'],
	['Leila', 'Haddad'],
];

/** Phone of shared person i (E.164). */
function phoneOf(i) {
	return `+1415555${String(1000 + i).padStart(4, '0')}`;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * When seed record i of `count` was "created": spread over the last `days` days, oldest
 * first, so seeded data looks like an account in use and new records are dated now.
 */
function seededAt(i, count, days = 30, now = Date.now()) {
	const span = days * DAY;
	return now - span + Math.floor(((i + 1) * span) / (count + 1));
}

module.exports = { PEOPLE, phoneOf, seededAt, DAY };
