/**
 * The nodes in the real n8n editor, in headless Chromium: the canvas draws them, each node's
 * panel renders its parameters, and the dropdowns fill from the vendor sandbox through the
 * node's credential (loadOptions). Saves the screenshots in docs/screenshots/.
 *
 * Needs Chromium at /usr/bin/chromium (CI: apt-get install -y chromium) and a build:
 *   npm run build && npx jest test/e2e/editor.test.js
 */
const fs = require('node:fs');
const path = require('node:path');
const { startN8nInstance, sandboxCredentialData, BOOT_TIMEOUT_MS } = require('./n8n-instance');
const {
	CHROMIUM,
	chromiumAvailable,
	launch,
	signIn,
	canvasNode,
	openWorkflow,
	openNode,
	closeNode,
	parameter,
	parameterInput,
	addCollectionField,
	dropdownOptions,
	closeDropdown,
	waitForShown,
	screenshot,
} = require('./browser');

const ROOT = path.join(__dirname, '..', '..');
const SHOTS = path.join(ROOT, 'docs', 'screenshots');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).name;
/** An RCAMS sandbox user (Noel), by token. */
const RCAMS_USER = '8ca38857213c9eec6689e9c86311c7ada086d44262bbc532444cb81e99d67c64';

/** What the sandbox serves (sandbox/opscom.js, valt.js, rcams.js). */
const USER_TYPES = ['Full Time Student', 'Part Time Student', 'Faculty', 'Staff', 'Visitor'];
const VALT_GROUPS = ['Administrators', 'Investigators', 'Detectives', 'Victim Advocates'];
const VALT_ROOMS = ['Interview Room A', 'Interview Room B', 'Soft Room'];
const DISTRICTS = [
	'North County School District',
	'Riverside Unified School District',
	'Lakeview Independent School District',
	'Mountain View School District',
];

/**
 * Manual Trigger → OPSCOM (Profile → Create or Update) → IVS VALT (User → Create) → RCAMS
 * (User → Assign Districts). VALT and RCAMS have dropdown values chosen (ids), which the
 * editor can only show by name once it has loaded the lists; OPSCOM's User Type is added in
 * the panel by the test.
 */
const workflow = {
	name: 'Campus Safety: New Student Onboarding',
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'start',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'opscom',
			name: 'OPSCOM',
			type: `${PKG}.opscom`,
			typeVersion: 1,
			position: [240, 0],
			credentials: { opscomApi: { id: '', name: 'OPSCOM sandbox' } },
			parameters: {
				resource: 'profile',
				operation: 'createOrUpdate',
				uniqueId: 'S1001',
				loginSource: 'OPSCOM',
				firstName: 'Ava',
				lastName: 'Nguyen',
				email: 'ava.nguyen@school.edu',
				additionalFields: { userName: 'ava.nguyen' },
				address: {},
				alternateAddress: {},
				options: {},
			},
		},
		{
			id: 'valt',
			name: 'IVS VALT',
			type: `${PKG}.ivsValt`,
			typeVersion: 1,
			position: [480, 0],
			credentials: { ivsValtApi: { id: '', name: 'IVS VALT sandbox' } },
			parameters: {
				resource: 'user',
				operation: 'create',
				userName: 'ava.nguyen',
				password: 'Welcome-1001!',
				additionalFields: { displayName: 'Ava Nguyen', userGroup: 2, rooms: [37, 43] },
				options: {},
			},
		},
		{
			id: 'rcams',
			name: 'RCAMS',
			type: `${PKG}.rcams`,
			typeVersion: 1,
			position: [720, 0],
			credentials: { rcamsApi: { id: '', name: 'RCAMS sandbox' } },
			parameters: {
				resource: 'user',
				operation: 'assignDistricts',
				user: { __rl: true, mode: 'id', value: RCAMS_USER },
				districts: [1, 3],
				options: {},
			},
		},
	],
	connections: {
		Start: { main: [[{ node: 'OPSCOM', type: 'main', index: 0 }]] },
		OPSCOM: { main: [[{ node: 'IVS VALT', type: 'main', index: 0 }]] },
		'IVS VALT': { main: [[{ node: 'RCAMS', type: 'main', index: 0 }]] },
	},
};

