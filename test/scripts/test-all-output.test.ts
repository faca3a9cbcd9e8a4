/**
 * scripts/test-all.sh (`npm test`) prints little: each step's full output goes to
 * .cache/test-logs/steps/, a passing step prints a summary (npm pack's 550-line file list
 * becomes three lines), and a failing run ends with the step that failed and what failed in
 * it. Run here with stand-ins for npm, npx and the scanner on PATH (the real steps are what
 * `npm test` itself runs): one run where everything passes, one where a jest test fails.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');

function fakeBin(jestFails: boolean): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-all-'));
	const write = (name: string, body: string) => fs.writeFileSync(path.join(dir, name), `#!/usr/bin/env bash\n${body}\n`, { mode: 0o755 });
	write(
		'npm',
		[
			'case "$*" in',
			'  "pack --dry-run") for i in $(seq 1 550); do echo "npm notice 1kB dist/file$i.js" >&2; done',
			'    printf "npm notice total files: 554\\nnpm notice package size: 375.7 kB\\nnpm notice unpacked size: 1.6 MB\\n" >&2;;',
			'  *) echo "stand-in npm $*";;',
			'esac',
		].join('\n'),
	);
	const jest = jestFails
		? 'echo "FAIL test/b.test.ts"; echo "  ● b › keeps every id"; echo "Tests:       1 failed, 9 passed, 10 total"; exit 1'
		: 'echo "PASS test/a.test.ts"; echo "Tests:       10 passed, 10 total"';
	write('npx', ['case "$*" in', '  *cloud-support*) echo "Status: eligible for n8n Cloud verification";;', `  "jest --ci") ${jest};;`, '  *) echo "stand-in npx $*";;', 'esac'].join('\n'));
	const node = process.execPath;
	write('node', `if [ "$1" = scripts/scan-package.mjs ]; then echo "scan: passed, 0 errors"; else exec "${node}" "$@"; fi`);
	return dir;
}

/** Step logs of these runs: never the real run's .cache/test-logs/steps/ (this file runs inside `npm test`). */
const LOGS = fs.mkdtempSync(path.join(os.tmpdir(), 'test-all-logs-'));
afterAll(() => fs.rmSync(LOGS, { recursive: true, force: true }));

function run(jestFails: boolean) {
	const bin = fakeBin(jestFails);
	try {
		const result = spawnSync('bash', ['scripts/test-all.sh'], {
			cwd: ROOT,
			encoding: 'utf8',
			env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, SKIP_E2E: '1', TEST_ALL_LOGS: LOGS },
			timeout: 60_000,
		});
		return { status: result.status, lines: `${result.stdout}${result.stderr}`.trimEnd().split('\n') };
	} finally {
		fs.rmSync(bin, { recursive: true, force: true });
	}
}

describe('npm test output', () => {
	it('a passing run prints a summary per step, not npm pack\'s file list', () => {
		const { status, lines } = run(false);
		expect(status).toBe(0);
		expect(lines.filter((l) => l.startsWith('npm notice'))).toEqual([]);
		expect(lines).toContain('  total files: 554');
		expect(lines.length).toBeLessThan(60);
		expect(fs.readFileSync(path.join(LOGS, 'pack.log'), 'utf8')).toContain('npm notice 1kB dist/file550.js');
	}, 90_000);

	it('a failing run ends with the failing step and test', () => {
		const { status, lines } = run(true);
		expect(status).toBe(1);
		const end = lines.slice(-7).join('\n');
		expect(end).toContain('=== FAILED after');
		expect(end).toContain('in step: engine-level tests');
		expect(end).toContain('FAIL test/b.test.ts');
		expect(end).toContain('● b › keeps every id');
		expect(end).toContain(`${LOGS}/engine.log`);
	}, 90_000);
});
