/**
 * scripts/start.sh (`npm start`) checks every port it will use before it builds or starts
 * anything, the Dialpad sandbox's 18083 included: a busy port stops it at once, named.
 */
import { spawnSync } from 'child_process';
import * as net from 'net';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');

async function listen(port: number): Promise<net.Server | undefined> {
	return await new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(undefined));
		server.listen(port, '127.0.0.1', () => resolve(server));
	});
}

describe('npm start: ports', () => {
	it('stops before building when the Dialpad sandbox port 18083 is taken, naming it', async () => {
		// The ports start.sh checks before 18083, held for the run so nothing else can take
		// them meanwhile; one another process holds already would be named instead.
		const before = [5678, 5679, 18080, 18081, 18082];
		const held = await Promise.all(before.map(listen));
		const taken = await listen(18083);
		try {
			if (!taken) throw new Error('port 18083 is in use by another process: stop it (another npm start?) and run this test again');
			for (const server of held) server?.close();
			const run = spawnSync('bash', ['scripts/start.sh'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
			const busyBefore = before.filter((_, i) => !held[i]);
			expect(run.status).toBe(1);
			expect(run.stdout).not.toContain('building the pack');
			expect(run.stdout).toContain(busyBefore.length > 0 ? `port ${busyBefore[0]} is in use` : 'port 18083 is in use');
		} finally {
			for (const server of held) server?.close();
			taken?.close();
		}
	}, 60_000);
});
