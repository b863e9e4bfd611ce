'use strict';
/**
 * The sandbox's fixed secrets. They are sandbox-only values, used by `npm start`
 * to pre-create n8n credentials and by the tests.
 */
const SANDBOX_SECRETS = {
	opscom: { apiToken: 'sandbox-opscom-token-5f2c' },
	valt: { username: 'sandbox-admin', password: 'sandbox-valt-pass-91d7' },
	rcams: { username: 'sandbox-integrator', password: 'sandbox-rcams-pass-4e8a' },
};
const SANDBOX_PORTS = { opscom: 4101, valt: 4102, rcams: 4103, smtp: 4125 };

module.exports = { SANDBOX_SECRETS, SANDBOX_PORTS };
