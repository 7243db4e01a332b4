import type { Actor, ConnectedAccount, PlatformId, Post } from '@relaypost/core';

/** Telegram's limits: message text and media caption, in characters after entity parsing. */
export const MESSAGE_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;

const PLATFORM_NAMES: Record<PlatformId, string> = {
  bluesky: 'Bluesky',
  x: 'X',
  linkedin: 'LinkedIn',
  facebook: 'Facebook',
  instagram: 'Instagram',
  threads: 'Threads',
  tiktok: 'TikTok',
  youtube: 'YouTube',
  pinterest: 'Pinterest',
  reddit: 'Reddit',
};

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Escapes text for Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** Escaped `text`, cut (never inside an entity or a grapheme) so it takes at most `budget` characters. */
export function escapeWithin(text: string, budget: number): string {
  const full = escapeHtml(text);
  if (full.length <= budget) return full;
  let out = '';
  for (const { segment } of segmenter.segment(text)) {
    const next = escapeHtml(segment);
    if (out.length + next.length + 1 > budget) break;
    out += next;
  }
  return budget > 0 ? `${out.trimEnd()}…` : '';
}

export function platformName(platform: PlatformId): string {
  return PLATFORM_NAMES[platform] ?? platform;
}

/** `Tue, 3 Mar 2026, 09:00 CET`, in the given zone. */
export function formatInstant(iso: string, timeZone: string): string {
  const date = new Date(iso);
  try {
    return new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    }).format(date);
  } catch {
    return date.toISOString();
  }
}

export function actorLabel(actor: Actor): string {
  if (actor.kind === 'workflow' || actor.kind === 'system') return actor.name ?? 'RelayPost';
  const who = actor.name && actor.id ? `${actor.name} (${actor.id})` : (actor.name ?? actor.id ?? actor.kind);
  return actor.kind === 'telegram' ? who : `${who} via ${actor.kind}`;
}

export interface RequestTextInput {
  post: Post;
  accounts: readonly ConnectedAccount[];
  timeZone: string;
  deadline: string | null;
  reminder: boolean;
  /** Replaces the "approval needed" headline (decisions). */
  headline?: string;
  /** Appended after the details (the decision line). */
  footer?: string;
  limit: number;
}

/** The approval message: headline, publish time, deadline, targets, then the post text, within `limit`. */
export function requestText(input: RequestTextInput): string {
  const { post, timeZone } = input;
  const accounts = new Map(input.accounts.map((a) => [a.id, a]));
  const live = post.targets.filter((t) => t.status !== 'cancelled');
  const head: string[] = [
    input.headline ?? (input.reminder ? '⏰ <b>Reminder: approval needed</b>' : '📝 <b>Approval needed</b>'),
    `<b>Publish:</b> ${post.publishAt ? escapeHtml(formatInstant(post.publishAt.at, timeZone)) : 'as soon as approved'}`,
  ];
  if (input.deadline) head.push(`<b>Decide by:</b> ${escapeHtml(formatInstant(input.deadline, timeZone))}`);
  head.push(
    `<b>Targets:</b> ${live
      .map((t) => {
        const handle = accounts.get(t.accountId)?.handle;
        return escapeHtml(handle ? `${platformName(t.platform)} ${handle}` : platformName(t.platform));
      })
      .join(', ')}`,
  );
  const footer = input.footer ? `\n\n${input.footer}` : '';
  const header = `${head.join('\n')}\n\n`;
  let budget = input.limit - header.length - footer.length;
  const sections: string[] = [];
  const main = post.content.text.trim();
  const overrides = live.filter((t) => t.text !== null && t.text.trim() !== main);
  if (main) {
    const share = overrides.length ? Math.floor(budget / (overrides.length + 1)) : budget;
    const body = escapeWithin(main, share);
    sections.push(body);
    budget -= body.length;
  }
  overrides.forEach((t, i) => {
    const label = `\n\n<b>${escapeHtml(platformName(t.platform))}:</b> `;
    const share = Math.floor(budget / (overrides.length - i)) - label.length;
    if (share <= 1) return;
    const body = escapeWithin(t.text ?? '', share);
    sections.push(`${sections.length ? label : label.trimStart()}${body}`);
    budget -= label.length + body.length;
  });
  if (!sections.length) sections.push('<i>(no text)</i>');
  return `${header}${sections.join('')}${footer}`;
}

export function decisionLine(decision: string, actor: Actor, reason: string | undefined): string {
  const who = escapeHtml(actorLabel(actor));
  const why = reason ? `\n<b>Reason:</b> ${escapeWithin(reason, 300)}` : '';
  switch (decision) {
    case 'approved':
      return `✅ <b>Approved</b> by ${who}${why}`;
    case 'rejected':
      return `❌ <b>Rejected</b> by ${who}${why}`;
    case 'expired':
      return `⌛ <b>Expired</b>: no decision before the deadline${why}`;
    default:
      return `🚫 <b>Cancelled</b> by ${who}${why}`;
  }
}

const STATUS_LINES: Record<string, string> = {
  published: '✅ <b>Published</b>',
  partially_published: '⚠️ <b>Partially published</b>',
  failed: '❌ <b>Publishing failed</b>',
  rejected: '❌ <b>Rejected</b>',
  cancelled: '🚫 <b>Cancelled</b>',
};

const TARGET_MARKS: Record<string, string> = {
  published: '✅',
  failed: '❌',
  uncertain: '❔',
  cancelled: '🚫',
  pending: '⏳',
  publishing: '⏳',
};

/** A short outcome summary: the post's status, then each target with its link or error. */
export function outcomeText(post: Post, limit = MESSAGE_LIMIT): string {
  const lines = [STATUS_LINES[post.status] ?? `<b>${escapeHtml(post.status)}</b>`];
  const excerpt = post.content.text.trim();
  if (excerpt) lines.push(`<i>${escapeWithin(excerpt.split('\n')[0] ?? '', 120)}</i>`);
  let length = lines.join('\n').length;
  for (const [index, target] of post.targets.entries()) {
    const mark = TARGET_MARKS[target.status] ?? '•';
    const name = escapeHtml(platformName(target.platform));
    const url = target.result.url;
    let line = `${mark} ${url ? `<a href="${escapeHtml(url)}">${name}</a>` : name}`;
    if (target.status === 'failed' && target.result.error)
      line += `: ${escapeWithin(target.result.error.message, 200)}`;
    if (target.status === 'uncertain') line += ': outcome unknown, check the platform';
    const more = `… and ${post.targets.length - index} more`;
    if (length + line.length + more.length + 2 > limit) {
      lines.push(more);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n');
}
