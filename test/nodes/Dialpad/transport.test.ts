import { apiBaseOf, parseDialpadJson } from '../../../nodes/Dialpad/transport';

describe('Dialpad transport: reading answers', () => {
	it('keeps int64 values beyond 2^53 exact as strings, and leaves everything else alone', () => {
		const text = '{"id":9007199254740993,"ids":[9007199254740995, 12],"ms":1796024131993,"note":"id:9007199254740993, [1234567890123456789]","neg":-9007199254740993,"nested":{"call_id":1234567890123456789}}';
		expect(parseDialpadJson(text)).toEqual({
			id: '9007199254740993',
			ids: ['9007199254740995', 12],
			ms: 1796024131993,
			note: 'id:9007199254740993, [1234567890123456789]',
			neg: '-9007199254740993',
			nested: { call_id: '1234567890123456789' },
		});
		expect(parseDialpadJson('"a \\" quoted: 12345678901234567"')).toBe('a " quoted: 12345678901234567');
		expect(parseDialpadJson('')).toEqual({});
		expect(() => parseDialpadJson('{nope')).toThrow();
	});

	it('derives the API root from the environment', () => {
		expect(apiBaseOf({ environment: 'production' })).toBe('https://dialpad.com/api/v2');
		expect(apiBaseOf({ environment: 'sandbox' })).toBe('https://sandbox.dialpad.com/api/v2');
		expect(apiBaseOf({ environment: 'custom', customBaseUrl: 'http://127.0.0.1:9/' })).toBe('http://127.0.0.1:9/api/v2');
		expect(apiBaseOf({ environment: 'custom', customBaseUrl: 'http://127.0.0.1:9/api/v2' })).toBe('http://127.0.0.1:9/api/v2');
	});
});
