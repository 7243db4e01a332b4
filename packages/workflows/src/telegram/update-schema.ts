import type { Update } from 'grammy/types';
import { z } from 'zod';

/**
 * The part of a Telegram `Update` the bridge reads, as the Bot API documents it
 * (https://core.telegram.org/bots/api#update, #callbackquery, #user): `update_id` an Integer;
 * a `callback_query` has a String `id`, a `from` User with an Integer `id` and String names, and
 * optional String `data`. Other fields are kept as they came.
 */
const userSchema = z.looseObject({
  id: z.number().int(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
});

const updateSchema = z.looseObject({
  update_id: z.number().int(),
  callback_query: z
    .looseObject({
      id: z.string().min(1),
      from: userSchema,
      data: z.string().optional(),
    })
    .optional(),
});

/**
 * Parses a webhook body into an update, or says in a few words why it is not one. Never throws.
 *
 * @example
 * ```ts
 * const parsed = parseTelegramUpdate(body.toString('utf8'));
 * if (!parsed.ok) return response.writeHead(400).end(parsed.reason);
 * ```
 */
export function parseTelegramUpdate(
  text: string,
): { ok: true; update: Update } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  const parsed = updateSchema.safeParse(json);
  if (parsed.success) return { ok: true, update: parsed.data as unknown as Update };
  const issue = parsed.error.issues[0];
  const path = issue?.path.length ? issue.path.join('.') : 'body';
  return { ok: false, reason: `not a Telegram update: ${path} ${issue?.message ?? 'is invalid'}` };
}
