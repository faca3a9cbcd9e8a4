'use strict';
// jest setupFiles entry (jest.config.js): n8n-core's logger writes the expected-error logs of
// the engine tests (hundreds of "Invalid … in item 0" lines from tests that check refusals)
// to .cache/test-logs/engine-<worker>.log instead of the console, so a passing run is quiet
// and a failing one shows jest's report. N8N_LOG_OUTPUT=console npx jest … brings them back.
const fs = require('fs');
const path = require('path');

if (!process.env.N8N_LOG_OUTPUT) {
	const dir = path.resolve(__dirname, '..', '..', '.cache', 'test-logs');
	fs.mkdirSync(dir, { recursive: true });
	process.env.N8N_LOG_OUTPUT = 'file';
	process.env.N8N_LOG_FILE_LOCATION = path.join(dir, `engine-${process.env.JEST_WORKER_ID || 1}.log`);
}
