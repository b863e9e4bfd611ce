/**
 * The OneRoster example in the real n8n editor, in headless Chromium: every node is drawn, none
 * has a parameter issue, and the canvas is saved as docs/screenshots/oneroster-sync.png.
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
		const { id } = await n8n.importWorkflow(example);
		await openWorkflow(page, n8n, id);
		const nodes = example.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
		for (const node of nodes) await canvasNode(page, node.name).waitFor();
		await expect(page.getByTestId('node-issues').count()).resolves.toBe(0);
		await screenshot(page, path.join(ROOT, 'docs', 'screenshots', 'oneroster-sync.png'));
	});
});
