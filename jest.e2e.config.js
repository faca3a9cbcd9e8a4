/**
 * End-to-end suite: the packed pack installed as a community package in ONE real n8n 2.41.1
 * (127.0.0.1:5690, task-runner broker 5691, throwaway user folder) started by the global
 * setup, with the sandbox APIs beside it. See test/e2e/README section in global-setup.js.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: 'tsconfig.test.json' }],
	},
	globalSetup: '<rootDir>/test/e2e/global-setup.js',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.js',
	// One n8n serves the whole run: test files run one after another.
	maxWorkers: 1,
	testTimeout: 120000,
	slowTestThreshold: 30,
};
