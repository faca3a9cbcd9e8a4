'use strict';
// The demo company every Dialpad sandbox starts with. IDs are fixed (and beyond 2^53, as
// int64 IDs can be) so tests and the demo can name them (DIALPAD_DEMO).

const MINUTE = 60 * 1000;

const DIALPAD_DEMO = {
	apiKey: 'dp_sbx_admin_Zq7Wm3Kx9Lp2Vb6Nc4Rt8Hy1',
	/** A key of a user who is not a company admin (403 on admin-only operations). */
	userApiKey: 'dp_sbx_user_Jd5Fg8Hk2Lm6Pq9Ws3Xe7Ty',
	/** A key the sandbox refuses; its 401 echoes the key, as some APIs do. */
	revokedApiKey: 'dp_sbx_REVOKED_Aa1Bb2Cc3Dd4Ee5Ff6',
	companyId: '9007199254741001',
	offices: { main: '9007199254741101', berlin: '9007199254741102' },
	users: {
		alice: { id: '9007199254741201', email: 'alice@demo-dialpad.test', name: 'Alice Agent', number: '+14155550101' },
		bob: { id: '9007199254741202', email: 'bob@demo-dialpad.test', name: 'Bob Builder', number: '+14155550102' },
		carla: { id: '9007199254741203', email: 'carla@demo-dialpad.test', name: 'Carla Closer', number: '+14155550103' },
	},
	officeNumber: '+14155550100',
	contacts: { ada: 'shared_contact_uid_demo-ada', grace: 'shared_contact_uid_demo-grace', aliceLocal: 'local_contact_9007199254741201_demo' },
	calls: { answered: '9007199254742001', missed: '9007199254742002', older: '9007199254742003' },
};

function user(key, first, last, admin, officeId) {
	const u = DIALPAD_DEMO.users[key];
	return {
		id: u.id,
		display_name: `${first} ${last}`,
		first_name: first,
		last_name: last,
		emails: [u.email],
		phone_numbers: [u.number],
		extension: String(100 + Object.keys(DIALPAD_DEMO.users).indexOf(key)),
		office_id: officeId,
		state: 'active',
		is_admin: admin,
		timezone: 'America/Los_Angeles',
	};
}

function contact(id, first, last, phone, email, extra = {}) {
	return {
		id,
		type: 'shared',
		owner_id: null,
		first_name: first,
		last_name: last,
		display_name: `${first} ${last}`,
		phones: [phone],
		primary_phone: phone,
		emails: email ? [email] : [],
		primary_email: email || null,
		company_name: null,
		job_title: null,
		extension: null,
		urls: [],
		trunk_group: null,
		...extra,
	};
}

function call(id, { started, connected, ended, external, target, direction = 'inbound', recorded = false }) {
	return {
		call_id: id,
		master_call_id: id,
		entry_point_call_id: id,
		direction,
		state: 'hangup',
		date_started: started,
		date_rang: started,
		date_connected: connected,
		date_ended: ended,
		event_timestamp: ended + 100,
		duration: connected ? ended - connected : 0,
		total_duration: ended - started,
		external_number: external,
		internal_number: target.number,
		contact: { id: 'shared_contact_uid_demo-ada', name: 'Ada Lovelace', phone: external, email: 'ada@example.com', type: 'shared' },
		target: { id: target.id, name: target.name, phone: target.number, type: 'user' },
		was_recorded: recorded,
		recording_details: recorded ? [{ id: `rec_${id}`, url: `https://dialpad.example/recordings/${id}.mp3`, duration: ended - connected, start_time: connected, recording_type: 'callrecording' }] : [],
		call_recording_share_links: recorded ? [`https://dialpad.example/r/share-${id}`] : [],
		voicemail_share_link: connected ? null : `https://dialpad.example/v/share-${id}`,
		labels: [],
	};
}

function seedDemo(store, options = {}) {
	const D = DIALPAD_DEMO;
	store.apiKeys.set(D.apiKey, { key: D.apiKey, admin: true });
	store.apiKeys.set(D.userApiKey, { key: D.userApiKey, admin: false });
	store.apiKeys.set(D.revokedApiKey, { key: D.revokedApiKey, admin: true, revoked: true });
	store.company = { id: D.companyId, name: 'Demo Dialpad Co', domain: 'demo-dialpad.test', country: 'us', office_count: 2 };
	store.offices.push(
		{ id: D.offices.main, name: 'Main Office', phone_numbers: [D.officeNumber], state: 'active', timezone: 'America/Los_Angeles' },
		{ id: D.offices.berlin, name: 'Berlin Office', phone_numbers: ['+4930555010'], state: 'inactive', timezone: 'Europe/Berlin' },
	);
	store.users.push(user('alice', 'Alice', 'Agent', true, D.offices.main), user('bob', 'Bob', 'Builder', false, D.offices.main), user('carla', 'Carla', 'Closer', false, D.offices.berlin));
	store.numbers.push(
		{ number: D.officeNumber, target_id: D.offices.main, target_type: 'office', office_id: D.offices.main, type: 'local', status: 'office' },
		...Object.values(D.users).map((u) => ({ number: u.number, target_id: u.id, target_type: 'user', office_id: D.offices.main, type: 'local', status: 'user' })),
	);
	if (options.seed === 'empty') return;
	store.contacts.push(
		contact(D.contacts.ada, 'Ada', 'Lovelace', '+14155550123', 'ada@example.com', { company_name: 'Analytical Engines' }),
		contact(D.contacts.grace, 'Grace', 'Hopper', '+14155550124', 'grace@example.com'),
		contact(D.contacts.aliceLocal, 'Linus', 'Local', '+14155550125', null, { type: 'local', owner_id: D.users.alice.id }),
	);
	for (let i = 0; i < (options.contacts || 0); i++) {
		store.contacts.push(contact(`shared_contact_uid_bulk-${i}`, `Bulk${i}`, 'Person', `+1415556${String(i).padStart(4, '0')}`, null));
	}
	const now = Date.now();
	const alice = D.users.alice;
	store.calls.push(
		call(D.calls.answered, { started: now - 30 * MINUTE, connected: now - 29 * MINUTE, ended: now - 25 * MINUTE, external: '+14155550123', target: alice, recorded: true }),
		call(D.calls.missed, { started: now - 20 * MINUTE, connected: null, ended: now - 19 * MINUTE, external: '+14155550124', target: alice }),
		call(D.calls.older, { started: now - 3 * 24 * 60 * MINUTE, connected: now - 3 * 24 * 60 * MINUTE + 5000, ended: now - 3 * 24 * 60 * MINUTE + 65000, external: '+14155550123', target: { ...D.users.bob }, direction: 'outbound' }),
	);
	store.transcripts.set(D.calls.answered, `https://dialpad.example/transcripts/${D.calls.answered}`);
}

module.exports = { DIALPAD_DEMO, seedDemo };
