'use strict';
// The HTTP client of the sandboxes' webhook senders (callbell/deliver.js, dialpad/deliver.js):
// one request with exact bytes, no keep-alive, the answer read whole.
const http = require('http');
const https = require('https');

/**
 * sendRaw(url, { method, rawBody, headers, contentLength }) → { status, headers, body, text }
 * `body` is the answer parsed as JSON, or its text when that fails (e.g. "Unauthorized").
 * Content-Length goes with a non-empty body; contentLength: 'always' sends it for an empty
 * one too.
 */
function sendRaw(url, { method = 'POST', rawBody, headers, contentLength }) {
	const target = new URL(url);
	const transport = target.protocol === 'https:' ? https : http;
	const length = rawBody.length || contentLength === 'always' ? { 'Content-Length': String(rawBody.length) } : {};
	return new Promise((resolve, reject) => {
		const req = transport.request(target, { method, headers: { ...headers, ...length }, agent: false }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				let body = text;
				try {
					body = text ? JSON.parse(text) : undefined;
				} catch {
					// Plain-text answers stay strings.
				}
				resolve({ status: res.statusCode, headers: res.headers, body, text });
			});
		});
		req.on('error', reject);
		if (rawBody.length) req.write(rawBody);
		req.end();
	});
}

module.exports = { sendRaw };
