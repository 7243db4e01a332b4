import type { ApprovalPolicy, CreatePostInput, Post, ValidationIssue } from '@relaypost/core';
import { type FieldErrors, limitInWords, plainMessage } from './issues';
import { formatInZone, instantToZonedLocal, zonedLocalToInstant } from './time';

/** Everything the composer holds; the browser sends it to the server actions as one object. */
export interface ComposeState {
  /** Makes a double submit create one post. */
  idempotencyKey: string;
  /** Set when editing a scheduled post. */
  postId: string | null;
  /** Set when the composer was opened from a saved draft. */
  draftId: string | null;
  accountIds: string[];
  text: string;
  thread: boolean;
  mediaIds: string[];
  /** Per account: text for that account only. */
  overrides: Record<string, string>;
  /** Per account: the platform's options (subreddit, privacy...). */
  options: Record<string, Record<string, string>>;
  caption: boolean;
  brief: string;
  when: 'now' | 'later';
  /** `YYYY-MM-DDTHH:mm` in the workspace's zone. */
  publishAtLocal: string;
  approval: 'none' | 'required';
  deadlineLocal: string;
  onDeadline: 'expire' | 'approve';
}

/**
 * An empty composer, optionally at a time (a calendar slot) and for some accounts.
 *
 * @example
 * ```ts
 * emptyComposeState(crypto.randomUUID(), { publishAtLocal: '2026-07-01T09:00' })
 * ```
 */
export function emptyComposeState(
  idempotencyKey: string,
  preset: { publishAtLocal?: string; accountIds?: string[] } = {},
): ComposeState {
  return {
    idempotencyKey,
    postId: null,
    draftId: null,
    accountIds: preset.accountIds ?? [],
    text: '',
    thread: false,
    mediaIds: [],
    overrides: {},
    options: {},
    caption: false,
    brief: '',
    when: 'later',
    publishAtLocal: preset.publishAtLocal ?? '',
    approval: 'none',
    deadlineLocal: '',
    onDeadline: 'expire',
  };
}

/**
 * The composer filled from an existing post: to edit it (`mode: 'edit'`, the targets still in
 * it) or to start a copy (`mode: 'duplicate'`, new key, no time, every account it was for: the
 * targets of a rejected or cancelled post are all `cancelled`, and a copy still goes to them).
 *
 * @example
 * ```ts
 * stateFromPost(post, 'Europe/Berlin', 'edit', crypto.randomUUID())
 * ```
 */
export function stateFromPost(
  post: Post,
  zone: string,
  mode: 'edit' | 'duplicate',
  idempotencyKey: string,
): ComposeState {
  const overrides: ComposeState['overrides'] = {};
  const options: ComposeState['options'] = {};
  const live = mode === 'edit' ? post.targets.filter((t) => t.status !== 'cancelled') : post.targets;
  for (const target of live) {
    if (target.text !== null) overrides[target.accountId] = target.text;
    const values = Object.fromEntries(
      Object.entries(target.options).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    if (Object.keys(values).length) options[target.accountId] = values;
  }
  return {
    idempotencyKey,
    postId: mode === 'edit' ? post.id : null,
    draftId: null,
    accountIds: live.map((t) => t.accountId),
    text: post.content.text,
    thread: post.content.thread,
    mediaIds: [...post.content.mediaIds],
    overrides,
    options,
    caption: false,
    brief: '',
    when: mode === 'edit' && !post.publishAt ? 'now' : 'later',
    publishAtLocal: mode === 'edit' && post.publishAt ? instantToZonedLocal(post.publishAt.at, zone) : '',
    approval: post.approval.mode,
    deadlineLocal: post.approval.deadline ? instantToZonedLocal(post.approval.deadline, zone) : '',
    onDeadline: post.approval.onDeadline,
  };
}

function toInstant(local: string, zone: string, field: string, errors: FieldErrors, notes: string[]) {
  try {
    const converted = zonedLocalToInstant(local, zone);
    const shown = local.replace('T', ' ');
    if (converted.resolution === 'skipped')
      notes.push(
        `${shown} does not exist in ${zone} (the clocks jump forward that night); it was moved to ${formatInZone(converted.instant, zone)}.`,
      );
    else if (converted.resolution === 'ambiguous')
      notes.push(
        `${shown} happens twice in ${zone} (the clocks go back that night); the first one was taken.`,
      );
    return converted.instant;
  } catch {
    errors[field] = 'Enter a valid date and time.';
    return undefined;
  }
}

/**
 * The composer's state as the SDK's `CreatePostInput`, local times converted in the
 * workspace's zone; or the problems next to their fields.
 *
 * @example
 * ```ts
 * const built = buildCreateInput(state, 'Europe/Berlin');
 * if ('errors' in built) return { errors: built.errors };
 * await relaypost.posts.create(workspaceId, built.input);
 * ```
 */
export function buildCreateInput(
  state: ComposeState,
  zone: string,
): { input: CreatePostInput; notes: string[] } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const notes: string[] = [];
  if (!state.accountIds.length) errors.accountIds = 'Choose at least one account to publish to.';
  let text = state.text;
  let brief = state.brief.trim();
  if (state.caption) {
    if (!brief && !text.trim()) errors.brief = 'Write a brief (or some text) for the AI caption.';
    if (!brief) brief = text.trim();
    // The caption replaces the text; until it is written, the brief stands in for it.
    if (!text.trim()) text = brief;
  } else if (
    !text.trim() &&
    !state.mediaIds.length &&
    !state.accountIds.some((id) => state.overrides[id]?.trim())
  ) {
    errors.text = 'Write some text or add media.';
  }
  let publishAt: CreatePostInput['publishAt'];
  if (state.when === 'later') {
    if (!state.publishAtLocal) errors.publishAt = 'Choose when to publish, or pick “As soon as possible”.';
    else {
      const at = toInstant(state.publishAtLocal, zone, 'publishAt', errors, notes);
      if (at) publishAt = { at, timeZone: zone };
    }
  }
  let deadline: string | undefined;
  if (state.approval === 'required' && state.deadlineLocal) {
    deadline = toInstant(state.deadlineLocal, zone, 'deadline', errors, notes);
    if (deadline && publishAt && Date.parse(deadline) > Date.parse(publishAt.at))
      errors.deadline = 'The approval deadline must be before the publish time.';
  }
  if (Object.keys(errors).length) return { errors };
  return {
    notes,
    input: {
      idempotencyKey: state.idempotencyKey,
      content: { text, mediaIds: state.mediaIds, thread: state.thread },
      targets: state.accountIds.map((accountId) => ({
        accountId,
        ...(state.overrides[accountId]?.trim() ? { text: state.overrides[accountId] } : {}),
        options: state.options[accountId] ?? {},
      })),
      ...(publishAt ? { publishAt } : {}),
      approval: { mode: state.approval, onDeadline: state.onDeadline, ...(deadline ? { deadline } : {}) },
      ...(state.caption ? { caption: { brief, apply: true } } : {}),
    },
  };
}

