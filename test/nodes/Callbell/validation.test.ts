import type { INodeParameters } from 'n8n-workflow';

import { byId, DEMO, runCallbell, sent, useSandbox, whatsappText } from './helpers';

const sandbox = useSandbox({ contacts: 0 });

const john = byId(DEMO.contacts.john);
const send = whatsappText('Hello');
const create = { resource: 'contact', operation: 'create', source: 'whatsapp', identifier: '+14155550123', name: 'Valid Name' };
const field = (name: string, type: string, value: string) => ({ customFields: { field: [{ name, type, value }] } });
const metadata = (entries: Array<[string, string]>) => ({ additionalFields: { metadata: { entry: entries.map(([key, value]) => ({ key, value })) } } });

const cases: Array<[string, INodeParameters, RegExp]> = [
	['empty contact UUID', { resource: 'contact', operation: 'get', contactUuid: byId('={{ "" }}') }, /Invalid Contact \(contactUuid\) in item 0: it must not be empty/],
	['contact UUID with a slash', { resource: 'contact', operation: 'delete', contactUuid: byId('={{ "abc/def" }}') }, /Invalid Contact \(contactUuid\).*not a valid ID/],
	['phone without country code', { resource: 'contact', operation: 'getByPhone', phoneNumber: '0612345678' }, /Invalid Phone Number \(phoneNumber\).*not a valid phone number: it has no country code/],
	['phone with letters', { resource: 'contact', operation: 'getByPhone', phoneNumber: '+39 abc 1234' }, /Invalid Phone Number \(phoneNumber\)/],
	['empty BSUID', { resource: 'contact', operation: 'getByBsuid', bsuid: '  ' }, /Invalid BSUID \(bsuid\).*must not be empty/],
	['WhatsApp identifier that is no phone number', { ...create, identifier: 'john.doe' }, /Invalid Identifier \(identifier\).*not a valid phone number/],
	['blank contact name', { ...create, name: '   ' }, /Invalid Name \(name\).*must not be empty/],
	['assigned user that is no email', { ...create, additionalFields: { assignedUser: 'bob@' } }, /Invalid Assigned User Email \(assignedUser\).*not an email address/],
	['note over 1000 characters', { ...create, additionalFields: { note: 'x'.repeat(1001) } }, /Invalid Note \(note\).*1001 characters long; Callbell accepts at most 1000/],
	['email custom field with a bad email', { ...create, additionalFields: field('Work Email', 'email', 'nope') }, /Invalid Custom Fields \(customFields\) #1 \("Work Email"\).*not an email address/],
	['number custom field with text', { ...create, additionalFields: field('Lifetime Value', 'number', '12a') }, /"12a" is not a number/],
	['date custom field that is no date', { ...create, additionalFields: field('Join Date', 'date', '2024-02-30') }, /not a date in the format YYYY-MM-DD/],
	['custom field without a name', { ...create, additionalFields: field(' ', 'text', 'x') }, /the field name must not be empty/],
	[
		'custom field given twice',
		{ ...create, additionalFields: { customFields: { field: [{ name: 'Status', type: 'dropdown', value: 'Active' }, { name: 'Status', type: 'dropdown', value: 'Paused' }] } } },
		/the field "Status" is given twice/,
	],
	['checkbox JSON that is not a list of texts', { ...create, additionalFields: field('Preferences', 'checkbox', '[1, 2]') }, /a checkbox value must be a list of texts/],
	['tags filter with no tag in it', { resource: 'contact', operation: 'getAll', returnAll: true, filters: { tags: ' , ' } }, /Invalid Tags \(tags\).*give at least one tag name/],
	['update without any field', { resource: 'contact', operation: 'update', contactUuid: john, updateFields: {} }, /Invalid Update Fields \(updateFields\).*add at least one field/],
	['assign and unassign at once', { resource: 'contact', operation: 'update', contactUuid: john, updateFields: { assignedUser: DEMO.users.bob.email, unassignUser: true } }, /Invalid Unassign User \(unassignUser\).*cannot be combined/],
	// An empty Name is unset like any empty field; clearing it on purpose is refused.
	['renaming a contact to nothing', { resource: 'contact', operation: 'update', contactUuid: john, updateFields: { name: '={{ null }}' } }, /Invalid Name \(name\).*a contact must keep a name/],
	['an update whose fields are all empty', { resource: 'contact', operation: 'update', contactUuid: john, updateFields: { name: '', tags: '' } }, /Invalid Update Fields \(updateFields\).*add at least one field/],
	['unknown bot status from an expression', { resource: 'contact', operation: 'setBotStatus', contactUuid: john, botStatus: '={{ "bot_pause" }}' }, /Invalid Bot Status \(botStatus\).*"bot_pause" is not one of bot_start, bot_end/],
	['empty note text', { resource: 'contact', operation: 'addNote', contactUuid: john, text: '={{ " " }}' }, /Invalid Text \(text\).*must not be empty/],
	['funnel picker left empty', { resource: 'contact', operation: 'updateFunnel', contactUuid: john, funnelId: byId('={{ $json.missing }}', 'list') }, /Invalid Funnel \(funnelId\).*must not be empty/],
	['message to a local phone number', { ...send, to: '0612 345' }, /Invalid To \(to\).*not a valid phone number/],
	['empty message text', { ...send, text: ' ' }, /Invalid Text \(text\).*must not be empty/],
	['image URL that is FTP', { ...send, messageType: 'image', mediaUrl: 'ftp://cdn.example.com/a.png' }, /Invalid Media URL \(mediaUrl\).*not an http\(s\) URL/],
	['image URL that is no URL', { ...send, messageType: 'document', mediaUrl: 'invoice.pdf' }, /Invalid Media URL \(mediaUrl\)/],
	['template without the opt-in confirmation', { ...send, messageType: 'template', templateUuid: byId(DEMO.templates.welcome), optInContact: false }, /Invalid Contact Opted In \(optInContact\)/],
	['template media URL missing', { ...send, messageType: 'template', templateUuid: byId(DEMO.templates.promoImage), optInContact: true, templateMediaType: 'image', templateMediaUrl: '={{ "" }}' }, /Invalid Template Media URL \(templateMediaUrl\)/],
	['11 metadata entries', { ...send, ...metadata(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v'] as [string, string])) }, /Invalid Metadata \(metadata\).*11 entries; Callbell accepts at most 10/],
	['metadata key over 50 characters', { ...send, ...metadata([['k'.repeat(51), 'v']]) }, /Invalid Metadata \(metadata\).*51 characters long; at most 50/],
	['metadata value over 500 characters', { ...send, ...metadata([['order', 'v'.repeat(501)]]) }, /the value of "order" is 501 characters long; at most 500/],
	['metadata key given twice', { ...send, ...metadata([['order', '1'], ['order', '2']]) }, /the key "order" is given twice/],
	['metadata with an empty key', { ...send, ...metadata([[' ', '1']]) }, /Invalid Metadata \(metadata\).*a key is empty/],
	['channel left empty', { ...send, channelUuid: byId('={{ "" }}', 'list') }, /Invalid Channel \(channelUuid\).*must not be empty/],
	['empty BSUID recipient', { ...send, recipientType: 'bsuid', bsuid: '={{ "" }}' }, /Invalid BSUID \(bsuid\).*must not be empty/],
	['unknown output field from an expression', { ...send, additionalFields: { fields: '={{ ["contacts"] }}' } }, /Invalid Include in Output \(fields\).*"contacts"/],
	['empty message UUID', { resource: 'message', operation: 'getStatus', messageUuid: '={{ "" }}' }, /Invalid Message UUID \(messageUuid\).*must not be empty/],
	['team renamed to nothing', { resource: 'team', operation: 'update', teamUuid: byId(DEMO.teams.sales), name: '={{ "" }}' }, /Invalid Name \(name\).*must not be empty/],
	['channel retitled to blanks', { resource: 'channel', operation: 'update', channelUuid: byId(DEMO.channels.instagram), title: '   ' }, /Invalid Title \(title\).*must not be empty/],
	['custom status name over 255 characters', { resource: 'customStatus', operation: 'create', name: 'n'.repeat(256) }, /Invalid Name \(name\).*at most 255/],
	['user status with nothing to change', { resource: 'userStatus', operation: 'set', userUuid: DEMO.users.bob.uuid, availability: 'keep', customStatusAction: 'keep' }, /nothing to change/],
	['user UUID with a space', { resource: 'userStatus', operation: 'clear', userUuid: 'abc def' }, /Invalid User UUID \(userUuid\).*not a valid ID/],
	['webhook events page size over 100', { resource: 'webhookEvent', operation: 'getAll', returnAll: true, options: { items: 101 } }, /Invalid Items per Page \(items\).*from 1 to 100/],
	['limit of zero', { resource: 'contact', operation: 'getAll', returnAll: false, limit: 0 }, /Invalid Limit \(limit\).*from 1 to/],
	['start page zero', { resource: 'team', operation: 'getAll', returnAll: true, options: { page: 0 } }, /Invalid Start Page \(page\)/],
];

describe('Callbell node: bad input is refused before any request', () => {
	it('has a table of at least 20 cases', () => {
		expect(cases.length).toBeGreaterThanOrEqual(20);
	});

	it.each(cases)('%s', async (_name, parameters, message) => {
		const result = await runCallbell(sandbox(), parameters);
		expect(result.error?.message).toMatch(message);
		expect(result.items).toEqual([]);
		expect(sandbox().requests).toHaveLength(0);
	});

	it('n8n itself refuses a required field left empty, before the node runs', async () => {
		await expect(runCallbell(sandbox(), { resource: 'message', operation: 'getStatus', messageUuid: '' })).rejects.toThrow(
			/Parameter "Message UUID" is required/,
		);
		expect(sandbox().requests).toHaveLength(0);
	});

	it('one bad item stops the whole run before the good items are sent', async () => {
		const result = await runCallbell(
			sandbox(),
			{ ...send, to: '={{ $json.to }}' },
			{ input: [{ to: DEMO.phones.john }, { to: 'not a phone' }, { to: DEMO.phones.john }] },
		);
		expect(result.error?.message).toMatch(/Invalid To \(to\) in item 1/);
		expect(sandbox().requests).toHaveLength(0);
	});

	it('with Continue On Fail the bad item becomes one error item and the others are sent', async () => {
		const result = await runCallbell(
			sandbox(),
			{ ...send, to: '={{ $json.to }}' },
			{ input: [{ to: DEMO.phones.john }, { to: 'not a phone' }, { to: DEMO.phones.john }], continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[0].json.status).toBe('enqueued');
		expect(String(result.items[1].json.error)).toMatch(/Invalid To \(to\) in item 1/);
		expect(result.items[2].json.status).toBe('enqueued');
		expect(sent(sandbox(), 'POST', '/messages/send')).toHaveLength(2);
	});
});
