const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const os = require('node:os');
const path = require('node:path');

const { loaded } = require('../../engine');
const { useSandbox, sandboxCredentials } = require('../../helpers');
const {
	valtWorkflow,
	apiCalls,
	createParameters,
	person,
	SANDBOX_SECRETS,
	LOGIN_PATH,
} = require('./valt.fixtures');

const env = useSandbox();
const credentialType = loaded.credentials.ivsValtApi;
const valtCredentials = () => sandboxCredentials(env.sandbox).ivsValtApi;

describe('IVS VALT API credential', () => {
	test('describes the fields a VALT admin fills in, with no default host', () => {
		expect(credentialType.displayName).toBe('IVS VALT API');
		const byName = Object.fromEntries(credentialType.properties.map((p) => [p.name, p]));
		expect(byName.baseUrl).toMatchObject({ default: '', placeholder: 'https://valt.example.edu' });
		expect(byName.password.typeOptions).toEqual({ password: true });
		expect(byName.ignoreSslIssues).toMatchObject({ type: 'boolean', default: false });
		expect(byName.sessionToken).toMatchObject({
			type: 'hidden',
			typeOptions: { password: true, expirable: true },
		});
	});

	test('the credential test logs in and reads the user groups with the session token', async () => {
		const result = await env.engine.testCredential('ivsValtApi', valtCredentials());
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const [login, check] = env.sandbox.valt.requests;
		expect(login).toMatchObject({ method: 'POST', path: LOGIN_PATH });
		expect(login.json).toEqual({
			username: SANDBOX_SECRETS.valt.username,
			password: SANDBOX_SECRETS.valt.password,
		});
		expect(check).toMatchObject({ method: 'GET', path: '/api/v3/admin/user_groups' });
		expect(env.sandbox.valt.api.tokens.has(check.query.access_token)).toBe(true);
	});

	test('a trailing slash in the Base URL is fine', async () => {
		const result = await env.engine.testCredential('ivsValtApi', {
			...valtCredentials(),
			baseUrl: `${env.sandbox.valt.url}/`,
		});
		expect(result.status).toBe('OK');
	});

	test('a wrong password fails the credential test with a clear message that does not echo it', async () => {
		const result = await env.engine.testCredential('ivsValtApi', {
			...valtCredentials(),
			password: 'wrong-Secret-123',
		});
		expect(result.status).toBe('Error');
		expect(result.message).toBe(
			'IVS VALT rejected the user name or password: check User Name and Password in the IVS VALT credential',
		);
		expect(result.message).not.toContain('wrong-Secret-123');
		expect(env.sandbox.valt.api.snapshot().failedLogins).toBe(1);
	});

	test('an unreachable server fails the credential test naming the problem', async () => {
		await env.sandbox.valt.close();
		const result = await env.engine.testCredential('ivsValtApi', valtCredentials());
		expect(result.status).toBe('Error');
		expect(result.message).toBe(
			'Could not log in to IVS VALT: the server refused the connection. Check the Base URL in the credential.',
		);
	});

	test('a wrong password fails the node clearly, after a single login attempt for all items', async () => {
		env.engine.store.ivsValtApi.password = 'wrong-Secret-123';
		const people = Array.from({ length: 10 }, (_, i) => person(i));
		const run = await env.engine.run(valtWorkflow(createParameters(), people));
		expect(run.status).toBe('error');
		const error = run.nodeError('Node');
		expect(error.message).toBe(
			'IVS VALT rejected the user name or password: check User Name and Password in the IVS VALT credential',
		);
		expect(error.description).toContain('Fix the credential');
		expect(JSON.stringify(error)).not.toContain('wrong-Secret-123');
		// One refused login for the whole run: an appliance that locks accounts is not hammered.
		expect(env.sandbox.valt.api.snapshot().failedLogins).toBe(1);
		expect(apiCalls(env.sandbox)).toHaveLength(0);
	});

	test('a login that cannot connect fails the node with the login reason, not "server busy" advice', async () => {
		env.engine.store.ivsValtApi.baseUrl = 'http://127.0.0.1:9';
		const run = await env.engine.run(valtWorkflow(createParameters(), [person(0)]));
		const error = run.nodeError('Node');
		expect(error.message).toBe(
			'Could not log in to IVS VALT: the server refused the connection. Check the Base URL in the credential.',
		);
		expect(error.description).toBe(
			'Nothing was sent to IVS VALT: the credential could not prepare the request. Fix the credential and run again.',
		);
		expect(error.message).not.toMatch(/did not complete|Max Retries/);
	});

	test('authenticate() adds the token to the query and the TLS choice to every request', async () => {
		const options = {
			url: 'https://valt.example.edu/api/v3/admin/users',
			qs: { cardNumber: '007' },
		};
		const strict = await credentialType.authenticate(
			{ sessionToken: 'tok-1', ignoreSslIssues: false },
			options,
		);
		expect(strict).toMatchObject({
			qs: { cardNumber: '007', access_token: 'tok-1' },
			skipSslCertificateValidation: false,
		});
		const relaxed = await credentialType.authenticate(
			{ sessionToken: 'tok-2', ignoreSslIssues: true },
			options,
		);
		expect(relaxed).toMatchObject({
			qs: { cardNumber: '007', access_token: 'tok-2' },
			skipSslCertificateValidation: true,
		});
		expect(relaxed.headers).toBeUndefined();
		expect(options.qs).toEqual({ cardNumber: '007' });
	});

	test('preAuthentication logs in with the TLS choice and returns only the session token', async () => {
		const calls = [];
		const helpers = {
			httpRequest: async (request) => {
				calls.push(request);
				return { statusCode: 200, body: { data: { access_token: 'fresh-token' } } };
			},
		};
		const output = await credentialType.preAuthentication.call(
			{ helpers },
			{
				baseUrl: 'https://valt.example.edu/',
				username: 'api',
				password: 'pw',
				ignoreSslIssues: true,
				sessionToken: '',
			},
		);
		expect(output).toEqual({ sessionToken: 'fresh-token' });
		expect(calls[0]).toMatchObject({
			method: 'POST',
			url: 'https://valt.example.edu/api/v3/login',
			body: { username: 'api', password: 'pw' },
			skipSslCertificateValidation: true,
		});
	});
});

