import type { INode } from 'n8n-workflow';

import { apiError, errorMessageOf } from '../../../nodes/shared/apiErrors';

describe('errorMessageOf: the API’s words from any error-body shape', () => {
	it.each([
		['plain text', 'Service unavailable', 'Service unavailable'],
		['{error}', { error: 'Unauthorized' }, 'Unauthorized'],
		['{message} as a list', { message: ['name should not be empty', 'email must be an email'] }, 'name should not be empty; email must be an email'],
		['{error: {message}}', { error: { message: 'Boom', code: 7 } }, 'Boom'],
		['{error, code} (Callbell 402)', { error: 'Wallet empty', code: 'whatsapp_wallet_depleted_credit' }, 'Wallet empty'],
		['Rails {errors: {field: [..]}}', { errors: { tags: ["'x' does not exist"], base: ['window closed'] } }, "tags: 'x' does not exist; window closed"],
		['{errors: [..]}', { errors: ['first', { message: 'second' }] }, 'first; second'],
		['{statusCode, message}', { statusCode: 500, message: 'Internal Server Error' }, 'Internal Server Error'],
		['{error, message} repeating itself', { error: 'Same', message: 'Same' }, 'Same'],
	])('%s', (_name, body, expected) => {
		expect(errorMessageOf(body)).toBe(expected);
	});

	it.each([[null], [undefined], [''], [{}], [{ errors: {} }], [42]])('nothing useful in %p', (body) => {
		expect(errorMessageOf(body)).toBeUndefined();
	});
});

describe('apiError', () => {
	it('redacts secrets from the message, the description and the body it keeps', () => {
		const node = { id: '1', name: 'Callbell', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
		const error = apiError(
			node,
			{ statusCode: 401, headers: {}, body: { error: 'key sk_secret_value rejected' }, networkError: false, error: new Error('401') },
			{ message: 'Rejected sk_secret_value', description: 'Authorization: Bearer abc.def' },
			['sk_secret_value'],
			3,
		);
		expect(error.message).toBe('Rejected [redacted]');
		expect(error.description).toBe('Authorization: Bearer [redacted]');
		expect(error.httpCode).toBe('401');
		expect(JSON.stringify(error)).not.toContain('sk_secret_value');
		expect(error.context.itemIndex).toBe(3);
	});
});
