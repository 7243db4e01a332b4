/**
 * End to end, in sandbox mode: the real SDK, worker, Temporal and Postgres from the dev stack,
 * every platform, Telegram and Anthropic replaced by their fakes, driven through headless
 * Chromium (playwright-core with the machine's Chromium). The journey: form errors, sign-up,
 * settings, connecting accounts, composing with media and an AI caption, approving on Telegram,
 * published with its history, rescheduling by drag on the calendar, editing, a draft,
 * disconnecting, analytics, export, the composer at 390 px, and deleting the account. The run
 * writes the screenshots in `docs/screenshots/` when `RELAYPOST_E2E_SCREENSHOTS` names it.
 *
 * - `RELAYPOST_E2E_STACK`: module exporting `startSandboxStack()` (default `@relaypost/worker`).
 * - `RELAYPOST_E2E_CHROMIUM`: the browser (default `/usr/bin/chromium`).
 * - `RELAYPOST_E2E_REQUIRE=1` (CI): a missing browser fails the test instead of skipping it.
 * - `RELAYPOST_E2E_SCREENSHOTS`: where screenshots go (default: a temporary folder).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyWebhookSignature } from '@relaypost/sdk';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** What the test needs from `startSandboxStack()`. */
interface SandboxStack {
  adminUrl: string;
  telegramFake: {
    pressButton(input: {
      chatId: number | string;
      button: string | RegExp;
      fromUserId: number;
      timeoutMs?: number;
    }): Promise<void>;
    messages(chatId?: number | string): Array<{ chatId: number | string; text: string; buttons: string[] }>;
  };
  bluesky: { identifier: string; appPassword: string };
  stop(): Promise<void>;
}

const chromiumPath = process.env.RELAYPOST_E2E_CHROMIUM ?? '/usr/bin/chromium';
const required = process.env.RELAYPOST_E2E_REQUIRE === '1';
const run = required || existsSync(chromiumPath);
const screenshotDir = process.env.RELAYPOST_E2E_SCREENSHOTS ?? join(tmpdir(), 'relaypost-e2e-screenshots');

const APPROVER = 4242;
const NAME = 'Ada Admin';
const EMAIL = `e2e-${Date.now()}@example.com`;
const PASSWORD = 'e2e correct horse battery';
const WORKSPACE = 'Acme Launch Team';
const ZONE = 'Europe/Berlin';
const WEBHOOK_SECRET = 'e2e-webhook-signing-secret';

type Page = import('playwright-core').Page;
type Browser = import('playwright-core').Browser;

