import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramFake, type TelegramFake } from './telegram-fake.js';

describe('createTelegramFake', () => {
  let fake: TelegramFake;
  beforeAll(async () => {
    fake = await createTelegramFake({ maxPollSeconds: 2 });
  });
  afterAll(() => fake.close());
  const call = async (method: string, body: unknown, token = fake.token) => {
    const response = await fetch(`${fake.url}/bot${token}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('speaks the Bot API envelope and checks the token', async () => {
    expect(await call('getMe', {})).toMatchObject({
      status: 200,
      body: { ok: true, result: { id: 123456789, is_bot: true } },
    });
    expect(await call('getMe', {}, '1:nope')).toEqual({
      status: 401,
      body: { ok: false, error_code: 401, description: 'Unauthorized' },
    });
    expect((await call('noSuchMethod', {})).status).toBe(404);
  });

  it('checks HTML, lengths and button data as Telegram does', async () => {
    expect(
      (await call('sendMessage', { chat_id: 5, text: '<b>bold</i>', parse_mode: 'HTML' })).body.description,
    ).toMatch(/can't parse entities/);
    expect(
      (await call('sendMessage', { chat_id: 5, text: 'a < b', parse_mode: 'HTML' })).body.description,
    ).toMatch(/can't parse entities/);
    expect((await call('sendMessage', { chat_id: 5, text: 'x'.repeat(4097) })).body.description).toBe(
      'Bad Request: message is too long',
    );
    const markup = { inline_keyboard: [[{ text: 'B', callback_data: 'x'.repeat(65) }]] };
    expect(
      (await call('sendMessage', { chat_id: 5, text: 'hi', reply_markup: markup })).body.description,
    ).toBe('Bad Request: BUTTON_DATA_INVALID');
    const ok = await call('sendMessage', { chat_id: 5, text: '&lt;ok&gt; <b>fine</b>', parse_mode: 'HTML' });
    expect(ok.body.result).toMatchObject({ text: '<ok> fine', chat: { id: 5 } });
  });

  it('scripts 429 with retry_after', async () => {
    fake.rateLimitNext('sendMessage', 3);
    expect(await call('sendMessage', { chat_id: 5, text: 'hi' })).toEqual({
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 3',
        parameters: { retry_after: 3 },
      },
    });
    expect((await call('sendMessage', { chat_id: 5, text: 'hi' })).status).toBe(200);
  });

  it('holds getUpdates until a button is pressed, and confirms by offset', async () => {
    const sent = await call('sendMessage', {
      chat_id: 9,
      text: 'Pick',
      reply_markup: { inline_keyboard: [[{ text: 'Yes', callback_data: 'yes' }]] },
    });
    const messageId = (sent.body.result as { message_id: number }).message_id;
    const polling = call('getUpdates', { timeout: 2 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const press = await fake.pressButton({ chatId: 9, messageId, fromUserId: 1 });
    const updates = (await polling).body.result as Array<{
      update_id: number;
      callback_query: { data: string };
    }>;
    expect(updates.map((u) => u.callback_query.data)).toEqual(['yes']);
    expect(updates[0]!.update_id).toBe(press.updateId);
    expect((await call('getUpdates', { offset: press.updateId + 1, timeout: 0 })).body.result).toEqual([]);
    await call('setWebhook', { url: 'http://127.0.0.1:1/hook' });
    expect((await call('getUpdates', {})).status).toBe(409);
    await call('deleteWebhook', {});
  });
});
