// Lint config for test/ only. `npm run lint` runs `n8n-node lint` with ESLint's
// `unstable_config_lookup_from_file` flag (the default from ESLint 10), so each file is linted
// with the nearest eslint.config.mjs: nodes/ and credentials/ get n8n's official config from
// the root file, untouched (n8n-node's strict mode and `cloud-support` require it verbatim);
// test/ gets the same official config plus the exceptions below. Each exception is a rule that
// guards code n8n loads into its (cloud) runtime, which test code never is.
import { config } from '@n8n/node-cli/eslint';

// The official config's `./nodes/**` and `./credentials/**` blocks (n8n-nodes-base's node and
// credential rules) would match test/nodes/** here, which mirrors the source layout but holds
// tests that build fake parameters on purpose: those two blocks are for shipped source only.
const isSourceOnlyBlock = (block) =>
	Array.isArray(block.files) &&
	block.files.every((glob) => glob.startsWith('./nodes/') || glob.startsWith('./credentials/'));

export default [
	...config.filter((block) => !isSourceOnlyBlock(block)),
	{
		files: ['**/*.ts'],
		rules: {
			// Tests run in plain Node: the sandboxes need node:http/crypto, the harness needs
			// n8n-core and jest, and pacing tests need timers. These two rules exist to keep
			// shipped node code inside n8n Cloud's allow-list.
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/no-restricted-globals': 'off',
			// Fixtures carry made-up tokens and signing secrets that the sandboxes check.
			'@n8n/community-nodes/no-hardcoded-secrets': 'off',
			// Helpers that fail a test are not nodes: a plain Error is the right signal to jest.
			'@n8n/community-nodes/require-node-api-error': 'off',
			// The e2e runner, the sandboxes and the bench tools are CommonJS .js modules shared
			// with plain-Node scripts; tests load them with require().
			'@typescript-eslint/no-require-imports': 'off',
			// Tests read untyped JSON from n8n's REST API and the sandboxes' stores.
			'@typescript-eslint/no-explicit-any': 'off',
			// Stubs implement n8n interfaces whose parameters they do not use (`_name`).
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
			// Tests of the test tooling (the install watchdog) start real child processes.
			'@n8n/community-nodes/no-dangerous-functions': 'off',
		},
	},
];
