'use strict';
// Real-n8n runner: install (cached), pack, start, REST helpers, workflow helpers.
//   const runner = require('./scripts/runner');
//   await runner.ensureRunner({ version: '2.41.1' });
//   const tarball = runner.packPack();
//   const n8n = await runner.startN8n({ userFolder, port: 5690, brokerPort: 5691, tarball });
//   const api = new runner.N8nApi(n8n.url); await api.ensureOwner({...}); await api.createApiKey();
//   const items = await runner.runNodeWorkflow(api, 'contactsApi', params, { contactsApi: id }, [{}]);
//   await n8n.stop();
module.exports = {
	...require('./install'),
	...require('./n8n'),
	...require('./api'),
	...require('./workflows'),
	...require('./ports'),
};
