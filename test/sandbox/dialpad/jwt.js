'use strict';
// Compact JWS with HS256, as Dialpad signs webhook bodies when the webhook has a secret
// (DOCS/webhooks: "the body is a JWT signed with the secret, algorithm HS256"). The secret
// is used as raw UTF-8 bytes (the docs do not say otherwise; third-party receivers do so).
const crypto = require('crypto');

function b64url(buffer) {
	return Buffer.from(buffer).toString('base64url');
}

/**
 * signJwt(payload, secret, { alg = 'HS256', header = {}, signWith }) → token.
 * alg 'none' yields an unsigned token ("<header>.<payload>."), as an attacker would send;
 * signWith picks the HMAC for other algs ('sha384', 'sha512') to forge HS384/HS512 tokens.
 */
function signJwt(payload, secret, options = {}) {
	const alg = options.alg || 'HS256';
	const header = { alg, typ: 'JWT', ...(options.header || {}) };
	const head = `${b64url(JSON.stringify(header))}.${b64url(typeof payload === 'string' ? payload : JSON.stringify(payload))}`;
	if (alg === 'none') return `${head}.`;
	const hash = options.signWith || { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg] || 'sha256';
	return `${head}.${b64url(crypto.createHmac(hash, secret).update(head).digest())}`;
}

module.exports = { signJwt, b64url };
