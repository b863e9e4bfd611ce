// Keep n8n-core's instance settings out of the real home folder during tests.
const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'campus-safety-n8n-'));
}
process.env.N8N_ENCRYPTION_KEY ??= 'campus-safety-test-key';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
process.env.N8N_LOG_LEVEL ??= 'silent';
// The nightly example reads its roster CSV: from examples/, or a test's own copy under the tmp folder.
process.env.N8N_RESTRICT_FILE_ACCESS_TO ??= [path.join(__dirname, '..', 'examples'), os.tmpdir()].join(';');
