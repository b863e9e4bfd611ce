/**
 * End to end: a real n8n 2.41 (Node 24, from .runtime/) loads the built package the way it
 * loads an installed community package. Data-driven from package.json's `n8n` section, so
 * every node and credential added there is checked without touching this file.
 *
 * Run after `npm run build`: npx jest test/e2e
 */
const {
	startN8nInstance,
	declaredTypes,
	nodeOutput,
	executionError,
	sandboxCredentialData,
	BOOT_TIMEOUT_MS,
} = require('./n8n-instance');

const declared = declaredTypes();
const { packageName } = declared;
const nodeNames = declared.nodes.map((node) => node.name);
const credentialNames = declared.credentials.map((credential) => credential.name);

let n8n;
let nodeTypes;
let credentialTypes;

beforeAll(async () => {
	n8n = await startN8nInstance();
	nodeTypes = await n8n.nodeTypes();
	credentialTypes = await n8n.credentialTypes();
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
	await n8n?.stop();
}, 60_000);

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('n8n loads the package', () => {
	test('package.json declares at least one node and credential, all built', () => {
		expect(nodeNames.length).toBeGreaterThan(0);
		expect(credentialNames.length).toBeGreaterThan(0);
		for (const name of [...nodeNames, ...credentialNames]) expect(name).toEqual(expect.any(String));
	});

	test('the loader reports every declared node and credential', () => {
		const loaded = n8n
			.logEntries()
			.find((entry) =>
				new RegExp(
					`(Loaded all credentials and nodes|Lazy-loading nodes and credentials) from ${escape(packageName)}$`,
				).test(entry.message),
			);
		expect(loaded).toBeDefined();
		expect(loaded.metadata).toMatchObject({
			nodes: nodeNames.length,
			credentials: credentialNames.length,
		});
	});

	test('its log has no warnings or errors about the package', () => {
		// Anything naming the package, its folder, or one of its node/credential types.
		const needles = [
			packageName,
			...declared.nodes.map((node) => node.file),
			...declared.credentials.map((credential) => credential.file),
			...nodeNames.map((name) => `.${name}`),
			...credentialNames,
		];
		const pattern = new RegExp(needles.map(escape).join('|'));
		const problems = n8n
			.logEntries()
			.filter((entry) => ['warn', 'error', 'raw'].includes(entry.level))
			.filter((entry) => pattern.test(entry.line))
			.map((entry) => `${entry.level}: ${entry.line}`);
		expect(problems).toEqual([]);
	});

	test.each(nodeNames)('node type %s is registered', (name) => {
		const type = nodeTypes.find((candidate) => candidate.name === `${packageName}.${name}`);
		expect(type).toBeDefined();
		// Every credential the node asks for is a registered credential type.
		for (const credential of type.credentials ?? []) {
			expect(credentialTypes.map((t) => t.name)).toContain(credential.name);
		}
	});

	test.each(declared.nodes.filter((node) => node.usableAsTool).map((node) => node.name))(
		'the AI-tool variant %sTool is registered',
		(name) => {
			const tool = nodeTypes.find((candidate) => candidate.name === `${packageName}.${name}Tool`);
			expect(tool).toBeDefined();
			expect(tool.outputs).toEqual(['ai_tool']);
		},
	);

	test('every regular (non-trigger) node of the package sets usableAsTool', () => {
		const notTools = declared.nodes.filter((node) => !node.trigger && !node.usableAsTool);
		expect(notTools.map((node) => node.name)).toEqual([]);
	});

	test.each(credentialNames)('credential type %s is registered', (name) => {
		expect(credentialTypes.map((type) => type.name)).toContain(name);
	});

	test('n8n registers no other node types under the package name', () => {
		const expected = declared.nodes.flatMap((node) =>
			node.usableAsTool ? [node.name, `${node.name}Tool`] : [node.name],
		);
		const registered = nodeTypes
			.filter((type) => type.name.startsWith(`${packageName}.`))
			.map((type) => type.name.slice(packageName.length + 1));
		expect([...new Set(registered)].sort()).toEqual([...new Set(expected)].sort());
	});
});