const sorted = (list) => [...list].sort();

const runs = chromiumAvailable() || Boolean(process.env.CI);
const suite = runs
	? describe
	: (title, fn) =>
			describe.skip(`${title} [skipped: no Chromium at ${CHROMIUM}; apt-get install chromium]`, fn);
if (!runs) {
	console.warn(
		`Skipping test/e2e/editor.test.js: no Chromium at ${CHROMIUM} (apt-get install -y chromium). With CI set it runs, and fails.`,
	);
}

suite('the nodes in the n8n editor (headless Chromium)', () => {
	let n8n;
	let browser;
	let page;
	let workflowId;
	/** { [type]: { id, name } } of the sandbox credentials (named as in examples/), and their data. */
	let credentials;
	let credentialData;

	/** The sandbox requests of `vendor` made since `clear(vendor)`. */
	const requests = (vendor) => n8n.sandbox[vendor].requests;
	const clear = (vendor) => {
		n8n.sandbox[vendor].requests.length = 0;
	};

	/** Asserts the open panel shows these parameters, by name and label (the description rendered). */
	async function expectLabels(names) {
		for (const [name, label] of Object.entries(names)) {
			await parameter(page, name)
				.locator(`label[for="${name}"]`)
				.getByText(label, { exact: true })
				.first()
				.waitFor();
		}
	}

	/** Asserts the panel is this node's, with its sandbox credential selected. */
	async function expectPanelOf(nodeName, credentialName) {
		const ndv = page.getByTestId('ndv');
		await expect(ndv.getByTestId('node-title-container').innerText()).resolves.toContain(nodeName);
		const credential = ndv.getByTestId('node-credentials-select').locator('input');
		await expect(credential.inputValue()).resolves.toBe(credentialName);
	}

	beforeAll(async () => {
		// The browser first: without Chromium (on CI) this fails at once, not after n8n's boot.
		browser = await launch();
		page = browser.page;
		n8n = await startN8nInstance();
		credentialData = sandboxCredentialData(n8n.sandbox);
		credentials = await n8n.createSandboxCredentials();
		workflowId = (await n8n.importWorkflow(workflow, { credentials })).id;
		await signIn(page, n8n);
	}, BOOT_TIMEOUT_MS);

	afterAll(async () => {
		await browser?.close();
		await n8n?.stop();
	}, 60_000);

	test('the canvas shows Start → OPSCOM → IVS VALT → RCAMS', async () => {
		await openWorkflow(page, n8n, workflowId);
		for (const [name, type] of [
			['Start', 'n8n-nodes-base.manualTrigger'],
			['OPSCOM', `${PKG}.opscom`],
			['IVS VALT', `${PKG}.ivsValt`],
			['RCAMS', `${PKG}.rcams`],
		]) {
			const node = canvasNode(page, name);
			await node.waitFor();
			await expect(node.getAttribute('data-node-type')).resolves.toBe(type);
			// The node's icon rendered (an <img> of the package's SVG, or n8n's own icon).
			await node.locator('img, svg').first().waitFor();
		}
		// No node shows an issue (a missing credential or a required parameter left empty).
		await expect(page.getByTestId('node-issues').count()).resolves.toBe(0);
		await screenshot(page, path.join(SHOTS, 'canvas.png'));
	});

	test('the OPSCOM panel renders; its User Type dropdown lists the OPSCOM user types', async () => {
		clear('opscom');
		await openNode(page, 'OPSCOM');
		await expectPanelOf('OPSCOM', credentials.opscomApi.name);
		await expectLabels({
			uniqueId: 'Unique ID',
			loginSource: 'Login Source',
			firstName: 'First Name',
			lastName: 'Last Name',
			email: 'Email',
			additionalFields: 'Additional Fields',
			userName: 'User Name',
		});
		await expect(parameterInput(page, 'uniqueId').locator('input').inputValue()).resolves.toBe(
			'S1001',
		);

		await addCollectionField(page, 'additionalFields', 'User Type Name or ID');
		await expectLabels({ userTypeId: 'User Type Name or ID' });
		expect(sorted(await dropdownOptions(page, 'userTypeId'))).toEqual(sorted(USER_TYPES));

		// n8n asked OPSCOM, with the credential's client code and token.
		const listed = requests('opscom').filter(
			(r) => r.path === '/api/OC_TOMA/v1/profiles/types/list',
		);
		expect(listed.length).toBeGreaterThanOrEqual(1);
		expect(listed[0].json).toMatchObject({ apiToken: credentialData.opscomApi.apiToken });

		// Pick one, then show the list again for the screenshot.
		await page.getByRole('option').filter({ hasText: 'Full Time Student' }).click();
		await waitForShown(page, 'userTypeId', ['Full Time Student']);
		await dropdownOptions(page, 'userTypeId');
		await screenshot(page, path.join(SHOTS, 'opscom-panel.png'));
		await closeNode(page);
	});

	test('the IVS VALT panel renders; its group and room dropdowns list what VALT has', async () => {
		clear('valt');
		await openNode(page, 'IVS VALT');
		await expectPanelOf('IVS VALT', credentials.ivsValtApi.name);
		await expectLabels({
			userName: 'User Name',
			password: 'Password',
			additionalFields: 'Additional Fields',
			displayName: 'Display Name',
			userGroup: 'Primary User Group Name or ID',
			rooms: 'Room Names or IDs',
		});
		// The workflow holds ids (group 2, rooms 37 and 43): names on screen came from VALT.
		await waitForShown(page, 'userGroup', ['Investigators']);
		await waitForShown(page, 'rooms', ['Interview Room A', 'Soft Room']);
		expect(sorted(await dropdownOptions(page, 'userGroup'))).toEqual(sorted(VALT_GROUPS));
		await closeDropdown(page);
		expect(sorted(await dropdownOptions(page, 'rooms'))).toEqual(sorted(VALT_ROOMS));

		// n8n logged in to VALT with the credential and listed groups and rooms with the token.
		const calls = requests('valt').map((r) => `${r.method} ${r.path}`);
		expect(calls).toEqual(
			expect.arrayContaining([
				'POST /api/v3/login',
				'GET /api/v3/admin/user_groups',
				'GET /api/v3/admin/rooms',
			]),
		);
		for (const r of requests('valt').filter((r) => r.path.startsWith('/api/v3/admin/'))) {
			expect(r.query.access_token).toEqual(expect.any(String));
		}

		await screenshot(page, path.join(SHOTS, 'ivs-valt-panel.png'));
		await closeNode(page);
	});

	test('the RCAMS panel renders; its districts multi-select lists the RCAMS districts', async () => {
		clear('rcams');
		await openNode(page, 'RCAMS');
		await expectPanelOf('RCAMS', credentials.rcamsApi.name);
		await expectLabels({ user: 'User', districts: 'District Names or IDs' });
		// The workflow holds district ids 1 and 3: the names came from RCAMS.
		await waitForShown(page, 'districts', [DISTRICTS[0], DISTRICTS[2]]);
		expect(sorted(await dropdownOptions(page, 'districts'))).toEqual(sorted(DISTRICTS));

		// n8n asked RCAMS (HTTP Basic with the credential's user) for its districts.
		const listed = requests('rcams').filter((r) => r.path === '/api/v2/district.php');
		expect(listed.length).toBeGreaterThanOrEqual(1);
		expect(listed[0].json).toMatchObject({ action: 'list' });
		const { username, password } = credentialData.rcamsApi;
		expect(listed[0].headers.authorization).toBe(
			`Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
		);

		await screenshot(page, path.join(SHOTS, 'rcams-panel.png'));
		await closeNode(page);
	});

	test('the nightly roster sync example draws every step', async () => {
		const nightly = JSON.parse(
			fs.readFileSync(path.join(ROOT, 'examples', 'nightly-roster-sync.json'), 'utf8'),
		);
		const { id } = await n8n.importWorkflow(nightly, { credentials });
		await openWorkflow(page, n8n, id);
		const nodes = nightly.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
		for (const node of nodes) await canvasNode(page, node.name).waitFor();
		await expect(page.getByTestId('node-issues').count()).resolves.toBe(0);
		await screenshot(page, path.join(SHOTS, 'nightly-sync.png'));
	});
});
