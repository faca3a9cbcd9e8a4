// Runs @n8n/scan-community-package's analysis offline, on this checkout and a packed tarball.
//
// usage: node scripts/scan-package.mjs [path/to/n8n-nodes-contacts-api-x.y.z.tgz]
//        (without a tarball it runs `npm pack` into a temporary folder first)
//
// `npx @n8n/scan-community-package <name>` (scanner/scanner.mjs, analyzePackageByName) works on
// a published version: it checks npm provenance, lints the GitHub source the provenance
// attestation names (package.json + {nodes,credentials}/**/*.{js,ts,json}), then lints the
// registry tarball (**/*.js + package.json), both with allowInlineConfig:false. The first step
// needs a published, attested version; the two lint legs are the scanner's own exported
// analyzePackage() with its own patterns, so we run exactly those: the source leg on this
// checkout (what the attestation of a release built from it would point at), the tarball leg on
// the packed tarball. It also checks that every source map in the tarball embeds or ships its
// sources. Exit code 1 when any check has an error.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { SOURCE_FILE_PATTERNS, analyzePackage } from '@n8n/scan-community-package/scanner/scanner.mjs';

function listFiles(dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? listFiles(full) : [full];
	});
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-package-'));

try {
	let tarball = process.argv[2] && path.resolve(process.argv[2]);
	if (!tarball) {
		const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, encoding: 'utf8' });
		tarball = path.join(work, out.trim().split('\n').pop());
	}
	const unpacked = path.join(work, 'package');
	fs.mkdirSync(unpacked);
	execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);

	// The scanner's two legs, with its own file patterns (see analyzePackageByName).
	const legs = [
		['source (package.json, nodes/, credentials/)', root, SOURCE_FILE_PATTERNS],
		[`tarball ${path.basename(tarball)} (**/*.js, package.json)`, unpacked, ['**/*.js', 'package.json']],
	];
	let failed = false;
	for (const [label, dir, patterns] of legs) {
		const result = await analyzePackage(dir, patterns);
		if (result.passed) {
			process.stdout.write(`scan ${label}: passed, 0 errors\n`);
		} else {
			failed = true;
			process.stdout.write(`scan ${label}: FAILED (${result.message})\n${result.details ?? ''}\n`);
		}
	}

	// Source maps must be self-contained: the tarball ships dist/ only, so a map that names a
	// .ts file without embedding it (tsconfig "inlineSources") would point a debugger nowhere.
	const maps = listFiles(unpacked).filter((f) => f.endsWith('.map'));
	const broken = maps.filter((f) => {
		const map = JSON.parse(fs.readFileSync(f, 'utf8'));
		return map.sources.some((source, i) => {
			const shipped = fs.existsSync(path.resolve(path.dirname(f), map.sourceRoot ?? '', source));
			return !shipped && typeof map.sourcesContent?.[i] !== 'string';
		});
	});
	if (broken.length > 0) {
		failed = true;
		process.stdout.write(`source maps: ${broken.length} of ${maps.length} name sources the tarball lacks:\n`);
		for (const f of broken) process.stdout.write(`  ${path.relative(unpacked, f)}\n`);
	} else {
		process.stdout.write(`source maps: ${maps.length} maps, every source embedded or shipped\n`);
	}
	process.exitCode = failed ? 1 : 0;
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
