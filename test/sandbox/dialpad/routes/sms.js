'use strict';
// POST /sms (SPEC SendSMSMessage): one sender (user_id, from_number — which overrides the
// others — or sender_group_id + sender_group_type), to_numbers (≤ 10, E.164) or
// channel_hashtag, text and/or media. The sandbox demands an unambiguous sender.
const { nextId } = require('../store');
const { bad, notFound, onlyFields, int64, phones, optionalString, E164 } = require('../validate');

const FIELDS = ['user_id', 'from_number', 'sender_group_id', 'sender_group_type', 'to_numbers', 'channel_hashtag', 'text', 'media', 'infer_country_code'];

module.exports = [
	{
		method: 'POST',
		path: '/api/v2/sms',
		limitPerMinute: 100,
		handler(ctx) {
			const body = ctx.body;
			onlyFields(body, FIELDS);
			const senders = ['user_id', 'from_number', 'sender_group_id'].filter((f) => body[f] !== undefined);
			if (senders.length !== 1) throw bad('Give exactly one sender: user_id, from_number or sender_group_id');
			let userId = null;
			let fromNumber;
			let target;
			if (body.user_id !== undefined) {
				userId = int64(body.user_id, 'user_id', { inBody: true });
				const user = ctx.store.users.find((u) => u.id === userId);
				if (!user) throw notFound('User');
				fromNumber = user.phone_numbers[0];
				target = { id: user.id, type: 'user' };
			} else if (body.from_number !== undefined) {
				if (typeof body.from_number !== 'string' || !E164.test(body.from_number)) throw bad('from_number must be E.164');
				const number = ctx.store.numbers.find((n) => n.number === body.from_number);
				if (!number) throw bad(`${body.from_number} is not a number of this company`);
				fromNumber = number.number;
				target = { id: number.target_id, type: number.target_type };
			} else {
				if (body.sender_group_type !== 'office') throw bad('sender_group_type must be office, department or callcenter');
				const officeId = int64(body.sender_group_id, 'sender_group_id', { inBody: true });
				const office = ctx.store.offices.find((o) => o.id === officeId);
				if (!office) throw notFound('Office');
				fromNumber = office.phone_numbers[0];
				target = { id: office.id, type: 'office' };
			}
			const to = phones(body, 'to_numbers');
			if (!to || to.length === 0 || to.length > 10) throw bad('to_numbers must list 1 to 10 numbers');
			const text = optionalString(body, 'text');
			if (!text) throw bad('text is required');
			const message = {
				id: nextId(),
				created_date: Date.now(),
				direction: 'outbound',
				from_number: fromNumber,
				to_numbers: to,
				text,
				user_id: userId,
				target_id: target.id,
				target_type: target.type,
				contact_id: null,
				message_status: 'pending',
				message_delivery_result: null,
			};
			ctx.store.sms.push(message);
			return { body: message };
		},
	},
];
