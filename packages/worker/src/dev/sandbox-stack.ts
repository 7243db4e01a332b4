import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TelegramFake } from '@relaypost/workflows/testing';
import { createLogger } from '../logger.js';
import { loadDevkit } from './devkit.js';
import { type DevStack, startDevStack } from './stack.js';

/** A button press as a Telegram user would make it, found by the button's text. */
export interface SandboxButtonPress {
  chatId: number | string;
  button: string | RegExp;
  fromUserId: number;
  /** How long to wait for a message with that button. Default 30 s. */
  timeoutMs?: number;
}

export interface SandboxStack {
  /** The example admin app's URL, or null when started with `admin: false`. */
  adminUrl: string | null;
  stack: DevStack;
  telegramFake: {
    pressButton(input: SandboxButtonPress): Promise<void>;
    messages(chatId?: number | string): Array<{ chatId: number | string; text: string; buttons: string[] }>;
  };
  bluesky: { identifier: string; appPassword: string };
  stop(): Promise<void>;
}

/**
 * The whole dev stack in sandbox mode on free ports and a temporary state folder, with handles
 * on the Telegram fake: for end-to-end tests (the admin app's browser test uses it).
 */
export async function startSandboxStack(
  options: { env?: NodeJS.ProcessEnv; logLevel?: string; admin?: boolean } = {},
): Promise<SandboxStack> {
  const { createTestDatabase, findFreePort } = await loadDevkit();
  const stateDir = await mkdtemp(join(tmpdir(), 'relaypost-sandbox-'));
  // As root, embedded Postgres runs as the postgres user: let it in, so its data stays here.
  await chmod(stateDir, 0o755);
  const env = { ...process.env, ...options.env };
  // On a shared server (DATABASE_URL), a schema of its own, dropped at stop.
  const database = env.DATABASE_URL
    ? await createTestDatabase({ connectionString: env.DATABASE_URL, prefix: 'sandbox' })
    : null;
  if (database) env.DATABASE_URL = database.connectionString;
  const stack = await startDevStack({
    stateDir,
    env,
    logger: createLogger({ level: options.logLevel ?? env.LOG_LEVEL ?? 'warn' }),
    sandbox: true,
    temporalPort: await findFreePort(),
    temporalUiPort: await findFreePort(),
    postgresPort: await findFreePort(),
    workerPort: await findFreePort(),
    adminPort: await findFreePort(),
    admin: options.admin !== false,
  }).catch(async (error: unknown) => {
    await database?.close();
    throw error;
  });
  const sandbox = stack.sandbox;
  if (!sandbox || (options.admin !== false && !stack.adminUrl)) {
    await stack.stop();
    await database?.close();
    throw new Error('the sandbox stack needs the example admin app (@relaypost/example-admin)');
  }
  const telegram = sandbox.telegram.fake;
  return {
    adminUrl: stack.adminUrl,
    stack,
    telegramFake: {
      pressButton: (input) => pressButton(telegram, input),
      messages: (chatId) =>
        telegram.messages(chatId).map((m) => ({
          chatId: m.chatId,
          text: m.plain,
          buttons: (m.replyMarkup?.inline_keyboard ?? []).flat().map((b) => b.text),
        })),
    },
    bluesky: { ...sandbox.credentials.bluesky },
    async stop() {
      await stack.stop();
      await database?.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

async function pressButton(telegram: TelegramFake, input: SandboxButtonPress): Promise<void> {
  const matches = (text: string) =>
    typeof input.button === 'string' ? text.includes(input.button) : input.button.test(text);
  const deadline = Date.now() + (input.timeoutMs ?? 30_000);
  for (;;) {
    for (const message of [...telegram.messages(input.chatId)].reverse()) {
      const button = (message.replyMarkup?.inline_keyboard ?? []).flat().find((b) => matches(b.text));
      if (button) {
        await telegram.pressButton({
          chatId: message.chatId,
          messageId: message.messageId,
          fromUserId: input.fromUserId,
          button: button.text,
        });
        return;
      }
    }
    if (Date.now() > deadline)
      throw new Error(`no message to ${input.chatId} with a button ${String(input.button)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
