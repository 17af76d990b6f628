import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it): playwright-core downloads no browser. */
export const CHROMIUM = "/usr/bin/chromium";

/** Browser tests run where Chromium is installed, and always in CI (where its absence is a failure). */
export const browserAvailable = existsSync(CHROMIUM) || process.env.CI === "true";

export const ARTIFACTS = path.resolve("test/artifacts");

export interface Person {
  page: Page;
  context: BrowserContext;
  close(): Promise<void>;
}

let browser: Promise<Browser> | undefined;
let people = 0;

/**
 * A person at their own browser: a context of their own (cookies, storage, downloads), as a
 * fresh profile would be. The people of a test file share one Chromium process, launched for the
 * first and closed with the last: a launch costs about a second of CPU.
 */
export async function openBrowser(): Promise<Person> {
  people++;
  browser ??= chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const context = await (await browser).newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  return {
    page,
    context,
    async close() {
      await context.close();
      if (--people > 0) return;
      const closing = browser;
      browser = undefined;
      await (await closing)?.close();
    },
  };
}

/** Saves what the page shows under test/artifacts/ (ignored by git), for people to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}
