/**
 * Headless Chromium for editor tests: Debian's `chromium` package driven by playwright-core
 * (never a browser download). scripts/test-all.sh installs the package when it is missing;
 * without it the editor tests fail, they do not skip.
 *
 *   const browser = await launchChromium();
 *   const page = await browser.newPage();
 *   await signInToEditor(page, e2eState().url, e2eState().owner);
 *   …
 *   await browser.close();          // also removes the throwaway profile
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import type { BrowserContext, Page } from 'playwright-core';

const playwright: typeof import('playwright-core') = require('playwright-core');

/** Where Debian's package puts it; CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** The flags the project's n8n-runner notes verified for a headless editor session. */
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
];

export interface EditorBrowser {
	context: BrowserContext;
	newPage(): Promise<Page>;
	close(): Promise<void>;
}

/** Launches Chromium with a fresh profile (--user-data-dir); throws when it is not installed. */
export async function launchChromium({ width = 1400, height = 900 } = {}): Promise<EditorBrowser> {
	if (!fs.existsSync(CHROMIUM_PATH)) {
		throw new Error(
			`Chromium is not installed at ${CHROMIUM_PATH}. Run \`npm test\` (scripts/test-all.sh installs it) or ` +
				'`apt-get install -y chromium`; set CHROMIUM_PATH for another location.',
		);
	}
	// n8n's editor marks its elements with data-test-id.
	playwright.selectors.setTestIdAttribute('data-test-id');
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-chromium-'));
	let context: BrowserContext;
	try {
		// launchPersistentContext passes the profile as --user-data-dir.
		context = await playwright.chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM_PATH,
			headless: true,
			args: CHROMIUM_ARGS,
			viewport: { width, height },
			deviceScaleFactor: 1,
		});
	} catch (error) {
		fs.rmSync(profile, { recursive: true, force: true });
		throw error;
	}
	return {
		context,
		async newPage() {
			const [blank] = context.pages();
			return blank && blank.url() === 'about:blank' ? blank : await context.newPage();
		},
		async close() {
			await context.close().catch(() => undefined);
			fs.rmSync(profile, { recursive: true, force: true });
		},
	};
}

/** Signs in through the editor's own sign-in form and waits until it has left /signin. */
export async function signInToEditor(page: Page, baseUrl: string, owner: { email: string; password: string }): Promise<void> {
	await page.goto(`${baseUrl}/signin`);
	await page.locator('input#emailOrLdapLoginId').fill(owner.email);
	await page.locator('input#password').fill(owner.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30000 });
}

/**
 * Reads until the value passes `ok` or the time is up (30 s unless told); returns the last
 * value read, for the test's own assertion. For what the editor shows without an element to
 * wait on (a list's contents, a field's value) and for requests the sandbox receives.
 */
export async function settle<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, timeoutMs = 30000): Promise<T> {
	const end = Date.now() + timeoutMs;
	let value = await read();
	while (!ok(value) && Date.now() < end) {
		await new Promise((resolve) => setTimeout(resolve, 250));
		value = await read();
	}
	return value;
}
