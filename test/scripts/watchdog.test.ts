/**
 * scripts/runner/watchdog.js: the n8n install's stall watchdog and process-group handling,
 * with real child processes (a silent `sleep` stalls; a busy or chatty child does not).
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const { runWatched, StallError, groupCpuTicks } = require('../../scripts/runner/watchdog');
const { npmInstallWatched } = require('../../scripts/runner/install');

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

async function waitGone(pid: number, timeoutMs = 5000): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (alive(pid)) {
		if (Date.now() > deadline) return false;
		await new Promise((r) => setTimeout(r, 50));
	}
	return true;
}

describe('runWatched', () => {
	it('resolves with the output tail and hands every line to onLine', async () => {
		const lines: string[] = [];
		const tail = await runWatched('sh', ['-c', 'echo one; echo two >&2; printf three'], { onLine: (l: string) => lines.push(l), stallMs: 5000 });
		expect(tail).toContain('one');
		expect(lines.sort()).toEqual(['one', 'three', 'two']);
	});

	it('rejects a non-zero exit with the output', async () => {
		await expect(runWatched('sh', ['-c', 'echo broken; exit 3'], { stallMs: 5000, label: 'the step' })).rejects.toThrow(/the step exited 3\nbroken/);
	});

	it('kills a silent, idle process group (parent and grandchild) and says what stalled', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdog-'));
		const pidFile = path.join(dir, 'grandchild.pid');
		const started = Date.now();
		// The child ignores SIGTERM, as a stuck npm did: only SIGKILL to the group ends it.
		const run = runWatched('sh', ['-c', `trap '' TERM; echo fetching; sleep 60 & echo $! > ${pidFile}; wait`], {
			stallMs: 1000,
			checkEveryMs: 200,
			label: 'npm ci (test)',
		});
		const error = await run.catch((e: Error) => e);
		expect(error).toBeInstanceOf(StallError);
		expect(error.message).toMatch(/^npm ci \(test\) stalled: no output and no CPU activity for \d+ s \(last line: fetching\)$/);
		expect(Date.now() - started).toBeLessThan(10_000);
		const grandchild = Number(fs.readFileSync(pidFile, 'utf8'));
		expect(await waitGone(grandchild)).toBe(true);
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('does not count a busy (CPU) or chatty (output) child as stalled', async () => {
		// 1.5 s of pure computation with no output, then 1.5 s of a line every 200 ms.
		const busy = `const end = Date.now() + 1500; while (Date.now() < end) {}`;
		await expect(runWatched(process.execPath, ['-e', busy], { stallMs: 700, checkEveryMs: 100 })).resolves.toBeDefined();
		await expect(runWatched('sh', ['-c', 'for i in 1 2 3 4 5 6 7; do echo $i; sleep 0.2; done'], { stallMs: 700, checkEveryMs: 100 })).resolves.toBeDefined();
	});

	it('SIGTERM (or Ctrl-C) to the caller stops the whole child group, and the caller still dies of it', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdog-'));
		const pidFile = path.join(dir, 'grandchild.pid');
		const script = `require(${JSON.stringify(require.resolve('../../scripts/runner/watchdog'))}).runWatched('sh', ['-c', "trap '' TERM INT; sleep 60 & echo $! > ${pidFile}; wait"]).catch(() => undefined)`;
		const caller = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
		const exited = new Promise<string | null>((resolve) => caller.on('exit', (_code, signal) => resolve(signal)));
		const deadline = Date.now() + 10_000;
		while (!fs.existsSync(pidFile) || !fs.readFileSync(pidFile, 'utf8').trim()) {
			if (Date.now() > deadline) throw new Error('the child never started');
			await new Promise((r) => setTimeout(r, 50));
		}
		const grandchild = Number(fs.readFileSync(pidFile, 'utf8'));
		caller.kill('SIGTERM');
		expect(await exited).toBe('SIGTERM');
		expect(await waitGone(grandchild)).toBe(true);
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('reads the CPU time of a process group from /proc', () => {
		expect(groupCpuTicks(Number(fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')[2]))).toBeGreaterThan(0);
	});
});

describe('npmInstallWatched (the n8n install)', () => {
	let dir: string;
	let env: NodeJS.ProcessEnv;
	let stderr: string[];

	beforeEach(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-npm-'));
		env = { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH}`, N8N_RUNNER_QUIET: '0' };
		stderr = [];
		jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => {
			stderr.push(String(chunk));
			return true;
		});
	});
	afterEach(() => {
		jest.restoreAllMocks();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	/** A fake `npm` on PATH running `script` (it logs its arguments and each attempt). */
	function fakeNpm(script: string): void {
		fs.writeFileSync(path.join(dir, 'npm'), `#!/bin/sh\necho "$@" >> ${dir}/calls\n${script}\n`, { mode: 0o755 });
	}
	const calls = () => fs.readFileSync(path.join(dir, 'calls'), 'utf8').trim().split('\n');

	it('passes npm its fetch timeout and retries, and reports fetched packages as it goes', async () => {
		// npm names a package twice (a cache line, a fetch line): three packages, six lines.
		fakeNpm(
			'for i in 1 2 3; do echo "npm http cache p$i@https://registry.example/p$i/-/p$i-1.0.0.tgz 0ms (cache hit)"; ' +
				'echo "npm http fetch GET 200 https://registry.example/p$i/-/p$i-1.0.0.tgz 5ms (cache hit)"; sleep 0.3; done',
		);
		await npmInstallWatched('n8n test install', ['ci'], { cwd: dir, env, expectedPackages: 3, stallMs: 5000, progressEveryMs: 400 });
		expect(calls()).toEqual(['ci --fetch-timeout=60000 --fetch-retries=4 --fetch-retry-mintimeout=2000 --fetch-retry-maxtimeout=20000 --loglevel=http']);
		const progress = stderr.filter((l) => l.includes('n8n test install: '));
		expect(progress.length).toBeGreaterThan(0);
		expect(progress.join('')).toMatch(/\[runner\] n8n test install: [0-3]\/3 packages fetched, \d+ s elapsed/);
		expect(progress.join('')).not.toMatch(/[4-9]\/3 packages/);
	});

	it('after a stall kills npm, retries once, then fails saying what stalled and what to try', async () => {
		fakeNpm('echo "npm http fetch GET 200 https://registry.example/first.tgz 5ms"; sleep 60');
		const started = Date.now();
		const error = await npmInstallWatched('n8n test install', ['ci'], { cwd: dir, env, stallMs: 800 }).catch((e: Error) => e);
		expect(calls()).toHaveLength(2);
		expect(stderr.join('')).toMatch(/stalled: no output and no CPU activity for \d+ s .*; stopped it, retrying once/);
		expect(error.message).toMatch(/^npm ci \(n8n test install\) stalled: no output and no CPU activity for \d+ s \(last line: npm http fetch GET 200 .*first\.tgz 5ms\), twice\. n8n test install gave up after 1 packages\./);
		expect(error.message).toMatch(/What to try: .*npm ping.*N8N_RUNNER_STALL_SECONDS/s);
		expect(Date.now() - started).toBeLessThan(15_000);
	});

	it('does not retry a plain npm failure', async () => {
		fakeNpm('echo "npm error code ERESOLVE" >&2; exit 1');
		await expect(npmInstallWatched('n8n test install', ['ci'], { cwd: dir, env, stallMs: 5000 })).rejects.toThrow(/exited 1\nnpm error code ERESOLVE/);
		expect(calls()).toHaveLength(1);
	});
});
