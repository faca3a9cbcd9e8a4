/**
 * The pack as n8n sees it: every node and credential listed in package.json's "n8n"
 * section, loaded from the TypeScript sources (dist/nodes/X/X.node.js → nodes/X/X.node.ts).
 * Node types are keyed as n8n names community nodes: '<package>.<name>'.
 */
import * as path from 'path';
import type { ICredentialType, INodeType } from 'n8n-workflow';

const ROOT = path.resolve(__dirname, '../..');
const pkg = require(path.join(ROOT, 'package.json')) as { name: string; n8n: { nodes: string[]; credentials: string[] } };

export const PACKAGE = pkg.name;

function sourceOf(distPath: string): { file: string; className: string } {
	const rel = distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts');
	return { file: path.join(ROOT, rel), className: path.basename(rel).split('.')[0] };
}

function load<T>(distPath: string): T | undefined {
	const { file, className } = sourceOf(distPath);
	let mod: Record<string, new () => T>;
	try {
		mod = require(file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String(error).includes(file)) return undefined;
		throw error;
	}
	return new mod[className]();
}

/**
 * One node's class from its TypeScript source, by type name ('contactsApiTrigger' →
 * ContactsApiTrigger), without loading the pack's other nodes.
 */
export function packNodeClass(type: string): new () => INodeType {
	const className = type.charAt(0).toUpperCase() + type.slice(1);
	const entry = pkg.n8n.nodes.find((p) => sourceOf(p).className === className);
	if (!entry) throw new Error(`No node ${className} in package.json`);
	return (require(sourceOf(entry).file) as Record<string, new () => INodeType>)[className];
}

export function packNodeTypes(): Record<string, INodeType> {
	const out: Record<string, INodeType> = {};
	for (const p of pkg.n8n.nodes) {
		const node = load<INodeType>(p);
		if (node) out[`${PACKAGE}.${node.description.name}`] = node;
	}
	return out;
}

export function packCredentialTypes(): Record<string, ICredentialType> {
	const out: Record<string, ICredentialType> = {};
	for (const p of pkg.n8n.credentials) {
		const cred = load<ICredentialType>(p);
		if (cred) out[cred.name] = cred;
	}
	return out;
}
