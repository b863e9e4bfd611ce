/**
 * The OneRoster example in the real n8n editor, in headless Chromium: every node is drawn, none
 * has a parameter issue, and the canvas is saved as docs/screenshots/oneroster-sync.png; then its
 * published form is filled in as an admin would, and its answer saved as oneroster-form.png.
 */
const fs = require('node:fs');
const path = require('node:path');
const { startN8nInstance, BOOT_TIMEOUT_MS } = require('./n8n-instance');
const {
	CHROMIUM,
	chromiumAvailable,
	launch,
	signIn,
	canvasNode,
	openWorkflow,
	screenshot,
} = require('./browser');

const ROOT = path.join(__dirname, '..', '..');
const example = JSON.parse(
	fs.readFileSync(path.join(ROOT, 'examples', 'oneroster-nightly-sync.json'), 'utf8'),
);

const runs = chromiumAvailable() || Boolean(process.env.CI);
const suite = runs
	? describe
	: (title, fn) =>
			describe.skip(`${title} [skipped: no Chromium at ${CHROMIUM}; apt-get install chromium]`, fn);

suite('the OneRoster example in the n8n editor (headless Chromium)', () => {
	let n8n;
	let browser;
	let workflowId;

	beforeAll(async () => {
		browser = await launch();
		n8n = await startN8nInstance();
		await n8n.createSandboxCredentials();
		await signIn(browser.page, n8n);
	}, BOOT_TIMEOUT_MS);

	afterAll(async () => {
		await browser?.close();
		await n8n?.stop();
	}, 60_000);

	test('draws every step of the nightly sync and the one-person form, with no node issue', async () => {
		const { page } = browser;
		// Wide: the nightly path and the form path side by side, readable.
		await page.setViewportSize({ width: 2400, height: 1200 });
		workflowId = (await n8n.importWorkflow(example)).id;
		await openWorkflow(page, n8n, workflowId);
		const nodes = example.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
		for (const node of nodes) await canvasNode(page, node.name).waitFor();
		await expect(page.getByTestId('node-issues').count()).resolves.toBe(0);
		await screenshot(page, path.join(ROOT, 'docs', 'screenshots', 'oneroster-sync.png'));
	});

	test('the published form syncs the person an admin types and shows what each system did', async () => {
		const { page } = browser;
		await n8n.client.activateWorkflow(workflowId);
		// n8n registers the form's URL a moment after activation: 404 until then.
		const formUrl = `${n8n.baseUrl}/form/sync-one-person`;
		for (let tries = 0; (await fetch(formUrl)).status === 404 && tries < 100; tries++) {
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
		await page.setViewportSize({ width: 700, height: 220 });
		await page.goto(formUrl);
		await page.locator('#field-0').fill('zoe.fernandez@school.edu');
		await page.locator('#submit-btn').click();
		const answer = page.locator('#submitted-content');
		await answer.getByText('RCAMS (S1003): created').waitFor({ timeout: 60_000 });
		await expect(answer.innerText()).resolves.toBe(
			['OPSCOM (S1003): created', 'IVS VALT (S1003): created', 'RCAMS (S1003): created'].join('\n'),
		);
		const profiles = n8n.sandbox.opscom.api.snapshot().profiles;
		expect(profiles.map((profile) => profile.unique_id)).toEqual(['S1003']);
		await screenshot(page, path.join(ROOT, 'docs', 'screenshots', 'oneroster-form.png'));
	});
});
