'use strict';
// A local forward proxy that lets n8n's built-in HighLevel node reach the sandbox.
//
// Why: the built-in node hard-codes https://services.leadconnectorhq.com (requestDefaults
// and its OAuth2 credential). n8n 2.41 routes every outgoing request through
// @n8n/backend-network, which honours HTTPS_PROXY/HTTP_PROXY/NO_PROXY (proxy-from-env) and
// tunnels https targets with CONNECT (https-proxy-agent). Node honours NODE_EXTRA_CA_CERTS.
// That is the setup of any corporate TLS-inspection proxy: the n8n process is started with
// HTTPS_PROXY pointing here and NODE_EXTRA_CA_CERTS naming a throwaway CA made per run; the
// proxy answers CONNECT for the allowed host only, terminates TLS with a leaf certificate of
// that CA and hands the decrypted HTTP requests to the sandbox's own request handler, so the
// sandbox records them like any other. Nothing in /etc/hosts, DNS or n8n's code changes.
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const tls = require('tls');
const { execFileSync } = require('child_process');

/** Makes a CA and a leaf certificate for `hosts` with the openssl CLI, in a temp folder. */
function makeCertificates(hosts, dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ca-'))) {
	const file = (name) => path.join(dir, name);
	const openssl = (args) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
	openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', file('ca.key')]);
	openssl([
		'req', '-x509', '-new', '-key', file('ca.key'), '-sha256', '-days', '2', '-subj', '/CN=n8n-nodes-contacts-api bench CA',
		'-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', file('ca.pem'),
	]);
	openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', file('leaf.key')]);
	openssl(['req', '-new', '-key', file('leaf.key'), '-subj', `/CN=${hosts[0]}`, '-out', file('leaf.csr')]);
	fs.writeFileSync(
		file('leaf.ext'),
		[
			'basicConstraints=critical,CA:FALSE',
			'keyUsage=critical,digitalSignature',
			'extendedKeyUsage=serverAuth',
			`subjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}`,
		].join('\n') + '\n',
	);
	openssl([
		'x509', '-req', '-in', file('leaf.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '2', '-sha256',
		'-extfile', file('leaf.ext'), '-out', file('leaf.pem'),
	]);
	return { dir, caFile: file('ca.pem'), key: fs.readFileSync(file('leaf.key')), cert: fs.readFileSync(file('leaf.pem')) };
}

/**
 * startTlsInterceptProxy({ hosts, target, rewritePath? }) → { url, caFile, connects, close() }
 * target: an http.Server (the sandbox's) whose 'request' listeners receive the decrypted
 * requests. rewritePath(url) may adjust the request target before the sandbox sees it.
 * CONNECTs to any other host are refused (403), so nothing leaves the machine.
 */
async function startTlsInterceptProxy({ hosts, target, rewritePath }) {
	const certs = makeCertificates(hosts);
	const allowed = new Set(hosts.map((h) => h.toLowerCase()));
	const connects = { accepted: 0, refused: [] };
	const sockets = new Set();
	const track = (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	};

	// Decrypted traffic lands here first so the path can be normalised, then goes to the sandbox.
	const inner = http.createServer((req, res) => {
		if (rewritePath) req.url = rewritePath(req.url);
		target.emit('request', req, res);
	});
	inner.keepAliveTimeout = 5000;
	const secure = tls.createSecureContext({ key: certs.key, cert: certs.cert });

	const proxy = http.createServer((req, res) => {
		// Plain-HTTP proxying is not needed: n8n sends http:// targets directly (no HTTP_PROXY).
		res.writeHead(405, { 'content-type': 'text/plain' });
		res.end('only CONNECT is supported\n');
	});
	proxy.on('connection', track);
	proxy.on('connect', (req, socket, head) => {
		const [host, port] = String(req.url).split(':');
		if (!allowed.has(host.toLowerCase()) || (port && port !== '443')) {
			connects.refused.push(req.url);
			socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
			return;
		}
		connects.accepted += 1;
		socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
		if (head && head.length) socket.unshift(head);
		const tlsSocket = new tls.TLSSocket(socket, { isServer: true, secureContext: secure });
		track(tlsSocket);
		tlsSocket.on('error', () => socket.destroy());
		inner.emit('connection', tlsSocket);
	});
	await new Promise((resolve, reject) => {
		proxy.once('error', reject);
		proxy.listen(0, '127.0.0.1', resolve);
	});
	const { port } = proxy.address();
	return {
		url: `http://127.0.0.1:${port}`,
		caFile: certs.caFile,
		connects,
		async close() {
			for (const s of sockets) s.destroy();
			await new Promise((resolve) => proxy.close(() => resolve()));
			inner.close();
			fs.rmSync(certs.dir, { recursive: true, force: true });
		},
	};
}

/**
 * The real API (NestJS on Express, non-strict routing) ignores a trailing slash; the
 * sandbox's router is strict. The built-in node calls `/contacts/upsert/` and
 * `/contacts/{id}/`, so drop the slash except on the collection path `/contacts/`.
 */
function dropTrailingSlash(url) {
	const [p, q] = String(url).split('?');
	if (p.length > 1 && p.endsWith('/') && p !== '/contacts/') return p.slice(0, -1) + (q !== undefined ? `?${q}` : '');
	return url;
}

module.exports = { startTlsInterceptProxy, makeCertificates, dropTrailingSlash };
