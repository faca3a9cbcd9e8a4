import { Linter } from 'eslint';
import type { INodeProperties } from 'n8n-workflow';

import { Callbell } from '../../../nodes/Callbell/Callbell.node';
import { ContactsApi } from '../../../nodes/ContactsApi/ContactsApi.node';
import { Dialpad } from '../../../nodes/Dialpad/Dialpad.node';

/**
 * n8n's node lint (eslint-plugin-n8n-nodes-base, as @n8n/node-cli configures it for
 * nodes/**) checks object literals in the source. Parameters built by the shared factories
 * (nodes/shared/descriptions.ts, router.ts, locators.ts) are not literals there, so this test
 * writes each action node's built `properties` out as literals and runs the same rules on
 * them: the texts the factories make are checked as if written out.
 */

// The plugin ships no types: it is an ESLint plugin object with its rule sets under `configs`.
const plugin = require('eslint-plugin-n8n-nodes-base') as { configs: { nodes: { rules: Linter.RulesRecord } } };

const rules: Linter.RulesRecord = {
	...plugin.configs.nodes.rules,
	// Off in @n8n/node-cli's config too (node-cli/dist/configs/eslint.js).
	'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
	'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
	'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
};

/**
 * Findings the built descriptions had before this test existed, each kept on purpose or left
 * for a change of its own: `rule | start of the offending line` → why.
 */
const KNOWN: Record<string, string> = {
	// Version 1.2 starts Authentication unset on purpose (see ContactsApi.node.ts).
	'node-param-default-wrong-for-options | default: ""': 'deliberate',
	// The rule reads the backticked `id` (a field of the output) as a miscased "ID".
	'node-param-description-miscased-id | description: "The contact to act on: its ID': 'false positive',
	// The ISO 8601 descriptions end in a clause; adding a period changes a text n8n shows.
	'node-param-description-missing-final-period | description: "Event start time of the enrolment': 'left as is',
	'node-param-description-missing-final-period | description: "Time the workflow treats as the start': 'left as is',
	// Optional Channel pickers spread `required: false` over the required locator.
	'node-param-required-false | required: false': 'overrides a locator default',
	// "The custom status" for the Custom Status picker: the rule ignores the article.
	'node-param-description-identical-to-display-name | description: "The custom status"': 'left as is',
	// Dialpad's contact fields follow the API's order, not the alphabet.
	"node-param-collection-type-unsorted-items | options: [: Alphabetize by 'name'. Order: Company Name | Emails | Extension": 'left as is',
};

/** JavaScript source for a value, with plain keys as identifiers (what the rules look for). */
function literal(value: unknown, indent = ''): string {
	const inner = `${indent}\t`;
	if (Array.isArray(value)) return `[\n${value.map((v) => `${inner}${literal(v, inner)},\n`).join('')}${indent}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value).map(([k, v]) => `${inner}${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${literal(v, inner)},\n`);
		return `{\n${entries.join('')}${indent}}`;
	}
	return JSON.stringify(value) ?? 'undefined';
}

function findings(name: string, properties: INodeProperties[]): string[] {
	const text = `export const properties = ${literal(properties)};\n`;
	const lines = text.split('\n');
	const messages = new Linter({ configType: 'flat' }).verify(
		text,
		[{ files: ['**/*.ts'], plugins: { 'n8n-nodes-base': plugin as never }, rules }],
		{ filename: `nodes/${name}/${name}.built.ts` },
	);
	return messages
		.map((m) => `${String(m.ruleId).replace('n8n-nodes-base/', '')} | ${(lines[m.line - 1] ?? '').trim()}: ${m.message}`)
		.filter((finding) => !Object.keys(KNOWN).some((known) => finding.startsWith(known)));
}

describe("n8n's node lint on the built action node descriptions", () => {
	it.each([
		['Callbell', new Callbell().description.properties],
		['ContactsApi', new ContactsApi().description.properties],
		['Dialpad', new Dialpad().description.properties],
	])('%s: no findings beyond the known ones', (name, properties) => {
		expect(findings(name, properties)).toEqual([]);
	});

	it('the check itself reports what the lint reports', () => {
		// Five operations out of order, one named the old way ("Get All" for "Get Many").
		const options = ['Update', 'Create', 'Delete', 'Get', 'Get All'].map((name) => ({ name, value: name === 'Get All' ? 'getAll' : name.toLowerCase() }));
		const unsorted: INodeProperties = { displayName: 'Operation', name: 'operation', type: 'options', noDataExpression: true, options, default: 'create' };
		expect(findings('Probe', [unsorted]).join('\n')).toMatch(/options-type-unsorted-items[\s\S]*option-name-wrong-for-get-many/);
	});
});
