import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Role } from '../../shared/roles';
import { startStack, TEST_PASSWORD } from './stack';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The built dashboard the test server serves. */
export const CLIENT_DIR = `${ROOT}dist/client`;

/** The system Chromium (Debian package), never a downloaded one. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with apt-get update && apt-get install -y chromium`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** `npm test` builds the client first; a direct `vitest run test/browser` builds it only when it is missing. */
export async function ensureClientBuilt(): Promise<void> {
  if (existsSync(`${CLIENT_DIR}/index.html`)) return;
  // Test files run in parallel workers: one builds, the others wait, so no build empties the
  // output directory under a server that is already using it.
  const lock = `${ROOT}dist/.client-build.lock`;
  mkdirSync(`${ROOT}dist`, { recursive: true });
  try {
    mkdirSync(lock);
  } catch {
    for (let waited = 0; existsSync(lock); waited += 200) {
      if (waited > 120_000) throw new Error(`${lock} is still there after 2 minutes: remove it if no build is running`);
      await sleep(200);
    }
    return;
  }
  try {
    const { build } = await import('vite');
    await build({ configFile: `${ROOT}vite.config.ts`, root: `${ROOT}client`, logLevel: 'warn' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * A page on the app at `baseUrl`, as a French desktop user sees it, signed in as `person` (through
 * the sign-in API: the session cookie lands in the browser context), or signed out when `person` is
 * null. Uncaught page errors and Content-Security-Policy violations are collected so a test can
 * assert there were none.
 */
export async function openPage(
  browser: Browser,
  baseUrl: string,
  person: { email: string; password: string } | null,
): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  if (person) {
    // State-changing API calls must prove they come from the dashboard's own origin.
    const signIn = await context.request.post('/api/auth/login', { data: person, headers: { origin: baseUrl } });
    if (!signIn.ok()) throw new Error(`sign-in as ${person.email} failed: HTTP ${signIn.status()} ${await signIn.text()}`);
  }
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) errors.push(message.text());
  });
  return { page, errors, close: () => context.close() };
}

/** `1 234,56 €` (fr-FR) → 123456 cents; throws when the text is not a French-formatted amount. */
export function parseFrenchMoney(text: string): number {
  const t = text.trim();
  const m = /^(-?)(\d{1,3}(?:[\u202f\u00a0 ]\d{3})*),(\d{2})[\u00a0 ]€$/.exec(t);
  if (!m) throw new Error(`not a French euro amount: "${t}"`);
  return (m[1] ? -1 : 1) * Number(m[2]!.replace(/\D/g, '') + m[3]);
}

/** `1 234` (fr-FR, thin or no-break space as thousands separator) → 1234; throws on anything else. */
export function parseFrenchCount(text: string): number {
  const t = text.trim();
  if (!/^-?\d{1,3}(?:[\u202f\u00a0 ]\d{3})*$/.test(t)) throw new Error(`not a French-formatted count: "${t}"`);
  return Number(t.replace(/[^\d-]/g, ''));
}

/**
 * Drops a file on an element the way a person does from the desktop: dragenter, dragover and drop
 * events carrying a DataTransfer that holds the file.
 */
export async function dropFile(page: Page, selector: string, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ name, mimeType, base64 }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], name, { type: mimeType }));
      return data;
    },
    { name: file.name, mimeType: file.mimeType, base64: file.buffer.toString('base64') },
  );
  for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent(selector, type, { dataTransfer: transfer });
  await transfer.dispose();
}

export interface BrowserStack {
  stack: Awaited<ReturnType<typeof startStack>>;
  browser: Browser;
  /** A new browser context signed in as the seeded person of that role (or as that person), or signed out with null. */
  open(who: Role | { email: string; password: string } | null): Promise<{ page: Page; errors: string[]; close(): Promise<void> }>;
  close(): Promise<void>;
}

/** The real server serving the built dashboard, the PSP sandbox, and Chromium; closes all it opened. */
export async function startBrowserStack(): Promise<BrowserStack> {
  await ensureClientBuilt();
  const stack = await startStack({ clientDir: CLIENT_DIR });
  const browser = await launchBrowser();
  const tabs: { close(): Promise<void> }[] = [];
  return {
    stack,
    browser,
    async open(who) {
      const person = typeof who === 'string' ? { email: stack.people.users[who].email, password: TEST_PASSWORD } : who;
      const tab = await openPage(browser, stack.server.url, person);
      tabs.push(tab);
      return tab;
    },
    async close() {
      for (const tab of tabs) await tab.close().catch(() => undefined);
      await browser.close();
      await stack.close();
    },
  };
}
