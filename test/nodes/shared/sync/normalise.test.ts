/**
 * The Echo Guard's canonical values and stamps (nodes/shared/sync): the write side and the
 * receive side must agree on the same data in any spelling the services use, and a stamp must
 * match exactly the record its write left.
 */
import { customFieldCode, digestOf, normalise } from '../../../../nodes/shared/sync/normalise';
import { applyWrite, canonicalRecord, changedCodes } from '../../../../nodes/shared/sync/records';
import { makeStamp, parseStamp, stampKey, stampMatches } from '../../../../nodes/shared/sync/stamp';

describe('normalise', () => {
	it.each([
		['text', '  Jo\u0308rg   Müller ', 'Jörg Müller'],
		['email', ' JohnDeo@Example.COM ', 'johndeo@example.com'],
		['phone', '+1 (415) 555-2671', '+14155552671'],
		['phone', '0044 20 7946 0958', '+442079460958'],
		['date', '2000-01-05T00:00:00.000Z', '2000-01-05'],
		['tags', ['VIP', 'lead', 'vip', ' Lead '], 'lead\u001fvip'],
		['value', '12.50', '12.5'],
		['value', '["Updates","Newsletter"]', 'Newsletter\u001fUpdates'],
		['value', ['Newsletter', 'Updates'], 'Newsletter\u001fUpdates'],
		['flag', false, ''],
	] as const)('%s %j → %j', (kind, value, expected) => {
		expect(normalise(kind, value)).toBe(expected);
	});

	it("'' == null == missing for every kind (and [] for lists)", () => {
		for (const kind of ['text', 'email', 'phone', 'date', 'tags', 'list', 'phones', 'emails', 'value', 'flag'] as const) {
			expect([normalise(kind, ''), normalise(kind, null), normalise(kind, undefined)]).toEqual(['', '', '']);
		}
		for (const kind of ['tags', 'list', 'phones', 'emails', 'value'] as const) expect(normalise(kind, [])).toBe('');
	});

	it('a record read from the API equals the same record as a delivery spells it', () => {
		const api = { firstName: 'John', email: 'JohnDeo@gmail.com', phone: '+919509597501', tags: ['b', 'a'], dateOfBirth: '2000-01-05', customFields: [{ id: 'x', value: 'XYZ' }], dnd: false, city: null };
		const delivery = { firstName: ' John', email: 'johndeo@gmail.com', phone: '+91 95095 97501', tags: ['A', 'B'], dateOfBirth: '2000-01-05T00:00:00.000Z', customFields: [{ id: 'x', value: 'XYZ' }, { id: 's', value: 'n8ns1.hl.fn.0123456789abcdef.abc' }] };
		expect(digestOf(canonicalRecord('hl', api))).toBe(digestOf(canonicalRecord('hl', delivery)));
	});
});

describe('records: what a write changes', () => {
	it('Skip If Unchanged compares the written fields only, normalised; a custom field given by key resolves to its id', () => {
		const now = { id: 'c1', firstName: 'Ada', tags: ['lead', 'vip'], customFields: [{ id: 'cf1', value: 'Red' }] };
		const same = applyWrite('hl', now, { firstName: ' Ada', tags: ['VIP', 'lead'], customFields: [{ key: 'contact.colour', field_value: 'Red' }] }, (k) => (k === 'contact.colour' ? 'cf1' : undefined));
		expect(changedCodes('hl', now, same)).toEqual([]);
		const other = applyWrite('hl', now, { city: 'Paris' });
		expect(changedCodes('hl', now, other)).toEqual(['ci']);
		expect(customFieldCode('cf1')).toMatch(/^cf[0-9a-f]{6}$/);
	});
});

describe('stamp', () => {
	const key = stampKey('instance-a');
	const after = canonicalRecord('hl', { firstName: 'Augusta', lastName: 'King', email: 'ada@example.com' });

	it('round trip: matches exactly the values the write left, for its record (or a create\'s "")', () => {
		const stamp = makeStamp(key, 'hl', 'c1', ['fn'], after, Date.parse('2026-12-03T12:00:00Z'));
		const parsed = parseStamp(stamp)!;
		expect(parsed).toMatchObject({ sys: 'hl', codes: ['fn'], at: Date.parse('2026-12-03T12:00:00Z') });
		expect(stampMatches(key, parsed, 'c1', after)).toBe(true);
		expect(stampMatches(key, parsed, 'c2', after)).toBe(false);
		expect(stampMatches(key, parsed, 'c1', { ...after, ci: 'Paris' })).toBe(false);
		expect(stampMatches(stampKey('instance-b'), parsed, 'c1', after)).toBe(false);
		const created = parseStamp(makeStamp(key, 'hl', '', ['em', 'fn', 'ln'], after, Date.now()))!;
		expect(stampMatches(key, created, 'new-id', after)).toBe(true);
	});

	it('stays within 82 characters when all 16 standard HighLevel fields are written', () => {
		const codes = ['fn', 'ln', 'em', 'ph', 'ad', 'ci', 'st', 'pc', 'co', 'ws', 'cn', 'so', 'db', 'dn', 'tg', 'at'];
		expect(makeStamp(key, 'hl', 'c1', codes, after, Date.now()).length).toBeLessThanOrEqual(82);
	});

	it('refuses what is not a stamp', () => {
		for (const text of ['', 'n8ns1.hl.fn.xyz.1', 'n8ns2.hl.fn.0123456789abcdef.abc', 'n8ns1.zz.fn.0123456789abcdef.abc', 42, null]) {
			expect(parseStamp(text)).toBeUndefined();
		}
	});
});
