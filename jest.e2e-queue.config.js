/**
 * End-to-end suite in n8n's queue mode (`npm run test:e2e:queue`, a step of `npm test`): the
 * global setup starts PostgreSQL, Redis, n8n main + 2 workers + 2 webhook processors (the pack
 * installed as a community package in each) and nginx in front (scripts/runner/queue.js);
 * test/e2e-queue/*.e2e.test.ts run against it one file after another.
 * Ports: QUEUE_E2E_BASE_PORT (default 5760: nginx; see queue.js for the layout),
 * QUEUE_E2E_PG_PORT (15433), QUEUE_E2E_REDIS_PORT (16380).
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e-queue'],
	testMatch: ['<rootDir>/test/e2e-queue/**/*.e2e.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: 'tsconfig.test.json' }],
	},
	globalSetup: '<rootDir>/test/e2e-queue/global-setup.js',
	globalTeardown: '<rootDir>/test/e2e-queue/global-teardown.js',
	maxWorkers: 1,
	testTimeout: 300000,
	slowTestThreshold: 60,
};