describe.runIf(run)('admin app end to end (sandbox stack, headless Chromium)', () => {
  let stack: SandboxStack;
  let browser: Browser;
  let page: Page;
  const browserErrors: string[] = [];
  // The workspace's webhook points here, on loopback: the test checks the signed deliveries.
  let webhook: Server;
  let webhookUrl: string;
  const deliveries: Array<{ type: string; verified: boolean }> = [];

  beforeAll(async () => {
    // Checked first, so CI fails with this sentence rather than a launch error deep in Playwright.
    if (!existsSync(chromiumPath))
      throw new Error(
        `RELAYPOST_E2E_REQUIRE=1 but there is no browser at ${chromiumPath} (apt-get install chromium)`,
      );
    const name = process.env.RELAYPOST_E2E_STACK ?? '@relaypost/worker';
    const mod = (await import(name)) as { startSandboxStack?: () => Promise<SandboxStack> };
    if (typeof mod.startSandboxStack !== 'function')
      throw new Error(`${name} does not export startSandboxStack()`);
    stack = await mod.startSandboxStack();
    webhook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const header = req.headers['x-relaypost-signature'];
        deliveries.push({
          type: (JSON.parse(body) as { type: string }).type,
          verified: verifyWebhookSignature({ secret: WEBHOOK_SECRET, header: String(header ?? ''), body }),
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/relaypost`;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: 'America/New_York', // not the workspace's zone: the app must show the workspace's
      locale: 'en-GB',
      acceptDownloads: true,
    });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    // What went wrong in the browser is part of the failure report.
    page.on('pageerror', (error) => browserErrors.push(error.stack ?? error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') browserErrors.push(message.text());
    });
    await mkdir(screenshotDir, { recursive: true });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    webhook?.close();
  }, 120_000);

  const url = (path: string) => new URL(path, stack.adminUrl).toString();
  const shot = async (name: string) => {
    // The viewport is stretched to the page instead of a full-page capture: the app's header is
    // fixed, and a full-page capture draws it in the middle of the picture.
    const viewport = page.viewportSize()!;
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({
      width: viewport.width,
      height: Math.min(Math.max(height, viewport.height), 4000),
    });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
    await page.setViewportSize(viewport);
  };
  const status = () => page.locator('.title-row .status').first();

  /** The post page refreshes itself while the post moves; waits for the badge to say `wanted`. */
  async function waitForStatus(wanted: string, timeoutMs = 120_000) {
    await expect
      .poll(async () => (await status().textContent())?.trim(), { timeout: timeoutMs, interval: 1000 })
      .toBe(wanted);
  }

  async function pickTimeZone(zone: string) {
    await page.getByRole('combobox', { name: 'Time zone' }).fill(zone);
    await page.getByRole('option', { name: zone, exact: true }).click();
  }

  it('takes a user from sign-up to a published post and out again', async () => {
    try {
      await journey();
    } catch (error) {
      await shot('e2e-failure').catch(() => undefined);
      if (browserErrors.length)
        console.error(`errors in the browser (${page.url()}):\n${browserErrors.join('\n')}`);
      throw error;
    }
  }, 900_000);

  const started = Date.now();
  /** Prints how long the journey took to reach each step (the report's e2e time). */
  const mark = (step: string) =>
    console.log(`e2e ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s  ${step}`);

  async function journey() {
    mark('Sign up');
    // --- Sign up, with the form's errors first; visible focus for keyboard users.
    await page.goto(url('/'));
    await page.waitForURL(/\/sign-in$/);
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el && el !== document.body ? getComputedStyle(el).outlineStyle : 'none';
    });
    expect(outline).not.toBe('none');
    await shot('sign-in');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel(/^Password/).fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Enter your name: approvers and the history show it.').waitFor();
    await page.getByText('Use at least 10 characters.').waitFor();
    await page.getByLabel('Your name').fill(NAME);
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByLabel('Workspace name').fill(WORKSPACE);
    await pickTimeZone(ZONE);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/settings$/);
    await page.getByRole('heading', { name: 'Workspace settings' }).waitFor();

    mark('Settings');
    // --- Settings: errors next to the field, in words; then AI, Telegram with a test message.
    const telegram = page.locator('section', {
      has: page.getByRole('heading', { name: 'Telegram approvals' }),
    });
    await telegram.getByLabel(/Bot token/).fill('123456:sandbox-bot-token');
    await telegram.getByLabel('Approver chats').fill('not a chat');
    await telegram.getByLabel('Approver user ids').fill(String(APPROVER));
    await telegram.getByRole('button', { name: 'Save Telegram settings' }).click();
    await telegram.getByText('“not” is not a chat: use a numeric chat id').waitFor();
    expect(await page.content()).not.toMatch(/approverChatIds\.\d/);
    await telegram.getByLabel('Approver chats').fill(String(APPROVER));
    await telegram.getByRole('button', { name: 'Save Telegram settings' }).click();
    await telegram.getByText('Saved.').waitFor();
    await telegram.getByRole('button', { name: 'Send test message' }).click();
    await telegram.getByText(`chat ${APPROVER}: delivered`).waitFor();
    expect(stack.telegramFake.messages(APPROVER).some((m) => m.text.includes('RelayPost test message'))).toBe(
      true,
    );

    const ai = page.locator('section', { has: page.getByRole('heading', { name: 'AI captions' }) });
    // The SDK checks a key with Anthropic when it is saved; the sandbox's fake takes only its own.
    await ai.getByLabel(/Anthropic API key/).fill('sk-ant-not-the-sandbox-key');
    await ai.getByRole('button', { name: 'Save AI settings' }).click();
    await ai.getByText(/^Anthropic refused this key .*Nothing was saved\.$/).waitFor();
    const keyField = ai.getByLabel(/Anthropic API key/);
    await expect(keyField.getAttribute('aria-invalid')).resolves.toBe('true');
    // Screen readers hear the error with the field: it is the input's description.
    const described = await keyField.evaluate((input) =>
      (input.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
    expect(described).toMatch(/Anthropic refused this key/);
    await ai.getByText('not set', { exact: true }).waitFor();
    expect(await page.content()).not.toMatch(/ai\.anthropicApiKey/);
    await ai.getByLabel(/Anthropic API key/).fill('sk-ant-sandbox-key');
    await ai.getByLabel('Tone').fill('upbeat, concise');
    await ai.getByLabel('Brand-voice samples').fill('We ship on Fridays.\n---\nSmall tools, sharp edges.');
    await ai.getByRole('button', { name: 'Save AI settings' }).click();
    await ai.getByText('Saved.').waitFor();
    await ai.getByText('set', { exact: true }).waitFor();
    expect(await page.content()).not.toContain('sk-ant-sandbox-key');

    const hook = page.locator('section', { has: page.getByRole('heading', { name: 'Webhook' }) });
    // Refused by the SDK's schema (plain http only for loopback): nothing is sent anywhere.
    await hook.getByLabel('Webhook URL').fill('http://example.com/hook');
    await hook.getByRole('button', { name: 'Save webhook' }).click();
    await hook.getByText('Enter a full https address').waitFor();
    await hook.getByLabel('Webhook URL').fill(webhookUrl);
    await hook.getByLabel(/Signing secret/).fill(WEBHOOK_SECRET);
    await hook.getByRole('button', { name: 'Save webhook' }).click();
    await hook.getByText('Saved.').waitFor();
    await shot('settings');

    mark('Accounts');
    // --- Accounts: Bluesky with an app password, X and Instagram through (fake) OAuth.
    await page.getByRole('link', { name: 'Accounts' }).click();
    await page.getByRole('heading', { name: 'Connected accounts' }).waitFor();
    await page.getByLabel('App password').fill('wrong-pass-word-0000');
    await page.getByLabel('Handle or email').fill(stack.bluesky.identifier);
    await page.getByRole('button', { name: 'Connect Bluesky' }).click();
    await page.getByText(/Bluesky refused the sign-in/).waitFor();
    await page.getByLabel('App password').fill(stack.bluesky.appPassword);
    await page.getByRole('button', { name: 'Connect Bluesky' }).click();
    await page.getByText(`Connected @${stack.bluesky.identifier}.`).waitFor();
    for (const platform of ['X', 'Instagram']) {
      await page.goto(url('/accounts'));
      await page.getByRole('button', { name: `Connect ${platform}` }).click();
      await page.waitForURL(/\/accounts\?connected=/);
      await page.getByText(/^Connected @/).waitFor();
    }
    const table = await page.locator('table').first().textContent();
    expect(table).not.toContain('@@');
    expect(table).toMatch(/expires in|does not expire/);
    await shot('accounts');
    // Reconnect an OAuth account: the same account comes back, updated in place.
    await page.goto(url('/accounts'));
    await page
      .locator('tr', { hasText: 'relaypost_test' })
      .first()
      .getByRole('button', { name: 'Reconnect' })
      .click();
    await page.waitForURL(/\/accounts\?connected=/);
    await page.getByText(/^Connected @/).waitFor();

    mark('Compose');
    // --- Compose: two platforms, an uploaded PNG (converted to JPEG for Instagram), AI caption, approval.
    await page.getByRole('link', { name: 'Compose' }).click();
    await page.getByRole('heading', { name: 'Compose a post' }).waitFor();
    await page.getByRole('checkbox', { name: /^Bluesky @/ }).check();
    await page.getByRole('checkbox', { name: /^Instagram @/ }).check();
    await page
      .getByLabel('Text', { exact: true })
      .fill('RelayPost is live 🚀 Schedule once, publish everywhere: https://example.com/relaypost');
    await expect
      .poll(() => page.locator('[data-counter-for] [data-count]').first().textContent())
      .not.toBe('0');
    const png = await sharp({ create: { width: 1200, height: 630, channels: 3, background: '#4c6ef5' } })
      .png()
      .toBuffer();
    await page.getByRole('button', { name: 'Media library' }).click();
    await page
      .locator('.mantine-Modal-content input[type=file]')
      .setInputFiles({ name: 'launch.png', mimeType: 'image/png', buffer: png });
    await page.getByLabel('Alt text').fill('A blue launch banner');
    await page.getByRole('button', { name: 'Upload and add' }).click();
    await page.getByText(/launch\.png was converted to JPEG: Instagram takes only JPEG/).waitFor();
    await page
      .getByRole('article', { name: 'Preview on Instagram' })
      .getByRole('img', { name: 'A blue launch banner' })
      .waitFor();
    await page.getByLabel('Generate the caption with AI').check();
    await page.getByLabel('Brief').fill('Announce our launch to developers');
    await page.getByLabel('As soon as possible (after approval, if required)').check();
    await page.getByLabel(/An approver must approve it/).check();
    await shot('composer');
    await page.getByRole('button', { name: 'Create post' }).click();
    await page.waitForURL(/\/posts\/[0-9a-f-]{36}\?created=1/);
    const postUrl = page.url().split('?')[0]!;

    mark('The worker writes the caption and asks the approver; the que');
    // --- The worker writes the caption and asks the approver; the queue shows each platform's caption.
    await waitForStatus('awaiting approval');
    await page.getByRole('link', { name: /Approvals/ }).click();
    await page.getByRole('heading', { name: 'Approval queue' }).waitFor();
    const queued = page.getByRole('list', { name: 'Waiting for approval' }).getByRole('listitem');
    await expect.poll(() => queued.count()).toBe(1);
    await queued.first().getByLabel('Caption for Instagram').waitFor();
    await shot('approvals');
    await stack.telegramFake.pressButton({
      chatId: APPROVER,
      button: /approve/i,
      fromUserId: APPROVER,
      timeoutMs: 60_000,
    });
    await page.reload();
    await page.getByText('Nothing is waiting for approval.').waitFor();

    mark('Published');
    // --- Published, with links and the whole history in the workspace's zone.
    await page.goto(postUrl);
    await waitForStatus('published');
    await page.getByRole('link', { name: 'View on Bluesky' }).waitFor();
    await page.getByRole('link', { name: 'View on Instagram' }).waitFor();
    const history = (await page.locator('.timeline').textContent()) ?? '';
    expect(history).toMatch(/AI caption written/);
    expect(history).toMatch(/Approved by .* on Telegram/);
    expect(history.indexOf(`Created by ${NAME}`)).toBeLessThan(history.lastIndexOf('Published'));
    expect(history).not.toMatch(/through the API/);
    await expect(page.getByRole('heading', { name: `History (${ZONE})` }).isVisible()).resolves.toBe(true);
    await shot('post-detail');
    await expect.poll(() => deliveries.find((d) => d.type === 'post.published')?.verified).toBe(true);

    mark('A second post tomorrow at 09');
    // --- A second post tomorrow at 09:00 Berlin time, moved a day later by drag on the calendar.
    const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('sv-SE', { timeZone: ZONE });
    await page.goto(url(`/compose?at=${tomorrow}T09:00`));
    await page.getByRole('checkbox', { name: /^Bluesky @/ }).check();
    await page.getByRole('checkbox', { name: /^X @/ }).check();
    await page
      .getByLabel('Text', { exact: true })
      .fill('Tomorrow: a deep dive into exactly-once publishing.');
    await expect(page.getByLabel(`Publish at (${ZONE})`).inputValue()).resolves.toBe(`${tomorrow}T09:00`);
    await page.getByRole('button', { name: 'Create post' }).click();
    await page.waitForURL(/\/posts\/[0-9a-f-]{36}\?created=1/);
    const secondUrl = page.url().split('?')[0]!;
    await waitForStatus('scheduled');
    expect(await page.locator('.facts').textContent()).toMatch(/09:00/);

    await page.goto(url(`/calendar?date=${tomorrow}`));
    const event = page.locator('.fc-event', { hasText: 'exactly-once' });
    await event.waitFor();
    await page.locator('.fc-event', { hasText: 'RelayPost is live' }).waitFor();
    const dayAfter = new Date(Date.parse(`${tomorrow}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    let target = page.locator(`.fc-daygrid-day[data-date="${dayAfter}"]`);
    if (!(await target.count())) {
      await page.getByRole('button', { name: 'Next month' }).click();
      target = page.locator(`.fc-daygrid-day[data-date="${dayAfter}"]`);
    }
    await shot('calendar');
    const from = (await event.boundingBox())!;
    const to = (await target.boundingBox())!;
    await page.mouse.move(from.x + 10, from.y + from.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++)
      await page.mouse.move(
        from.x + 10 + ((to.x + 30 - from.x - 10) * i) / 10,
        from.y + ((to.y + to.height / 2 - from.y) * i) / 10,
      );
    await page.mouse.up();
    await page.getByText(/Rescheduled to .* 09:00 \(Europe\/Berlin\)/).waitFor();
    await page.getByRole('button', { name: 'Week' }).click();
    await page.locator('.fc-timegrid').waitFor();
    await shot('calendar-week');
    // Platform icons on each post, filters, and a click on a free day to compose there.
    await page.goto(url(`/calendar?date=${dayAfter}`));
    const moved = page.locator('.fc-event', { hasText: 'exactly-once' });
    await moved.getByRole('img', { name: 'Bluesky' }).waitFor();
    await moved.getByRole('img', { name: 'X' }).waitFor();
    await page.getByLabel('Platform').selectOption('instagram');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/platform=instagram/);
    await page.locator('.fc-daygrid-day').first().waitFor();
    await expect.poll(() => page.locator('.fc-event', { hasText: 'exactly-once' }).count()).toBe(0);
    const free = new Date(Date.parse(`${dayAfter}T12:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);
    await page.goto(url(`/calendar?date=${free}`));
    await page
      .locator(`.fc-daygrid-day[data-date="${free}"] .fc-daygrid-day-frame`)
      .click({ position: { x: 60, y: 70 } });
    await page.waitForURL(/\/compose\?at=/);
    await expect(page.getByLabel(`Publish at (${ZONE})`).inputValue()).resolves.toBe(`${free}T09:00`);

    mark('Reject in the queue');
    // --- Reject in the queue, with a reason: the queue empties and the post says why.
    await page.getByRole('checkbox', { name: /^Bluesky @/ }).check();
    await page.getByLabel('Text', { exact: true }).fill('Needs a second look.');
    await page.getByLabel(/An approver must approve it/).check();
    await page.getByRole('button', { name: 'Create post' }).click();
    await page.waitForURL(/\/posts\/[0-9a-f-]{36}\?created=1/);
    const thirdUrl = page.url().split('?')[0]!;
    await waitForStatus('awaiting approval');
    mark('third post awaiting approval');
    await page.goto(url('/approvals'));
    const item = page.getByRole('list', { name: 'Waiting for approval' }).getByRole('listitem');
    await expect.poll(() => item.count()).toBe(1);
    await item.getByLabel('Reason for rejecting').fill('Off-brand wording');
    await item.getByRole('button', { name: /^Reject/ }).click();
    await page.getByText('Nothing is waiting for approval.').waitFor();
    mark('rejected in the queue');
    await page.goto(thirdUrl);
    await waitForStatus('rejected');
    await page.getByText('Off-brand wording').first().waitFor();
    expect(await page.locator('.timeline').textContent()).toMatch(new RegExp(`Rejected by ${NAME}`));
    // A rejected post's targets are cancelled when it ends, and the page says why.
    const rejectedTarget = page.getByRole('article', { name: 'Bluesky target' });
    await expect(rejectedTarget.locator('.status').textContent()).resolves.toBe('cancelled');
    await rejectedTarget.getByText('Not published: the post was rejected.').waitFor();

    mark('Edit it');
    // --- Edit it: new text, one target fewer, the uploaded image added from the library.
    await page.goto(secondUrl);
    expect(await page.locator('.facts').textContent()).toContain(
      new Date(`${dayAfter}T12:00:00Z`).toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'short',
        timeZone: 'UTC',
      }),
    );
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.waitForURL(/\/compose\?edit=/);
    await page.getByRole('checkbox', { name: /^X @/ }).uncheck();
    await page.getByLabel('Text', { exact: true }).fill('Tomorrow: exactly-once publishing, explained.');
    await page.getByRole('button', { name: 'Media library' }).click();
    await page
      .getByRole('button', { name: /^Add image\/jpeg/ })
      .first()
      .click();
    // The alt text, corrected after upload (media.update): the previews take the new one.
    await page.getByRole('button', { name: 'Media library' }).click();
    const library = page.locator('.mantine-Modal-content');
    await library
      .getByRole('button', { name: /^Edit alt text of image\/jpeg/ })
      .first()
      .click();
    await library.getByLabel('New alt text').fill('A blue banner announcing the launch');
    await library.getByRole('button', { name: 'Save alt text' }).click();
    await library.getByText('Alt: A blue banner announcing the launch').waitFor();
    await page.keyboard.press('Escape');
    await page
      .getByRole('article', { name: 'Preview on Bluesky' })
      .getByRole('img', { name: 'A blue banner announcing the launch' })
      .waitFor();
    // The approval policy changes too: the scheduled post now waits for an approver.
    await page.getByLabel(/An approver must approve it/).check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(/\/posts\/[0-9a-f-]{36}\?saved=1/);
    await waitForStatus('awaiting approval');
    expect(await page.locator('.facts').textContent()).toMatch(/Approval: required/);
    await page.getByText('Tomorrow: exactly-once publishing, explained.').first().waitFor();
    await page
      .getByRole('article', { name: 'Bluesky target' })
      .getByText('exactly-once publishing, explained.')
      .waitFor();
    expect(await page.getByRole('article', { name: 'X target' }).count()).toBe(0);
    const edited = (await page.locator('.timeline').textContent()) ?? '';
    expect(edited).toMatch(new RegExp(`Rescheduled by ${NAME}`));
    expect(edited).toMatch(new RegExp(`Edited by ${NAME}`));

    mark('Duplicate it into a draft.');
    // --- Duplicate it into a draft.
    await page.getByRole('link', { name: 'Duplicate' }).click();
    await page.waitForURL(/\/compose\?from=/);
    await expect(page.getByLabel('Text', { exact: true }).inputValue()).resolves.toContain('exactly-once');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved.').waitFor();
    await page.goto(url('/posts'));
    await page
      .getByRole('region', { name: 'Drafts' })
      .getByText(/exactly-once publishing, explained/)
      .waitFor();
    await shot('posts');

    mark('Disconnect Bluesky');
    // --- Disconnect Bluesky: the page lists the scheduled post it takes the account from.
    await page.goto(url('/accounts'));
    const row = page.locator('tr', { hasText: stack.bluesky.identifier });
    await row.getByRole('link', { name: 'Disconnect' }).click();
    await page
      .getByRole('table', { name: 'Posts that will change' })
      .getByText(/exactly-once/)
      .waitFor();
    await page.getByText('cancelled (no other account)').waitFor();
    await shot('disconnect');
    await page.getByRole('button', { name: /^Disconnect Bluesky/ }).click();
    await page.getByText(/Disconnected @.*1 scheduled post\(s\) no longer publish to it/).waitFor();
    // The post it was the last account of is cancelled, by the user who disconnected it.
    await page.goto(secondUrl);
    await waitForStatus('cancelled');
    const gone = page.getByRole('article', { name: 'Bluesky target' });
    await expect(gone.locator('.status').textContent()).resolves.toBe('cancelled');
    await gone.getByText('Not published: the account was disconnected.').waitFor();
    const cancelledHistory = (await page.locator('.timeline').textContent()) ?? '';
    expect(cancelledHistory).toMatch(new RegExp(`Cancelled by ${NAME}`));
    expect(cancelledHistory).not.toMatch(/through the API/);

    mark('Analytics in the workspace’s zone; export.');
    // --- Analytics in the workspace's zone; export.
    await page.goto(url('/analytics'));
    await page.getByText(`Days in ${ZONE}.`).waitFor();
    await page.getByText('targets published').waitFor();
    await shot('analytics');
    await page.goto(url('/data'));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download export (JSON)' }).click(),
    ]);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as {
      posts?: unknown[];
      history?: Array<{ type: string; actor: { kind: string; name?: string } }>;
    };
    expect(exported.posts?.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(exported)).not.toContain('sk-ant-sandbox-key');
    // Whatever the user did in the app is theirs in the workspace's history, never "the API".
    for (const type of [
      'workspace.updated',
      'account.connected',
      'media.added',
      'media.updated',
      'post.created',
      'account.disconnected',
    ]) {
      const actors = (exported.history ?? [])
        .filter((e) => e.type === type)
        .map((e) => `${e.actor.kind}:${e.actor.name ?? ''}`);
      expect(actors.length, type).toBeGreaterThan(0);
      expect(new Set(actors), type).toEqual(new Set([`user:${NAME}`]));
    }
    await shot('data');

    mark('390 px wide');
    // --- 390 px wide: the composer does not overflow.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(url('/compose'));
    await page.getByRole('checkbox', { name: /^Instagram @/ }).check();
    await page
      .getByLabel('Text', { exact: true })
      .fill(
        'A long line without spaces: https://example.com/a/very/long/path/that/should/wrap/somewhere/sensible',
      );
    await page.getByRole('article', { name: 'Preview on Instagram' }).waitFor();
    await expect
      .poll(() => page.locator('[data-counter-for] [data-count]').first().textContent())
      .not.toBe('0');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot('composer-mobile');
    await page.setViewportSize({ width: 1280, height: 900 });

    mark('A second workspace');
    // --- A second workspace, then back to the first with the switcher.
    await page.getByRole('link', { name: 'New workspace' }).click();
    await page.getByRole('heading', { name: 'New workspace' }).waitFor();
    await page.getByLabel('Workspace name').fill('Side Project');
    await pickTimeZone('Asia/Tokyo');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.waitForURL(/\/settings$/);
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Workspace' }).inputValue())
      .toBe('Side Project');
    await page.getByText('Times in Asia/Tokyo').waitFor();
    await page.getByRole('combobox', { name: 'Workspace' }).click();
    await page.getByRole('option', { name: WORKSPACE }).click();
    await page.waitForURL(/\/posts$/);
    await page.getByText('Times in Europe/Berlin').waitFor();
    await page
      .getByRole('link', { name: 'Tomorrow: exactly-once publishing, explained.', exact: true })
      .waitFor();
    // Erase the second one: back in the first.
    await page.getByRole('combobox', { name: 'Workspace' }).click();
    await page.getByRole('option', { name: 'Side Project' }).click();
    await page.getByText('Times in Asia/Tokyo').waitFor();
    await page.goto(url('/data'));
    await page.getByLabel(/Type the workspace name/).fill('Side Project');
    await page.getByRole('button', { name: 'Delete workspace forever' }).click();
    await page.waitForURL(/\/posts\?erased=/);
    await page.getByText('Times in Europe/Berlin').waitFor();
    expect(await page.getByRole('combobox', { name: 'Workspace' }).inputValue()).toBe(WORKSPACE);

    mark('Delete the account');
    // --- Delete the account: the user and the workspace only they own; signing in fails after.
    await page.goto(url('/account'));
    const doomed = page.getByRole('region', { name: 'Delete your account' });
    await doomed.getByText(WORKSPACE).waitFor();
    await page.getByLabel('Your password').fill('not my password');
    await page.getByRole('button', { name: 'Delete my account forever' }).click();
    await page.getByText(/password is not right|Invalid password/i).waitFor();
    await page.getByLabel('Your password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Delete my account forever' }).click();
    await page.waitForURL(/\/sign-in\?deleted=1/);
    await page.getByText('Your account was deleted').waitFor();
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The email or password is not right.').waitFor();
    mark('done');
  }
});

// Without a browser and outside CI the journey cannot run; the skip says why (CI never gets here).
if (!run) {
  describe('admin app end to end', () => {
    it.skip(`needs Chromium at ${chromiumPath} (CI sets RELAYPOST_E2E_REQUIRE=1 and installs it)`, () =>
      undefined);
  });
}
