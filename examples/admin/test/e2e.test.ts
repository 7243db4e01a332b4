/**
 * End to end, in sandbox mode: the real SDK, worker, Temporal and Postgres from the dev stack,
 * every platform, Telegram and Anthropic replaced by their fakes, driven through headless
 * Chromium. It signs up, configures the workspace, connects Bluesky with an app password,
 * composes a post with an AI caption that needs approval, approves it by pressing the button in
 * the Telegram fake, and waits for it to be published; then it screenshots the main pages into
 * `docs/screenshots/`.
 *
 * Runs whenever Chromium is installed (CI installs Debian's `chromium` and requires it);
 * skipped without it elsewhere.
 *
 * - `RELAYPOST_E2E_STACK`: a module specifier (package name or absolute path) whose module
 *   exports `startSandboxStack()` (see `SandboxStack` below). Default `@relaypost/worker`.
 * - `RELAYPOST_E2E_CHROMIUM`: the browser (default `/usr/bin/chromium`).
 * - `RELAYPOST_E2E_SCREENSHOTS`: where screenshots go (default: a temporary folder; set it to
 *   `docs/screenshots` to refresh the documentation's pictures).
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** What the test needs from `startSandboxStack()`. */
export interface SandboxStack {
  /** Where the admin app is served, e.g. `http://127.0.0.1:3000`. */
  adminUrl: string;
  telegramFake: {
    /**
     * Waits (up to `timeoutMs`, default 30 s) for a message to `chatId` with an inline button
     * whose text matches `button`, then delivers the callback query Telegram would send when
     * user `fromUserId` presses it.
     */
    pressButton(input: {
      chatId: number | string;
      button: string | RegExp;
      fromUserId: number;
      timeoutMs?: number;
    }): Promise<void>;
    /** What the bot sent (sendMessage, sendPhoto, edits), oldest first. */
    messages(chatId?: number | string): Array<{ chatId: number | string; text: string; buttons: string[] }>;
  };
  /** Credentials the Bluesky fake accepts; defaults below when absent. */
  bluesky?: { identifier: string; appPassword: string };
  stop(): Promise<void>;
}

const chromiumPath = process.env.RELAYPOST_E2E_CHROMIUM ?? '/usr/bin/chromium';
// CI sets RELAYPOST_E2E_REQUIRE=1: there a missing browser fails the test instead of skipping it.
const stackModule =
  existsSync(chromiumPath) || process.env.RELAYPOST_E2E_REQUIRE === '1'
    ? (process.env.RELAYPOST_E2E_STACK ?? '@relaypost/worker')
    : undefined;
const screenshotDir = process.env.RELAYPOST_E2E_SCREENSHOTS ?? join(tmpdir(), 'relaypost-e2e-screenshots');

const APPROVER = 4242;
const EMAIL = `e2e-${Date.now()}@example.com`;
const PASSWORD = 'e2e correct horse battery';
const WORKSPACE = 'Acme Launch Team';

// Types of the parts of playwright-core used here (it is imported at run time only).
type Page = import('playwright-core').Page;
type Browser = import('playwright-core').Browser;

