'use strict';
// Stops what global-setup.js started: n8n's whole process group, the sandboxes, and
// removes the throwaway user folder (kept with E2E_KEEP=1).
const fs = require('fs');

module.exports = async function globalTeardown() {
	const handles = globalThis.__N8N_E2E__;
	if (!handles) return;
	if (handles.n8n) await handles.n8n.stop();
	await Promise.all(handles.sandboxes.map((s) => s.close().catch(() => undefined)));
	if (handles.userFolder) {
		if (process.env.E2E_KEEP === '1') process.stderr.write(`[e2e teardown] kept ${handles.userFolder}\n`);
		else fs.rmSync(handles.userFolder, { recursive: true, force: true });
	}
	globalThis.__N8N_E2E__ = undefined;
};