/**
 * The SDK's issues on a post as errors next to the composer's fields: `targets.1.options.title`
 * goes to that account's title field, `targets.0.text` to the account's own text (or the main
 * text), each said with the account's name and the limit.
 *
 * @example
 * ```ts
 * postErrors([{ path: 'targets.0.text', message: 'Bluesky: is too long', limit: 300, actual: 312 }], state, labels)
 * // { text: 'Bluesky @acme: the text is too long (at most 300; it has 312).' }
 * ```
 */
export function postErrors(
  issues: readonly ValidationIssue[],
  state: Pick<ComposeState, 'accountIds' | 'overrides'>,
  labels: Readonly<Record<string, string>>,
): FieldErrors {
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => {
    errors[field] = errors[field] ? `${errors[field]} ${message}` : message;
  };
  for (const issue of issues) {
    const message = plainMessage(issue.message.replace(/^[\w ]+: /, ''));
    const target = /^targets\.(\d+)\.?(.*)$/.exec(issue.path);
    if (!target) {
      if (issue.path === 'publishAt.at') add('publishAt', `The publish time ${message}.`);
      else if (issue.path.startsWith('approval')) add('deadline', `The approval deadline ${message}.`);
      else if (issue.path.startsWith('content.text'))
        add('text', `The text ${message}${limitInWords(issue)}.`);
      else if (issue.path.startsWith('content.media'))
        add('media', `The media ${message}${limitInWords(issue)}.`);
      else add('form', `${message}${limitInWords(issue)}.`);
      continue;
    }
    const accountId = state.accountIds[Number(target[1])];
    const where = (accountId && labels[accountId]) || `Target ${Number(target[1]) + 1}`;
    const rest = target[2] ?? '';
    const option = /^options\.(\w+)/.exec(rest);
    if (option && accountId) add(`opt:${accountId}:${option[1]}`, `${where}: ${message}.`);
    else if (rest.startsWith('text'))
      add(
        accountId && state.overrides[accountId]?.trim() ? `text:${accountId}` : 'text',
        `${where}: the text ${message}${limitInWords(issue)}.`,
      );
    else if (rest.startsWith('media')) add('media', `${where}: the media ${message}${limitInWords(issue)}.`);
    else add('accountIds', `${where}: ${message}.`);
  }
  return errors;
}

/**
 * The edit's `{ approval }` when the composer's policy differs from the post's, else nothing (an
 * edit that leaves the policy alone does not send it). The post's reminders and re-approval on
 * edit are kept; a deadline the user cleared goes.
 *
 * @example
 * ```ts
 * approvalEdit(post.approval, { mode: 'required', onDeadline: 'expire' })
 * // { approval: { ...post.approval, mode: 'required' } }
 * ```
 */
export function approvalEdit(
  before: ApprovalPolicy,
  wanted: CreatePostInput['approval'],
): { approval: ApprovalPolicy } | Record<string, never> {
  const mode = wanted?.mode ?? 'none';
  const onDeadline = wanted?.onDeadline ?? 'expire';
  const deadline = wanted?.deadline;
  const sameDeadline =
    deadline === undefined || before.deadline === undefined
      ? deadline === before.deadline
      : Date.parse(deadline) === Date.parse(before.deadline);
  if (mode === before.mode && onDeadline === before.onDeadline && sameDeadline) return {};
  const { deadline: _cleared, ...kept } = before;
  return { approval: { ...kept, mode, onDeadline, ...(deadline ? { deadline } : {}) } };
}