/** A throwaway self-signed certificate, or undefined where openssl is missing. */
function selfSignedCertificate() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'valt-tls-'));
	try {
		execFileSync(
			'openssl',
			[
				'req',
				'-x509',
				'-newkey',
				'rsa:2048',
				'-nodes',
				'-keyout',
				'key.pem',
				'-out',
				'cert.pem',
				'-days',
				'1',
				'-subj',
				'/CN=127.0.0.1',
			],
			{ cwd: dir, stdio: 'ignore' },
		);
		return {
			key: fs.readFileSync(path.join(dir, 'key.pem')),
			cert: fs.readFileSync(path.join(dir, 'cert.pem')),
		};
	} catch {
		return undefined;
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/** An HTTPS front for the sandbox, as a VALT appliance with its self-signed certificate. */
async function httpsFront(certificate, target) {
	const server = https.createServer(certificate, (req, res) => {
		const upstream = http.request(
			`${target}${req.url}`,
			{ method: req.method, headers: req.headers },
			(answer) => {
				res.writeHead(answer.statusCode, answer.headers);
				answer.pipe(res);
			},
		);
		req.pipe(upstream);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `https://127.0.0.1:${server.address().port}`,
		close: () => new Promise((r) => server.close(r)),
	};
}

const certificate = selfSignedCertificate();
(certificate ? describe : describe.skip)('IVS VALT on HTTPS with a self-signed certificate', () => {
	let front;
	beforeEach(async () => {
		front = await httpsFront(certificate, env.sandbox.valt.url);
	});
	afterEach(async () => {
		await front.close();
	});

	test('fails with advice while "Ignore SSL Issues" is off, works when it is on', async () => {
		const strict = await env.engine.testCredential('ivsValtApi', {
			...valtCredentials(),
			baseUrl: front.url,
		});
		expect(strict.status).toBe('Error');
		expect(strict.message).toMatch(/TLS certificate could not be verified.*Ignore SSL Issues/);

		const relaxed = await env.engine.testCredential('ivsValtApi', {
			...valtCredentials(),
			baseUrl: front.url,
			ignoreSslIssues: true,
		});
		expect(relaxed).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	test('the node works through the self-signed front when "Ignore SSL Issues" is on', async () => {
		Object.assign(env.engine.store.ivsValtApi, { baseUrl: front.url, ignoreSslIssues: true });
		const run = await env.engine.run(valtWorkflow(createParameters(), [person(1), person(2)]));
		expect(run.status).toBe('success');
		expect(run.json('Node').map((user) => user.name)).toEqual(['jdoe1', 'jdoe2']);

		Object.assign(env.engine.store.ivsValtApi, { ignoreSslIssues: false, sessionToken: '' });
		const refused = await env.engine.run(valtWorkflow(createParameters(), [person(3)]));
		expect(refused.nodeError('Node').message).toMatch(/TLS certificate could not be verified/);
	});
});