describe('inside n8n, against the sandbox', () => {
	const withSandboxData = credentialNames.filter(
		(name) => name in sandboxCredentialData(fakeSandbox()),
	);

	test.each(withSandboxData)("n8n's credential test passes for %s", async (name) => {
		const credentials = await n8n.createSandboxCredentials([name]);
		await expect(n8n.testCredential(credentials[name].id)).resolves.toEqual({
			status: 'OK',
			message: expect.any(String),
		});
	});

	test("n8n's credential test reports a wrong secret", async () => {
		const [name] = withSandboxData;
		const data = { ...sandboxCredentialData(n8n.sandbox)[name] };
		for (const secret of ['apiToken', 'password'])
			if (secret in data) data[secret] = 'wrong-secret';
		const created = await n8n.createCredential(name, data, `${name} with a wrong secret`);
		const result = await n8n.testCredential(created.id);
		expect(result.status).toBe('Error');
	});

	test.each(withSandboxData)(
		"n8n's credential test for %s does not follow a redirect to another origin",
		async (name) => {
			const { startRecorder, startRedirector, credentialsAt } = require('../secrets.fixtures');
			const recorder = await startRecorder();
			const redirector = await startRedirector(307, recorder.url);
			try {
				const data = { ...sandboxCredentialData(n8n.sandbox)[name] };
				data.baseUrl = credentialsAt(redirector.url)[name].baseUrl;
				const created = await n8n.createCredential(name, data, `${name} behind a redirect`);
				const result = await n8n.testCredential(created.id);
				expect(result.status).toBe('Error');
				expect(result.message).toMatch(/redirect/);
				expect(redirector.requests.length).toBeGreaterThan(0);
				expect(recorder.requests).toEqual([]);
			} finally {
				await recorder.close();
				await redirector.close();
			}
		},
	);

	test("n8n's RCAMS credential test fails on a status other than OK", async () => {
		const { startServer } = require('../secrets.fixtures');
		const server = await startServer(() => ({ status: 200, body: { status: 'NO', users: [] } }));
		try {
			const data = { ...sandboxCredentialData(n8n.sandbox).rcamsApi, baseUrl: `${server.url}/api/v2` };
			const created = await n8n.createCredential('rcamsApi', data, 'RCAMS answering NO');
			await expect(n8n.testCredential(created.id)).resolves.toEqual({
				status: 'Error',
				message: expect.stringMatching(/^RCAMS did not answer status "OK"/),
			});
		} finally {
			await server.close();
		}
	});

	const opscom = declared.nodes.find((node) => node.name === 'opscom');
	(opscom ? test : test.skip)('a workflow with the OPSCOM node runs in n8n', async () => {
		await n8n.createSandboxCredentials(['opscomApi']);
		const workflow = await n8n.importWorkflow({
			name: 'e2e: OPSCOM user types',
			nodes: [
				{
					id: '1',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: '2',
					name: 'OPSCOM',
					type: `${packageName}.opscom`,
					typeVersion: 1,
					position: [220, 0],
					parameters: { resource: 'userType', operation: 'getAll', returnAll: true },
					credentials: { opscomApi: { id: 'replaced-on-import', name: 'OPSCOM' } },
				},
			],
			connections: { Start: { main: [[{ node: 'OPSCOM', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		});
		const execution = await n8n.runWorkflow(workflow.id);
		expect(executionError(execution)).toBeUndefined();
		expect(execution.status).toBe('success');
		const types = nodeOutput(execution, 'OPSCOM');
		expect(types.length).toBeGreaterThan(2);
		expect(types[0]).toEqual({ id: '1', type_name: 'Full Time Student', ext_info: 'Student' });
		// The sandbox saw the node's requests, authenticated by n8n.
		expect(execution.response.status).toBe(200);
	});
});

/** Placeholder URLs, only to list which credential types have sandbox data. */
function fakeSandbox() {
	const url = 'http://127.0.0.1:1';
	return { opscom: { url }, valt: { url }, rcams: { url } };
}
