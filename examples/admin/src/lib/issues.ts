import { DEFAULT_CAPTION_MODEL, type ValidationIssue } from '@relaypost/core';

/** Errors shown next to the form's fields, by field name; `form` is the form as a whole. */
export type FieldErrors = Record<string, string>;

/**
 * A limit and the actual value in words: ` (at most 300; it has 312)`.
 *
 * @example
 * ```ts
 * limitInWords({ path: 'text', message: 'is too long', limit: 300, actual: 312 }) // ' (at most 300; it has 312)'
 * ```
 */
export function limitInWords(issue: Pick<ValidationIssue, 'limit' | 'actual'>): string {
  if (issue.limit === undefined) return '';
  const limit = Array.isArray(issue.limit) ? issue.limit.join(', ') : String(issue.limit);
  const actual = issue.actual === undefined ? '' : `; it has ${String(issue.actual)}`;
  return Array.isArray(issue.limit) ? ` (allowed: ${limit}${actual})` : ` (at most ${limit}${actual})`;
}

/**
 * zod's wording made plain: `Invalid input: expected string, received undefined` becomes
 * `is required`.
 *
 * @example
 * ```ts
 * plainMessage('Invalid input: expected string, received undefined') // 'is required'
 * ```
 */
export function plainMessage(message: string): string {
  if (/received undefined$/.test(message)) return 'is required';
  if (/^Invalid (string|input): must match pattern/.test(message)) return 'is not in the expected format';
  if (/^Invalid (enum value|option)/.test(message)) return 'is not one of the choices';
  const tooBig = /^Too big: expected (?:string|array) to have <=(\d+)/.exec(message);
  if (tooBig) return `is too long (${tooBig[1]} at most)`;
  const tooSmall = /^Too small: expected (?:string|array) to have >=(\d+)/.exec(message);
  if (tooSmall) return tooSmall[1] === '1' ? 'is required' : `is too short (${tooSmall[1]} at least)`;
  return message.replace(/^Invalid input: /, '');
}

/** Where a settings issue belongs and how to say it: by the SDK's path, without the index. */
const SETTINGS_FIELDS: Array<{
  path: RegExp;
  field: string;
  say(issue: ValidationIssue, entry: string | undefined): string;
}> = [
  { path: /^name$/, field: 'name', say: (i) => `The name ${plainMessage(i.message)}.` },
  {
    path: /^timeZone$/,
    field: 'timeZone',
    say: () => 'Choose a time zone from the list (for example Europe/Berlin).',
  },
  {
    path: /^ai\.anthropicApiKey$/,
    field: 'anthropicApiKey',
    say: (i) => {
      // The SDK checks a new key with Anthropic: `was refused by Anthropic (invalid x-api-key)`.
      const refused = /^was refused by Anthropic(?: \((.+)\))?$/.exec(i.message);
      if (refused)
        return `Anthropic refused this key${refused[1] ? ` (“${refused[1]}”)` : ''}: check that you copied the whole key from console.anthropic.com and that it has not been revoked. Nothing was saved.`;
      return `The key ${plainMessage(i.message)}.`;
    },
  },
  {
    path: /^ai\.model$/,
    field: 'model',
    say: (i) =>
      /^is not a model Anthropic offers/.test(i.message)
        ? `Anthropic does not offer ${typeof i.actual === 'string' ? `“${i.actual}”` : 'this model'} to this key: check the model name (for example ${DEFAULT_CAPTION_MODEL}), or leave it empty for the default. Nothing was saved.`
        : `The model name ${plainMessage(i.message)}.`,
  },
  { path: /^ai\.tone$/, field: 'tone', say: () => 'Describe the tone in 500 characters at most.' },
  {
    path: /^ai\.brandVoiceSamples\.(\d+)$/,
    field: 'samples',
    say: (_i, n) => `Sample ${n ?? ''} is too long: 5,000 characters at most per sample.`,
  },
  { path: /^ai\.brandVoiceSamples$/, field: 'samples', say: () => 'Give 20 samples at most.' },
  {
    path: /^telegram\.botToken$/,
    field: 'botToken',
    say: (i) => `The bot token ${plainMessage(i.message)}.`,
  },
  {
    path: /^telegram\.approverChatIds\.(\d+)$/,
    field: 'approverChatIds',
    say: (_i, entry) =>
      `${entry === undefined ? 'One entry' : `“${entry}”`} is not a chat: use a numeric chat id such as -1001234567890, or a channel name such as @team_channel.`,
  },
  {
    path: /^telegram\.approverChatIds$/,
    field: 'approverChatIds',
    say: () => 'List 20 approver chats at most.',
  },
  {
    path: /^telegram\.approverUserIds\.(\d+)$/,
    field: 'approverUserIds',
    say: (_i, entry) =>
      `${entry === undefined ? 'One entry' : `“${entry}”`} is not a Telegram user id: user ids are whole numbers such as 123456789.`,
  },
  { path: /^telegram\.approverUserIds$/, field: 'approverUserIds', say: () => 'List 100 approvers at most.' },
  {
    path: /^webhook\.url$/,
    field: 'webhookUrl',
    say: () =>
      'Enter a full https address, such as https://example.com/relaypost (plain http only for localhost).',
  },
  { path: /^webhook\.secret$/, field: 'webhookSecret', say: (i) => `The secret ${plainMessage(i.message)}.` },
];

/**
 * The SDK's issues on a workspace update as errors next to the settings fields, in words; never
 * a schema path such as `telegram.approverChatIds.0`. `submitted` gives the lists as typed, so
 * an issue on entry 2 can quote it (samples are numbered from 1).
 *
 * @example
 * ```ts
 * settingsErrors([{ path: 'telegram.approverChatIds.0', message: 'Invalid string' }], { approverChatIds: ['abc'] })
 * // { approverChatIds: '“abc” is not a chat: use a numeric chat id such as -1001234567890, ...' }
 * ```
 */
export function settingsErrors(
  issues: readonly ValidationIssue[],
  submitted: Record<string, ReadonlyArray<string | number>> = {},
): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    let placed = false;
    for (const rule of SETTINGS_FIELDS) {
      const match = rule.path.exec(issue.path);
      if (!match) continue;
      const index = match[1] === undefined ? undefined : Number(match[1]);
      const entry =
        index === undefined
          ? undefined
          : rule.field === 'samples'
            ? String(index + 1)
            : submitted[rule.field]?.[index] === undefined
              ? undefined
              : String(submitted[rule.field]?.[index]);
      errors[rule.field] ??= rule.say(issue, entry);
      placed = true;
      break;
    }
    if (!placed) errors.form ??= `This setting was refused: ${plainMessage(issue.message)}.`;
  }
  return errors;
}
