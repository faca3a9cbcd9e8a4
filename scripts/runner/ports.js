'use strict';
// Free local TCP ports, for n8n instances that must not collide with another run (the bench,
// extra e2e instances). The OS picks each port; a port is free when handed out, not reserved.
const net = require('net');

/** A TCP port nobody listens on right now on 127.0.0.1. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** `count` distinct free ports. */
async function freePorts(count) {
	const ports = new Set();
	while (ports.size < count) ports.add(await freePort());
	return [...ports];
}

module.exports = { freePort, freePorts };
