import { countText, type PlatformCapabilities, type PlatformId } from '@relaypost/core';

/** One target's live counter: its text measured the way its platform measures it. */
export interface TargetCount {
  key: string;
  platform: PlatformId;
  count: number;
  max: number;
  counting: PlatformCapabilities['text']['counting'];
  /** `max - count`; negative when over. */
  remaining: number;
  over: boolean;
  /** Over the limit but the post is threaded and the platform has threads: it will be split. */
  willThread: boolean;
}

/** What the composer counts: the main text and each target's override. */
export interface CountRequest {
  text: string;
  thread?: boolean;
  targets: Array<{ key: string; platform: PlatformId; text?: string | null }>;
}

/** How each counting method is described next to the counter. */
export const COUNTING_LABELS: Record<PlatformCapabilities['text']['counting'], string> = {
  characters: 'characters',
  graphemes: 'characters (as people see them)',
  weighted: 'weighted characters (URLs 23, CJK and emoji 2)',
  'utf8-bytes': 'bytes',
  'characters-emoji-bytes': 'characters (emoji count as bytes)',
};

/**
 * Counts every target's text with core's `countText`, using each platform's own counting method
 * and limit from its capabilities. The composer calls this through a server action as the
 * user types, so the counter in the browser is exactly the check the SDK runs on create.
 *
 * @example
 * ```ts
 * countTargets({ text: 'hi 👋', targets: [{ key: 'a1', platform: 'x' }] }, capabilitiesOf)
 * // [{ key: 'a1', platform: 'x', count: 5, max: 280, remaining: 275, ... }]
 * ```
 */
export function countTargets(
  request: CountRequest,
  capabilitiesOf: (platform: PlatformId) => PlatformCapabilities | undefined,
): TargetCount[] {
  const counts: TargetCount[] = [];
  for (const target of request.targets) {
    const caps = capabilitiesOf(target.platform);
    if (!caps) continue;
    const text = target.text ? target.text : request.text;
    const count = countText(text, caps.text.counting);
    const over = count > caps.text.maxLength;
    counts.push({
      key: target.key,
      platform: target.platform,
      count,
      max: caps.text.maxLength,
      counting: caps.text.counting,
      remaining: caps.text.maxLength - count,
      over,
      willThread: over && Boolean(request.thread) && caps.threads,
    });
  }
  return counts;
}
