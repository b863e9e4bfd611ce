/**
 * The one scrubber (nodes/shared/scrub.ts) on its own: every form a secret can take in text a
 * vendor sends back. The node-level proof is test/echo.test.js.
 */
const path = require('node:path');
const { RunSecrets, Scrubber, basicAuthValue, countCredentialUse, secretsOf } = require(path.resolve(__dirname, '../../../dist/nodes/shared/scrub.js'));
const dist = (file) => require(path.resolve(__dirname, '../../../dist/nodes', file));
const { OPSCOM } = dist('Opscom/transport.js');
const { VALT } = dist('IvsValt/transport.js');
const { RCAMS } = dist('Rcams/transport.js');

const PASSWORD = 'p@ss/wörd +1&"<x>';
const scrubber = new Scrubber([PASSWORD]);

test.each([
	['plain', PASSWORD],
	['JSON-escaped', JSON.stringify(PASSWORD).slice(1, -1)],
	['JSON-escaped twice', JSON.stringify(JSON.stringify(PASSWORD).slice(1, -1)).slice(1, -1)],
	['as PHP json_encode writes it', 'p@ss\\/w\\u00f6rd +1&\\"<x>'],
	['URL-encoded', encodeURIComponent(PASSWORD)],
	['URL-encoded, lower-case hex', encodeURIComponent(PASSWORD).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())],
	['form-encoded', new URLSearchParams({ v: PASSWORD }).toString().slice(2)],
	['HTML-escaped', 'p@ss/wörd +1&amp;&quot;&lt;x&gt;'],
])('masks the secret %s', (_form, shown) => {
	expect(scrubber.text(`before ${shown} after`)).toBe('before *** after');
});

test('masks the start of a secret cut off by a response excerpt ("…"), not other text', () => {
	const token = new Scrubber(['sandbox-opscom-token-5f2c']);
	expect(token.text('{"apiToken":"sandbox-op…. Check the Base URL')).toBe('{"apiToken":"***…. Check the Base URL');
	expect(token.text('a sentence that ends…')).toBe('a sentence that ends…');
});

test('masks access_token= values it was not told about', () => {
	expect(new Scrubber([]).text('GET /api?access_token=abc123&x=1')).toBe('GET /api?access_token=***&x=1');
});

test('errors are scrubbed in place: message, description, stack, messages, errorResponse, context, cause', () => {
	const cause = new Error(`inner ${PASSWORD}`);
	const error = Object.assign(new Error(`outer ${PASSWORD}`, { cause }), {
		description: `said ${encodeURIComponent(PASSWORD)}`,
		messages: [`m ${PASSWORD}`],
		errorResponse: { body: { echo: [PASSWORD] } },
		context: { data: PASSWORD },
	});
	expect(scrubber.error(error)).toBe(error);
	const text = JSON.stringify({ ...error, message: error.message, stack: error.stack, cause: { message: cause.message, stack: cause.stack } });
	expect(text).not.toContain('wörd');
	expect(error.message).toBe('outer ***');
	expect(error.errorResponse).toEqual({ body: { echo: ['***'] } });
});

test('the secrets each vendor declares for its credential, and which rotate', () => {
	expect(secretsOf(OPSCOM.secrets, { baseUrl: 'https://x', apiToken: 'tok-12345' })).toEqual(['tok-12345']);
	expect(secretsOf(VALT.secrets, { username: 'admin', password: 'pw-1234', sessionToken: '' })).toEqual(['pw-1234']);
	const basic = basicAuthValue('api', 'pässword');
	expect(basic).toBe(Buffer.from('api:pässword', 'utf8').toString('base64'));
	expect(secretsOf(RCAMS.secrets, { username: 'api', password: 'pässword' })).toEqual(['pässword', basic, `Basic ${basic}`]);
	// Too short to mask without masking ordinary words.
	expect(secretsOf(OPSCOM.secrets, { apiToken: 'abc' })).toEqual([]);
	// Only VALT's session token changes during a run (a new login after a 401).
	expect([OPSCOM, VALT, RCAMS].map((vendor) => vendor.secrets.rotate)).toEqual([false, true, false]);
});

describe('RunSecrets reads a rotating secret again only after a request went through the credential', () => {
	/** A node context whose credential holds `store` and counts how often it is read. */
	const contextWith = (store) => {
		const context = {
			reads: 0,
			getNode: () => ({ credentials: { ivsValtApi: { id: '1' } } }),
			getCredentials: async () => {
				context.reads++;
				return { ...store };
			},
		};
		return context;
	};

	test('items that sent nothing cost no read; a login inside a request is seen, old tokens stay masked', async () => {
		const store = { username: 'admin', password: 'pw-1234', sessionToken: 'token-one' };
		const context = contextWith(store);
		const secrets = new RunSecrets(context, { credentialType: 'ivsValtApi', secrets: VALT.secrets });
		for (let item = 0; item < 5; item++) await secrets.scrubber();
		expect(context.reads).toBe(1);

		// A request that logs in again: the credential gets a new token, then the request ends.
		store.sessionToken = 'token-two';
		countCredentialUse(context);
		const scrubber = await secrets.scrubber();
		expect(context.reads).toBe(2);
		expect(scrubber.value({ echo: 'token-one token-two pw-1234' })).toEqual({ echo: '*** *** ***' });
		await secrets.scrubber();
		expect(context.reads).toBe(2);
	});

	test('a login that ends after the read (a request still in flight) is read at the next scrub', async () => {
		const store = { username: 'admin', password: 'pw-1234', sessionToken: 'token-one' };
		const context = contextWith(store);
		const secrets = new RunSecrets(context, { credentialType: 'ivsValtApi', secrets: VALT.secrets });
		// A request is in flight while another item is scrubbed; it logs in again after that read.
		await secrets.scrubber();
		store.sessionToken = 'token-two';
		countCredentialUse(context); // and ends
		expect((await secrets.scrubber()).value('token-two')).toBe('***');
		expect(context.reads).toBe(2);
	});

	test('a secret that does not rotate is read once, whatever is sent', async () => {
		const context = contextWith({ baseUrl: 'https://x', apiToken: 'tok-12345' });
		context.getNode = () => ({ credentials: { opscomApi: { id: '1' } } });
		const secrets = new RunSecrets(context, { credentialType: 'opscomApi', secrets: OPSCOM.secrets });
		await secrets.scrubber();
		countCredentialUse(context);
		expect((await secrets.scrubber()).value('tok-12345')).toBe('***');
		expect(context.reads).toBe(1);
	});
});
