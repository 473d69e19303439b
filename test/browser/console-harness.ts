import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildConsoleIfStale } from '../../bin/build.js';
import { DEMO_PASSWORD } from '../../src/demo/index.js';
import { startDemoHub, type DemoHub } from '../support/demo-hub.js';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(import.meta.dirname, '../..');
/** Every page the tests visit is saved here (git-ignored), to be looked at as a user would. */
export const SHOTS = path.join(ROOT, 'test-results', 'console');

const CHROMIUM_CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
  Boolean,
) as string[];

/**
 * Debian's Chromium (the npm registry's browser download does not work on these
 * machines). Installed here when missing, as root can; otherwise the test stops with the
 * one command to run.
 */
export function ensureChromium(): string {
  const found = CHROMIUM_CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  if (isRoot) {
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
      stdio: 'inherit',
      timeout: 600_000,
    });
    const after = CHROMIUM_CANDIDATES.find((p) => existsSync(p));
    if (after) return after;
  }
  throw new Error("The console's browser tests need Chromium. Install it with: sudo apt-get install -y chromium");
}

/** Builds the console when web/dist is missing or older than its sources, as `npm start` does. */
export function ensureConsoleBuilt(): void {
  buildConsoleIfStale();
}

export interface ConsoleHarness {
  hub: DemoHub;
  /** The console's origin, e.g. http://127.0.0.1:PORT */
  origin: string;
  browser: Browser;
  /** A fresh browser profile (cookies of its own), as a second person at another desk. */
  person(): Promise<{ context: BrowserContext; page: Page }>;
  signIn(page: Page, username: string, next?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startConsoleHarness(
  opts: { records?: number; env?: Record<string, string> } = {},
): Promise<ConsoleHarness> {
  // The browser project's global setup has installed Chromium and built the console.
  const executablePath = ensureChromium();
  const hub = await startDemoHub({
    records: opts.records ?? 20_000,
    seed: 7,
    referenceDate: '2026-11-22',
    env: opts.env,
  });
  const origin = new URL(hub.t.hub.url).origin;
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  mkdirSync(SHOTS, { recursive: true });
  const contexts: BrowserContext[] = [];
  return {
    hub,
    origin,
    browser,
    async person() {
      const context = await browser.newContext({
        baseURL: origin,
        viewport: { width: 1280, height: 900 },
        acceptDownloads: true,
        locale: 'en-GB',
        timezoneId: 'Europe/London',
      });
      contexts.push(context);
      return { context, page: await context.newPage() };
    },
    async signIn(page, username, next) {
      await page.goto(next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in');
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await hub.pool.end().catch(() => undefined);
      await hub.t.close();
    },
  };
}

let axeSource: string | undefined;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Scans the page with axe-core for WCAG 2.2 A/AA; returns the serious and critical violations, described. */
export async function accessibilityProblems(page: Page, opts: { exclude?: string[] } = {}): Promise<string[]> {
  // Evaluated through the browser's debugging protocol: the console's CSP (rightly) refuses injected script tags.
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async (exclude) => {
    const axe = (
      window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const r = await axe.run(exclude.length ? { include: [['html']], exclude: exclude.map((e) => [e]) } : document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  }, opts.exclude ?? []);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} at ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    );
}

/** Saves a full-page screenshot under test-results/console/NAME.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}
