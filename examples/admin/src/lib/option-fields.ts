import type { PlatformCapabilities, PlatformId } from '@relaypost/core';

/**
 * The per-target option fields the composer offers, and how form values become each adapter's
 * `options` object. The adapters' own zod schemas (`optionsSchema`) validate the result when the
 * post is created; this table only decides which inputs to show.
 */
export interface OptionField {
  /** The key in the target's `options`. */
  key: string;
  label: string;
  kind: 'text' | 'select' | 'textarea';
  choices?: ReadonlyArray<{ value: string; label: string }>;
  required?: boolean;
  hint?: string;
  maxLength?: number;
}

const TIKTOK_PRIVACY = [
  { value: 'PUBLIC_TO_EVERYONE', label: 'Everyone' },
  { value: 'MUTUAL_FOLLOW_FRIENDS', label: 'Friends (mutual follows)' },
  { value: 'FOLLOWER_OF_CREATOR', label: 'Followers' },
  { value: 'SELF_ONLY', label: 'Only me' },
];

const YOUTUBE_PRIVACY = [
  { value: 'public', label: 'Public' },
  { value: 'unlisted', label: 'Unlisted' },
  { value: 'private', label: 'Private' },
];

const FIELDS: Partial<Record<PlatformId, OptionField[]>> = {
  reddit: [
    { key: 'subreddit', label: 'Subreddit', kind: 'text', required: true, hint: 'Without the r/ prefix.' },
    { key: 'title', label: 'Title', kind: 'text', required: true, maxLength: 300 },
  ],
  pinterest: [
    { key: 'boardId', label: 'Board', kind: 'text', required: true, hint: 'The board id to pin to.' },
    { key: 'title', label: 'Pin title', kind: 'text', maxLength: 100 },
    { key: 'link', label: 'Destination link', kind: 'text' },
  ],
  youtube: [
    {
      key: 'title',
      label: 'Video title',
      kind: 'text',
      maxLength: 100,
      hint: 'Defaults to the first line of the text.',
    },
    { key: 'privacyStatus', label: 'Privacy', kind: 'select', choices: YOUTUBE_PRIVACY },
  ],
  tiktok: [
    {
      key: 'privacyLevel',
      label: 'Who can view',
      kind: 'select',
      choices: TIKTOK_PRIVACY,
      required: true,
      hint: 'TikTok requires you to choose; there is no default.',
    },
  ],
};

/** The first-comment field, offered on every platform whose adapter can add one. */
const FIRST_COMMENT: OptionField = {
  key: 'firstComment',
  label: 'First comment',
  kind: 'textarea',
  hint: 'Posted as a comment right after the post.',
};

/**
 * The option fields for one platform, given its capabilities.
 *
 * @example
 * ```ts
 * optionFieldsFor('reddit', caps).map((f) => f.key) // ['subreddit', 'title']
 * ```
 */
export function optionFieldsFor(platform: PlatformId, capabilities: PlatformCapabilities): OptionField[] {
  const fields = [...(FIELDS[platform] ?? [])];
  if (capabilities.firstComment) fields.push(FIRST_COMMENT);
  return fields;
}

/**
 * Builds a target's `options` from the submitted values of its fields: empty inputs are left
 * out, so the adapter's defaults apply.
 *
 * @example
 * ```ts
 * optionsFromForm(fields, (key) => ({ subreddit: 'typescript', title: '' })[key])
 * // { subreddit: 'typescript' }
 * ```
 */
export function optionsFromForm(
  fields: readonly OptionField[],
  read: (key: string) => string | undefined,
): Record<string, string> {
  const options: Record<string, string> = {};
  for (const field of fields) {
    const value = read(field.key)?.trim();
    if (!value) continue;
    if (field.choices && !field.choices.some((c) => c.value === value)) continue;
    options[field.key] = field.key === 'subreddit' ? value.replace(/^\/?r\//i, '') : value;
  }
  return options;
}
