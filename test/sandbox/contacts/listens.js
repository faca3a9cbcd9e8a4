'use strict';
/** Whether a Contacts API Trigger node's Events parameter takes this event ('*' or none = all). */
function listensFor(node, name) {
	const events = node.parameters.events;
	return !Array.isArray(events) || events.length === 0 || events.includes('*') || events.includes(name);
}

module.exports = { listensFor };
