import { z } from 'zod';

/**
 * The parts of the User-Agent Reddit requires on every request:
 * `<platform>:<app ID>:<version> (by /u/<username>)`, e.g.
 * `web:com.example.relaypost:v1.4.0 (by /u/relaypost_bot)`. Reddit throttles or blocks
 * generic and missing User-Agents.
 *
 * @example
 * ```ts
 * redditUserAgent(redditUserAgentSchema.parse({ platform: 'web', appId: 'com.example.app', version: '1.0.0', username: 'me' }))
 * ```
 */
export const redditUserAgentSchema = z.object({
  /** Where the app runs: `web`, `linux`, `server`... */
  platform: z.string().regex(/^[A-Za-z0-9_.-]{1,32}$/, 'must be a word like web or linux'),
  /** A unique app id, e.g. a reverse domain name. */
  appId: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'must be letters, digits, dots, dashes or underscores'),
  version: z.string().regex(/^v?[0-9A-Za-z_.+-]{1,32}$/, 'must be a version like 1.2.0'),
  /** The Reddit username of the app's developer or operator (without `/u/`). */
  username: z
    .string()
    .regex(/^(?:\/?u\/)?[A-Za-z0-9_-]{3,20}$/, 'must be a Reddit username')
    .transform((name) => name.replace(/^\/?u\//, '')),
});
export type RedditUserAgentParts = z.output<typeof redditUserAgentSchema>;

/**
 * The User-Agent string built from its parts.
 *
 * @example
 * ```ts
 * redditUserAgent({ platform: 'web', appId: 'dev.relaypost', version: '1.0.0', username: 'relaypost' }) // 'web:dev.relaypost:1.0.0 (by /u/relaypost)'
 * ```
 */
export function redditUserAgent(parts: RedditUserAgentParts): string {
  return `${parts.platform}:${parts.appId}:${parts.version} (by /u/${parts.username})`;
}

/** The shape Reddit asks for; the fake checks it too. */
export const REDDIT_USER_AGENT_PATTERN =
  /^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+:v?[0-9A-Za-z_.+-]+ \(by \/u\/[A-Za-z0-9_-]{3,20}\)$/;
