/** Unit and engine-level tests (real HTTP to the sandboxes in test/sandbox). */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', '/test/e2e-queue/'],
	transform: {
		// Type checking runs once in `npm run typecheck`; transpile-only keeps jest fast.
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	// n8n's logs of the engine tests go to .cache/test-logs/ (test/harness/quietLogs.js).
	setupFiles: ['<rootDir>/test/harness/quietLogs.js'],
	testTimeout: 60000,
	maxWorkers: 2,
};
