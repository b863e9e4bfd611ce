/**
 * The nodes in the n8n editor, in headless Chromium: the canvas shows them, each node's panel
 * renders, and its dropdowns fill from the sandbox. Saves screenshots for the README.
 */
const fs = require('node:fs');
const path = require('node:path');
const { startN8nInstance, BOOT_TIMEOUT_MS } = require('./n8n-instance');
const { chromiumAvailable, launch, signIn, openWorkflow, openNode, parameter } = require('./browser');

const SHOTS = path.join(__dirname, '..', '..', 'docs', 'screenshots');
const PKG = 'n8n-nodes-campus-safety';
const NOEL = '8ca38857213c9eec6689e9c86311c7ada086d44262bbc532444cb81e99d67c64';

/** Manual Trigger → OPSCOM → IVS VALT → RCAMS, with dropdown values chosen (not expressions). */
const workflow = {
	name: 'Campus Safety: editor check',
	settings: { executionOrder: 'v1' },
	nodes: [
		{ id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'opscom-node',
			name: 'OPSCOM',
			type: `${PKG}.opscom`,
			typeVersion: 1,
			position: [240, 0],
			credentials: { opscomApi: { id: '', name: '' } },
			parameters: {
				resource: 'profile',
				operation: 'createOrUpdate',
				uniqueId: 'S1001',
				loginSource: 'OPSCOM',
				firstName: 'Ava',
				lastName: 'Nguyen',
				email: 'ava.nguyen@school.edu',
				additionalFields: { userTypeId: '6' },
			},
		},
		{
			id: 'valt-node',
			name: 'IVS VALT',
			type: `${PKG}.ivsValt`,
			typeVersion: 1,
			position: [480, 0],
			credentials: { ivsValtApi: { id: '', name: '' } },
			parameters: {
				resource: 'user',
				operation: 'create',
				userName: 'ava.nguyen',
				password: 'Welcome-1001!',
				additionalFields: { userGroup: 2, rooms: [37, 43] },
			},
		},
		{
			id: 'rcams-node',
			name: 'RCAMS',
			type: `${PKG}.rcams`,
			typeVersion: 1,
			position: [720, 0],
			credentials: { rcamsApi: { id: '', name: '' } },
			parameters: {
				resource: 'user',
				operation: 'assignDistricts',
				user: { __rl: true, mode: 'id', value: NOEL },
				districts: [1, 3],
			},
		},
	],
	connections: {
		Start: { main: [[{ node: 'OPSCOM', type: 'main', index: 0 }]] },
		OPSCOM: { main: [[{ node: 'IVS VALT', type: 'main', index: 0 }]] },
		'IVS VALT': { main: [[{ node: 'RCAMS', type: 'main', index: 0 }]] },
	},
};

const run = chromiumAvailable() || process.env.CI ? describe : describe.skip;
if (!chromiumAvailable() && !process.env.CI) {
	console.warn('Skipping the editor test: /usr/bin/chromium is missing (apt-get install chromium)');
}

run('the nodes in the n8n editor (headless Chromium)', () => {
	let n8n;
	let browser;
	let page;
	let workflowId;

	beforeAll(async () => {
		n8n = await startN8nInstance();
		await n8n.createSandboxCredentials();
		workflowId = (await n8n.importWorkflow(workflow)).id;
		browser = await launch();
		page = browser.page;
		await signIn(page, n8n);
		fs.mkdirSync(SHOTS, { recursive: true });
	}, BOOT_TIMEOUT_MS);

	afterAll(async () => {
		await browser?.close();
		await n8n?.stop();
	});

	/** Waits until the parameter shows `text` (the dropdown's labels came from the sandbox). */
	async function expectShown(name, text, timeoutMs = 20_000) {
		const field = parameter(page, name);
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const shown = [(await field.textContent()) ?? ''];
			for (const input of await field.locator('input').all()) shown.push(await input.inputValue());
			if (shown.some((value) => value.includes(text))) return;
			if (Date.now() > deadline) throw new Error(`"${name}" shows ${JSON.stringify(shown)}, not "${text}"`);
			await page.waitForTimeout(250);
		}
	}

	test('the canvas shows the three nodes', async () => {
		await openWorkflow(page, n8n, workflowId);
		for (const name of ['OPSCOM', 'IVS VALT', 'RCAMS']) {
			await page.locator('[data-test-id="canvas-node"]', { hasText: name }).first().waitFor();
		}
		await page.waitForTimeout(500);
		await page.screenshot({ path: path.join(SHOTS, 'canvas.png') });
	});

	test('the nightly roster sync example shows its branches on the canvas', async () => {
		const nightly = JSON.parse(
			fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'nightly-roster-sync.json'), 'utf8'),
		);
		const { id } = await n8n.importWorkflow(nightly);
		await openWorkflow(page, n8n, id);
		for (const node of nightly.nodes) {
			await page.locator('[data-test-id="canvas-node"]', { hasText: node.name }).first().waitFor();
		}
		await page.waitForTimeout(500);
		await page.screenshot({ path: path.join(SHOTS, 'nightly-sync.png') });
	});

	test('the OPSCOM panel renders and its User Type dropdown loads from OPSCOM', async () => {
		n8n.sandbox.opscom.requests.length = 0;
		await openNode(page, n8n, workflowId, 'opscom-node');
		await parameter(page, 'uniqueId').waitFor();
		await expectShown('userTypeId', 'Staff');
		expect(n8n.sandbox.opscom.requests.some((r) => r.path.endsWith('/profiles/types/list'))).toBe(true);
		await parameter(page, 'userTypeId').locator('input').first().click();
		await page.getByRole('option', { name: 'Full Time Student' }).first().waitFor({ timeout: 20_000 });
		await page.screenshot({ path: path.join(SHOTS, 'opscom-panel.png') });
		await page.keyboard.press('Escape');
	});

	test('the IVS VALT panel renders and its group and room dropdowns load from VALT', async () => {
		n8n.sandbox.valt.requests.length = 0;
		await openNode(page, n8n, workflowId, 'valt-node');
		await parameter(page, 'userName').waitFor();
		await expectShown('userGroup', 'Investigators');
		await expectShown('rooms', 'Interview Room A');
		const paths = n8n.sandbox.valt.requests.map((r) => r.path);
		expect(paths).toEqual(expect.arrayContaining(['/api/v3/admin/user_groups', '/api/v3/admin/rooms']));
		await page.screenshot({ path: path.join(SHOTS, 'ivs-valt-panel.png') });
	});

	test('the RCAMS panel renders and its districts dropdown loads from RCAMS', async () => {
		n8n.sandbox.rcams.requests.length = 0;
		await openNode(page, n8n, workflowId, 'rcams-node');
		await expectShown('districts', 'North County School District');
		expect(n8n.sandbox.rcams.requests.some((r) => r.path === '/api/v2/district.php')).toBe(true);
		await page.screenshot({ path: path.join(SHOTS, 'rcams-panel.png') });
	});
});
