'use strict';
/**
 * Headless Chromium (Debian's `chromium` package, no Playwright browser download) driven by
 * playwright-core, for the editor tests: launch, sign in, open a workflow and a node's panel,
 * read a parameter's dropdown, take screenshots.
 *
 * Selectors are n8n's own `data-test-id` attributes (the ones its Playwright suite uses):
 * canvas-node[data-node-name], ndv, ndv-close-button, parameter-item, parameter-input-<name>,
 * parameter-input-item (a dropdown option), collection-parameter-add, node-credentials-select.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium, selectors } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const VIEWPORT = { width: 1440, height: 900 };
// The network here is closed: without the background-networking flags Chromium floods it
// with refused connections (component updates, sync, field trials).
const FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

selectors.setTestIdAttribute('data-test-id');

const chromiumAvailable = () => fs.existsSync(CHROMIUM);

/** Launches Chromium with a fresh profile. Returns { page, close() }. */
async function launch() {
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'campus-safety-chromium-'));
	let context;
	try {
		context = await chromium.launchPersistentContext(userDataDir, {
			executablePath: CHROMIUM,
			headless: true,
			args: FLAGS,
			viewport: VIEWPORT,
		});
	} catch (error) {
		fs.rmSync(userDataDir, { recursive: true, force: true });
		throw error;
	}
	const page = context.pages()[0] ?? (await context.newPage());
	page.setDefaultTimeout(30_000);
	return {
		page,
		close: async () => {
			await context.close().catch(() => {});
			fs.rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
		},
	};
}

/** Signs in to the editor as the instance owner (the harness's `n8n.owner`). */
async function signIn(page, n8n) {
	await page.goto(`${n8n.baseUrl}/signin`);
	await page.getByTestId('emailOrLdapLoginId').locator('input').fill(n8n.owner.email);
	await page.getByTestId('password').locator('input').fill(n8n.owner.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

/** A node on the canvas, by its name. */
const canvasNode = (page, name) =>
	page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);

/** Opens a workflow on the canvas and waits until its nodes are drawn. */
async function openWorkflow(page, n8n, workflowId) {
	await page.goto(`${n8n.baseUrl}/workflow/${workflowId}`);
	await page.getByTestId('canvas-node').first().waitFor();
}

/** Opens a node's panel (NDV) by double-clicking it on the canvas. Returns the panel. */
async function openNode(page, name) {
	// Another panel left open (by a failed test) would cover the canvas.
	if (await page.getByTestId('ndv').isVisible()) await closeNode(page);
	await canvasNode(page, name).dblclick();
	const ndv = page.getByTestId('ndv');
	await ndv.waitFor();
	return ndv;
}

/** Closes the open node panel. */
async function closeNode(page) {
	if (await openDropdown(page).count()) await closeDropdown(page);
	await page.getByTestId('ndv-close-button').click();
	await page.getByTestId('ndv').waitFor({ state: 'hidden' });
}

/**
 * One parameter of the open panel (label, input, hint), by its name. Collections nest
 * parameter items, so the innermost item whose label is for `name` wins.
 */
const parameter = (page, name) =>
	page
		.getByTestId('ndv')
		.getByTestId('parameter-item')
		.filter({ has: page.locator(`label[for="${name}"]`) })
		.last();

/** The input of a parameter: a text box, a select, a multi-select… */
const parameterInput = (page, name) =>
	page.getByTestId('ndv').getByTestId(`parameter-input-${name}`);

/** The dropdown list that is open now. */
const openDropdown = (page) => page.locator('.el-select__popper:visible');

/** Waits until every dropdown has closed (they fade out). */
async function dropdownsClosed(page) {
	await page.waitForFunction(() =>
		[...document.querySelectorAll('.el-select__popper')].every(
			(popper) => !popper.checkVisibility(),
		),
	);
}

/** Adds an optional field to a collection ("Add Field" / "Add Option") by its display name. */
async function addCollectionField(page, collectionName, displayName) {
	await dropdownsClosed(page);
	await page
		.getByTestId('ndv')
		.getByTestId('parameter-item')
		.filter({ has: page.locator(`label[for="${collectionName}"]`) })
		.first()
		.getByTestId('collection-parameter-add')
		.click();
	await openDropdown(page).getByRole('option', { name: displayName, exact: true }).click();
	await dropdownsClosed(page);
}

/** Waits until no CSS transition or animation runs (dropdowns fade and slide in). */
async function settle(page) {
	await page.waitForFunction(() =>
		document.getAnimations().every((animation) => animation.playState !== 'running'),
	);
}

/**
 * Opens a select's (or multi-select's) dropdown and returns the option labels it lists, once
 * it lists at least one. n8n fills remote dropdowns (loadOptions) with a request through the
 * node's credential, so this fails (times out) when the list does not load.
 */
async function dropdownOptions(page, name, { timeoutMs = 30_000 } = {}) {
	await dropdownsClosed(page);
	// While loading, the select reads "Loading options..."; a failed load replaces it with
	// "Error fetching options from <node>" (and no dropdown to open).
	let shown;
	const deadline = Date.now() + timeoutMs;
	do {
		if (shown) await page.waitForTimeout(200);
		shown = await shownValues(page, name);
	} while (shown.some((value) => /^Loading options/.test(value)) && Date.now() < deadline);
	const failed = shown.find((value) => /^(Error|Loading)/.test(value));
	if (failed) throw new Error(`The "${name}" dropdown did not load: it shows "${failed}"`);
	const input = parameterInput(page, name);
	// Mid-panel, so the list opens below the field instead of over the fields above it.
	await input.evaluate((element) => element.scrollIntoView({ block: 'center' }));
	await input.locator('.el-select__caret').first().click();
	const options = openDropdown(page).getByRole('option');
	await options.first().waitFor({ timeout: timeoutMs });
	await settle(page);
	return options.locator('.option-headline').allInnerTexts();
}

/** Closes an open dropdown. */
async function closeDropdown(page) {
	await page.keyboard.press('Escape');
	await dropdownsClosed(page);
}

/** The labels a select shows now: a select's value, a multi-select's tags. */
async function shownValues(page, name) {
	const input = parameterInput(page, name);
	const tags = await input.locator('.el-select__tags-text, .el-tag__content').allInnerTexts();
	if (tags.length > 0) return [...new Set(tags.map((tag) => tag.trim()))];
	const values = await input.locator('input').evaluateAll((inputs) => inputs.map((el) => el.value));
	const selected = await input.locator('.el-select__selected-item:not(.is-hidden)').allInnerTexts();
	return [...values, ...selected].map((value) => value.trim()).filter((value) => value !== '');
}

/** Waits until a select shows `expected` (all of them), i.e. its labels were loaded. */
async function waitForShown(page, name, expected, { timeoutMs = 30_000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const shown = await shownValues(page, name);
		if (expected.every((label) => shown.includes(label))) return shown;
		if (Date.now() > deadline) {
			throw new Error(
				`"${name}" shows ${JSON.stringify(shown)}, expected ${JSON.stringify(expected)}`,
			);
		}
		await page.waitForTimeout(200);
	}
}

/** Saves a screenshot of the page (the viewport) once animations are over. */
async function screenshot(page, file) {
	await settle(page);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	await page.screenshot({ path: file });
}

module.exports = {
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
	openDropdown,
	dropdownsClosed,
	dropdownOptions,
	closeDropdown,
	shownValues,
	waitForShown,
	settle,
	screenshot,
};
