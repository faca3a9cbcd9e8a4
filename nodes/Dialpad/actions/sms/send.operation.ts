import type { IDataObject } from 'n8n-workflow';

import { choice, forOperation, requiredString } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { oneOfValues, readLocator } from '../../../shared/locators';
import { dialpadApiRequest } from '../../transport';
import { integerId, numberLocator, officeLocator, readList, userLocator } from '../common';

/** Dialpad sends one text to at most 10 numbers (SPEC: SendSMSMessage.to_numbers). */
const MAX_RECIPIENTS = 10;

/**
 * POST /sms. The sender is a user (`user_id`), one of the company's numbers (`from_number`,
 * which Dialpad lets override the others) or an office (`sender_group_id` +
 * `sender_group_type: office`). Recipients are E.164 numbers, checked with the pack's phone
 * validation. Sandbox accounts cannot text external numbers (DOCS/sandbox-accounts).
 */
export const send: NodeOperation<{ body: IDataObject }> = {
	description: forOperation('sms', 'send', [
		choice('Send From', 'senderType', [
			{ name: 'User', value: 'user', description: "The user's primary number" },
			{ name: 'Number', value: 'number', description: 'A specific number of the company' },
			{ name: 'Office', value: 'office', description: "The office's main number" },
		], 'user'),
		userLocator({ displayName: 'User', description: 'The user the text is sent as', displayOptions: { show: { senderType: ['user'] } } }),
		numberLocator({ displayOptions: { show: { senderType: ['number'] } } }),
		officeLocator({ displayOptions: { show: { senderType: ['office'] } } }),
		requiredString('To', 'toNumbers', {
			placeholder: 'e.g. +14155550123',
			description: `Phone numbers in international format, separated by commas (at most ${MAX_RECIPIENTS})`,
		}),
		requiredString('Text', 'text', { typeOptions: { rows: 3 } }),
	]),

	prepare(itemIndex, validate) {
		const sender = oneOfValues(validate, 'Send From (senderType)', this.getNodeParameter('senderType', itemIndex, 'user'), ['user', 'number', 'office']);
		const body: IDataObject = {};
		if (sender === 'user') body.user_id = integerId(validate, 'User (userId)', readLocator(this, itemIndex, validate, 'userId', 'User'));
		if (sender === 'number') body.from_number = validate.phone('From Number (fromNumber)', this.getNodeParameter('fromNumber', itemIndex, '', { extractValue: true }));
		if (sender === 'office') {
			body.sender_group_id = integerId(validate, 'Office (officeId)', readLocator(this, itemIndex, validate, 'officeId', 'Office'));
			body.sender_group_type = 'office';
		}
		const raw = readList(this.getNodeParameter('toNumbers', itemIndex, ''));
		if (raw.length === 0) validate.fail('To (toNumbers)', 'give at least one phone number');
		const to = [...new Set(raw.map((n) => validate.phone('To (toNumbers)', n)))];
		if (to.length > MAX_RECIPIENTS) validate.fail('To (toNumbers)', `${to.length} numbers given; Dialpad accepts at most ${MAX_RECIPIENTS}`);
		body.to_numbers = to;
		const text = String(this.getNodeParameter('text', itemIndex, '') ?? '');
		if (text.trim() === '') validate.fail('Text (text)', 'it must not be empty');
		body.text = text;
		return { body };
	},

	async run({ body }, itemIndex) {
		// Not idempotent: a retry after a lost answer could text the person twice.
		return await dialpadApiRequest(this, { method: 'POST', path: '/sms', body, idempotent: false, itemIndex, action: 'send the text' });
	},
};