describe.skipIf(!stackModule)('admin app end to end (sandbox stack, headless Chromium)', () => {
  let stack: SandboxStack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const mod = (await import(stackModule!)) as { startSandboxStack?: () => Promise<SandboxStack> };
    if (typeof mod.startSandboxStack !== 'function')
      throw new Error(`${stackModule} does not export startSandboxStack()`);
    stack = await mod.startSandboxStack();
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: 'Europe/Berlin',
      locale: 'en-GB',
    });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await mkdir(screenshotDir, { recursive: true });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  }, 120_000);

  const url = (path: string) => new URL(path, stack.adminUrl).toString();
  const shot = (name: string) => page.screenshot({ path: `${screenshotDir}/${name}.png`, fullPage: true });

  /** Reloads until the post's status badge says `status` (the worker runs asynchronously). */
  async function waitForStatus(status: string, timeoutMs = 120_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = (await page.locator('.title-row .status').first().textContent())?.trim();
      if (text === status) return;
      if (Date.now() > deadline) throw new Error(`post stayed "${text}", expected "${status}"`);
      await page.waitForTimeout(1000);
      await page.reload();
    }
  }

  it('takes a post from sign-up to published, approved on Telegram', async () => {
    try {
      await journey();
    } catch (error) {
      await shot('e2e-failure').catch(() => undefined);
      throw error;
    }
  }, 600_000);

  async function journey() {
    // Sign up.
    await page.goto(url('/sign-in'));
    await shot('sign-in');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Workspace name').fill(WORKSPACE);
    await page.getByLabel('Time zone').selectOption('Europe/Berlin');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/settings/);
    await expect(page.getByRole('heading', { name: 'Workspace settings' }).isVisible()).resolves.toBe(true);

    // Configure AI captions and Telegram approvals.
    await page.getByLabel(/Anthropic API key/).fill('sk-ant-sandbox-key');
    await page.getByLabel('Tone').fill('upbeat, concise');
    await page.getByRole('button', { name: 'Save AI settings' }).click();
    await page.waitForURL(/\/settings/);
    await page.getByLabel(/Bot token/).fill('123456:sandbox-bot-token');
    await page.getByLabel('Approver chats').fill(String(APPROVER));
    await page.getByLabel('Approver user ids').fill(String(APPROVER));
    await page.getByRole('button', { name: 'Save Telegram settings' }).click();
    await page.waitForURL(/\/settings/);
    expect(await page.content()).not.toContain('sk-ant-sandbox-key');
    await page.getByRole('button', { name: 'Send test message' }).click();
    await page.getByText(`chat ${APPROVER}: delivered`).waitFor();
    await page.waitForURL(/\/settings/);
    expect(stack.telegramFake.messages(APPROVER).some((m) => m.text.includes('RelayPost test message'))).toBe(
      true,
    );
    await shot('settings');

    // Connect Bluesky with an app password (the sandbox's Bluesky fake).
    const bluesky = stack.bluesky ?? {
      identifier: 'sandbox.bsky.social',
      appPassword: 'sand-box0-app0-pass',
    };
    await page.getByRole('link', { name: 'Accounts' }).click();
    await page.getByLabel('Handle or email').fill(bluesky.identifier);
    await page.getByLabel('App password').fill(bluesky.appPassword);
    await page.getByRole('button', { name: 'Connect Bluesky' }).click();
    await page.getByText(/^Connected @/).waitFor();
    await shot('accounts');

    // Compose: AI caption, approval required, publish as soon as approved.
    await page.getByRole('link', { name: 'Compose' }).click();
    await page.getByLabel(/Bluesky @/).check();
    await page
      .getByLabel('Text', { exact: true })
      .fill('RelayPost is live 🚀 Schedule once, publish everywhere: https://example.com/relaypost');
    // The live counter (POST /api/count) follows the typing.
    await expect
      .poll(() => page.locator('[data-counter-for]:not([hidden]) [data-count]').first().textContent())
      .not.toBe('0');
    await page.getByLabel('Generate the caption with AI').check();
    await page.getByLabel('Brief').fill('Announce our launch to developers');
    await page.getByLabel('As soon as possible (after approval, if required)').check();
    await page.getByLabel(/An approver must approve it/).check();
    await shot('composer');
    await page.getByRole('button', { name: 'Create post' }).click();
    await page.waitForURL(/\/posts\/[0-9a-f-]{36}$/);
    const postUrl = page.url();

    // The worker writes the caption, then asks the approver on Telegram.
    await waitForStatus('awaiting approval');
    await page.getByRole('link', { name: /Approvals/ }).click();
    await shot('approvals');
    await stack.telegramFake.pressButton({
      chatId: APPROVER,
      button: /approve/i,
      fromUserId: APPROVER,
      timeoutMs: 60_000,
    });

    // Published, with a link and the whole history.
    await page.goto(postUrl);
    await waitForStatus('published');
    await page.getByRole('link', { name: 'View on Bluesky' }).waitFor();
    const history = await page.locator('.timeline').textContent();
    expect(history).toMatch(/AI caption written/);
    expect(history).toMatch(/Approved[\s\S]*on Telegram/);
    expect(history).toMatch(/Published/);
    await shot('post-detail');

    // A second post, scheduled tomorrow at 09:00 Berlin time, for the calendar.
    await page.goto(url('/compose'));
    await page.getByLabel(/Bluesky @/).check();
    await page
      .getByLabel('Text', { exact: true })
      .fill('Tomorrow: a deep dive into exactly-once publishing.');
    await page.getByLabel('At a time').check();
    const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('sv-SE', {
      timeZone: 'Europe/Berlin',
    });
    await page.getByLabel(/Publish at/).fill(`${tomorrow}T09:00`);
    await page.getByLabel('Publish without approval').check();
    await page.getByRole('button', { name: 'Create post' }).click();
    await page.waitForURL(/\/posts\/[0-9a-f-]{36}$/);
    await waitForStatus('scheduled');
    expect(await page.locator('dl.facts').textContent()).toMatch(/09:00/);

    for (const [path, name] of [
      ['/posts', 'posts'],
      [`/calendar?month=${tomorrow.slice(0, 7)}`, 'calendar'],
      ['/analytics', 'analytics'],
      ['/data', 'data'],
    ] as const) {
      await page.goto(url(path));
      await shot(name);
    }
    expect(await page.locator('body').textContent()).toContain('Delete this workspace');
  }
});
