/** Headless Chromium (Debian's package) driven by playwright-core, for the editor tests. */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium floods this closed network with requests.
const FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

const chromiumAvailable = () => fs.existsSync(CHROMIUM);

async function launch() {
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'campus-safety-chromium-'));
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: CHROMIUM,
		headless: true,
		args: FLAGS,
		viewport: { width: 1440, height: 900 },
	});
	return {
		context,
		page: context.pages()[0] ?? (await context.newPage()),
		close: async () => {
			await context.close();
			fs.rmSync(userDataDir, { recursive: true, force: true });
		},
	};
}

/** Signs in to the n8n editor as the instance owner. */
async function signIn(page, n8n) {
	await page.goto(`${n8n.baseUrl}/signin`);
	await page.fill('#emailOrLdapLoginId', n8n.owner.email);
	await page.fill('#password', n8n.owner.password);
	await page.click('[data-test-id="form-submit-button"]');
	await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 30_000 });
}

/** Opens a workflow on the canvas and waits for its nodes. */
async function openWorkflow(page, n8n, workflowId) {
	await page.goto(`${n8n.baseUrl}/workflow/${workflowId}`);
	await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 30_000 });
}

/** Opens one node's panel (n8n routes /workflow/<id>/<nodeId> to it). */
async function openNode(page, n8n, workflowId, nodeId) {
	await page.goto(`${n8n.baseUrl}/workflow/${workflowId}/${nodeId}`);
	await page.waitForSelector('[data-test-id="ndv"]', { timeout: 30_000 });
}

/** A parameter of the open node panel, found by its name (its label's `for`); innermost wins. */
const parameter = (page, name) =>
	page
		.locator('[data-test-id="ndv"] [data-test-id="parameter-item"]', {
			has: page.locator(`label[for="${name}"]`),
		})
		.last();

module.exports = { chromiumAvailable, launch, signIn, openWorkflow, openNode, parameter };
