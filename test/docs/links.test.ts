/**
 * Every documentation link resolves: the documentationUrl of each credential and the codex links
 * (primaryDocumentation, credentialDocumentation) of each node point at a file of this repository's
 * docs/ and at a heading that exists in it; so does every relative link of README.md, CHANGELOG.md
 * and docs/*.md (files, and #anchors as GitHub renders them). The README's first lines stay the
 * run and test commands that CI and the hooks read.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const REPO_DOCS = 'https://github.com/n8n-nodes-contacts-api/n8n-nodes-contacts-api/blob/main/';

/** GitHub's heading anchor: lower case, punctuation dropped (hyphens and underscores kept), spaces to hyphens. */
export function slug(heading: string): string {
	return heading
		.replace(/`/g, '')
		.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');
}

/** The anchors a Markdown file offers: its headings (repeats numbered as GitHub does) and explicit ids. */
export function anchorsOf(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	let fenced = false;
	for (const line of markdown.split('\n')) {
		if (/^(```|~~~)/.test(line)) fenced = !fenced;
		if (fenced) continue;
		const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (heading) {
			const base = slug(heading[1]);
			const count = seen.get(base) ?? 0;
			anchors.add(count === 0 ? base : `${base}-${count}`);
			seen.set(base, count + 1);
		}
		for (const id of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(id[1]);
	}
	return anchors;
}

/** Relative Markdown links outside code: [text](target) and ![alt](target). */
function relativeLinks(markdown: string): string[] {
	const withoutCode = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
	return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((t) => !/^[a-z]+:/i.test(t));
}

/** Whether `file#anchor` exists; returns a problem or undefined. */
function resolve(fromFile: string, target: string): string | undefined {
	const [file, anchor] = target.split('#');
	const full = file === '' ? fromFile : path.resolve(path.dirname(fromFile), decodeURI(file));
	if (!fs.existsSync(full)) return `${target}: no file ${path.relative(ROOT, full)}`;
	if (anchor === undefined) return undefined;
	if (!full.endsWith('.md')) return `${target}: an anchor into a file that is not Markdown`;
	return anchorsOf(fs.readFileSync(full, 'utf8')).has(anchor) ? undefined : `${target}: no heading "#${anchor}" in ${path.relative(ROOT, full)}`;
}

/** Links the editor shows: credentials' documentationUrl and the nodes' codex resources. */
function editorLinks(): Array<{ where: string; url: string }> {
	const links: Array<{ where: string; url: string }> = [];
	for (const file of fs.readdirSync(path.join(ROOT, 'credentials')).filter((f) => f.endsWith('.credentials.ts'))) {
		const source = fs.readFileSync(path.join(ROOT, 'credentials', file), 'utf8');
		const url = /documentationUrl\s*=\s*'([^']+)'/.exec(source)?.[1];
		links.push({ where: `credentials/${file}`, url: url ?? '(none)' });
	}
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
	for (const built of pkg.n8n.nodes) {
		const codex = path.join(ROOT, built.replace(/^dist\//, '').replace(/\.node\.js$/, '.node.json'));
		if (!fs.existsSync(codex)) {
			links.push({ where: path.relative(ROOT, codex), url: '(no codex file)' });
			continue;
		}
		const json = JSON.parse(fs.readFileSync(codex, 'utf8')) as { resources?: Record<string, Array<{ url: string }>> };
		const primary = json.resources?.primaryDocumentation ?? [];
		if (primary.length === 0) links.push({ where: path.relative(ROOT, codex), url: '(no primaryDocumentation)' });
		for (const list of Object.values(json.resources ?? {})) for (const { url } of list) links.push({ where: path.relative(ROOT, codex), url });
	}
	return links;
}

describe('documentation links', () => {
	it('every credential and node links to a heading of a docs/ page that exists', () => {
		const links = editorLinks();
		expect(links.length).toBeGreaterThanOrEqual(4 + 6);
		const problems = links
			.map(({ where, url }) => {
				if (!url.startsWith(`${REPO_DOCS}docs/`)) return `${where}: ${url} is not a page of this repository's docs/`;
				if (!url.includes('#')) return `${where}: ${url} names no heading`;
				const problem = resolve(path.join(ROOT, 'README.md'), url.slice(REPO_DOCS.length));
				return problem && `${where}: ${problem}`;
			})
			.filter(Boolean);
		expect(problems).toEqual([]);
	});

	it('every relative link of README.md, CHANGELOG.md and docs/*.md resolves, anchors included', () => {
		const files = ['README.md', 'CHANGELOG.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
		const problems: string[] = [];
		let checked = 0;
		for (const file of files) {
			const full = path.join(ROOT, file);
			for (const target of relativeLinks(fs.readFileSync(full, 'utf8'))) {
				checked += 1;
				const problem = resolve(full, target);
				if (problem) problems.push(`${file}: ${problem}`);
			}
		}
		expect(checked).toBeGreaterThan(50);
		expect(problems).toEqual([]);
	});

	it('the anchors follow GitHub\'s rules', () => {
		expect(slug('Production: queue mode')).toBe('production-queue-mode');
		expect(slug('Throughput: set `N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true`')).toBe('throughput-set-n8n_expression_engine_lazy_acquiretrue');
		expect(slug('HighLevel Contacts API (Private Integration token)')).toBe('highlevel-contacts-api-private-integration-token');
		expect([...anchorsOf('# A\n## A\n```\n# B\n```\n<a id="c"></a>')]).toEqual(['a', 'a-1', 'c']);
	});

	it('README.md starts with the run and test commands (CI and the hooks read them), and stays under 2,500 words', () => {
		const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
		const lines = readme.split('\n').filter((l) => l.trim() !== '');
		expect(lines[1]).toMatch(/^\*\*Run it:\*\* `npm start`/);
		expect(lines[2]).toMatch(/^\*\*Test it:\*\* `npm test`/);
		expect(readme.split(/\s+/).filter(Boolean).length).toBeLessThan(2500);
	});
});
