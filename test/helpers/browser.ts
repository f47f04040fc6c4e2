/**
 * A real browser for end-to-end tests: Debian's chromium driven by playwright-core. Nothing is ever
 * downloaded; CI installs chromium with apt (.ci/run). Every page records console errors, warnings,
 * uncaught exceptions and Content-Security-Policy violations so a test can fail on any of them.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Test helpers may read the environment: CHROMIUM_PATH points at another chromium build. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Set UPDATE_DOCS_SCREENSHOT=1 to refresh docs/dashboard.png (committed, shown in the README). */
export const UPDATE_DOCS_SCREENSHOT = process.env['UPDATE_DOCS_SCREENSHOT'] === '1';

const ARGS = [
  '--no-sandbox', // runs as root in containers
  '--disable-gpu',
  '--disable-dev-shm-usage', // small /dev/shm in containers
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium (never download a browser)`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
}

export interface ConsoleProblem {
  readonly kind: 'console.error' | 'console.warning' | 'pageerror' | 'csp-violation';
  readonly text: string;
}

export interface WatchedPage {
  readonly page: Page;
  /** Every console error or warning and uncaught exception seen so far. */
  readonly problems: ConsoleProblem[];
}

export async function openPage(
  browser: Browser,
  url: string,
  viewport = { width: 1440, height: 1100 },
  /** Runs before navigation, e.g. to watch the page's WebSocket frames from the first one, or to route them. */
  beforeLoad?: (page: Page) => void | Promise<void>,
): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, colorScheme: 'dark' });
  const page = await context.newPage();
  const problems: ConsoleProblem[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push({ kind: 'console.error', text: msg.text() });
    else if (msg.type() === 'warning') problems.push({ kind: 'console.warning', text: msg.text() });
  });
  page.on('pageerror', (err) => problems.push({ kind: 'pageerror', text: err.stack ?? err.message }));
  // Chromium also logs most violations to the console; the event names the directive and the source
  // even for those it does not (report-only, workers). Init scripts are not subject to the page's CSP.
  await page.exposeFunction('__reportCspViolation', (text: string) => void problems.push({ kind: 'csp-violation', text }));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation;
      report(`${e.effectiveDirective} refused ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  await beforeLoad?.(page);
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}
