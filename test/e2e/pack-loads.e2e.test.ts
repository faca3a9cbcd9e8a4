/**
 * (a) The packed pack, installed as a community package, is what n8n loads: every node and
 * credential type listed in package.json's `n8n` section appears in /types/*.json.
 * n8n refuses the WHOLE package when one listed file is missing, so an unbuilt node fails
 * every assertion here (and the Missing-files test names it).
 */
import * as fs from 'fs';
import * as path from 'path';

import { e2eState, expectedPackTypes, n8nApi } from './helpers/e2e';

const { readmeInstallArgs } = require('../../scripts/runner/n8n');

describe('the pack inside a real n8n (community package)', () => {
	const expected = expectedPackTypes();

	it('builds every file the n8n section lists', () => {
		expect(e2eState().missingBuildOutputs).toEqual([]);
	});

	it("is installed as the README's manual install line says (n8n's installer flags)", () => {
		const { userFolder, packageName } = e2eState();
		const dir = path.join(userFolder, '.n8n', 'nodes', 'node_modules', packageName);
		const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
		expect(pkg.name).toBe(packageName);
		// npm keeps the manifest as published; --legacy-peer-deps leaves the peer uninstalled.
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(readmeInstallArgs()).toEqual(expect.arrayContaining(['install', packageName, '--legacy-peer-deps', '--ignore-scripts=true']));
		// No second copy of n8n-workflow next to the pack: it must use n8n's own.
		expect(fs.existsSync(path.join(userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-workflow'))).toBe(false);
		expect(fs.existsSync(path.join(dir, 'node_modules', 'n8n-workflow'))).toBe(false);
		const nodesPkg = JSON.parse(fs.readFileSync(path.join(userFolder, '.n8n', 'nodes', 'package.json'), 'utf8'));
		expect(nodesPkg.dependencies[packageName]).toBe(pkg.version);
	});

	it('shows under Settings → Community nodes with its nodes, loaded', async () => {
		const packages: Array<{ packageName: string; installedVersion: string; failedLoading: boolean; installedNodes: Array<{ type: string }> }> =
			await n8nApi().request('GET', '/rest/community-packages');
		const pack = packages.find((p) => p.packageName === e2eState().packageName);
		expect(pack).toBeDefined();
		expect(pack!.failedLoading).toBe(false);
		expect(pack!.installedNodes.map((n) => n.type).sort()).toEqual([...expected.nodes].sort());
	});

	it('lists every node type of the n8n section in /types/nodes.json', async () => {
		const loaded = new Set((await n8nApi().nodeTypes()).map((n) => n.name));
		const missing = expected.nodes.filter((n) => !loaded.has(n));
		expect({ missing }).toEqual({ missing: [] });
	});

	it('lists every credential type of the n8n section in /types/credentials.json', async () => {
		const loaded = new Set((await n8nApi().credentialTypes()).map((c) => c.name));
		const missing = expected.credentials.filter((c) => !loaded.has(c));
		expect({ missing }).toEqual({ missing: [] });
	});

	it('offers the Contacts API node as an AI tool too (usableAsTool)', async () => {
		const names = (await n8nApi().nodeTypes()).map((n) => n.name);
		expect(names).toContain(`${e2eState().packageName}.contactsApiTool`);
	});

	it('logged no load error for the pack', () => {
		const log = fs.readFileSync(e2eState().logFile, 'utf8');
		expect(log).not.toMatch(new RegExp(`Failed to load package "${e2eState().packageName}"`));
	});
});
