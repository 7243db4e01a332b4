import { z } from 'zod';

/**
 * Minimal zod schemas of the Reddit bodies the adapter reads (reddit.com/dev/api and the OAuth2
 * wiki, github.com/reddit-archive/reddit/wiki/OAuth2). Optional answer fields are nullish.
 */

/** OAuth errors: `{error}` (sometimes with HTTP 200), or `{message, error:<status>}`. */
export const redditOAuthErrorSchema = z.object({
  error: z.union([z.string(), z.number()]),
  error_description: z.string().nullish(),
  message: z.string().nullish(),
});

/** `GET /api/v1/me`. */
export const redditMeSchema = z.object({
  id: z.string(),
  name: z.string(),
  icon_img: z.string().nullish(),
});

/** One `[CODE, message, field]` triple of `json.errors`. */
export const redditErrorTripleSchema = z
  .tuple([z.string(), z.string().nullish(), z.string().nullish()])
  .rest(z.unknown());
export type RedditErrorTriple = z.infer<typeof redditErrorTripleSchema>;

/** `POST /api/submit` with `api_type=json`. Image posts answer without `id` (⚠ see the adapter). */
export const redditSubmitSchema = z.object({
  json: z.object({
    errors: z.array(redditErrorTripleSchema).default([]),
    data: z
      .object({
        url: z.string().nullish(),
        id: z.string().nullish(),
        name: z.string().nullish(),
        user_submitted_page: z.string().nullish(),
        websocket_url: z.string().nullish(),
      })
      .nullish(),
  }),
});

/** `POST /api/media/asset.json`: an upload lease (⚠ undocumented endpoint). */
export const redditAssetLeaseSchema = z.object({
  args: z.object({
    /** Scheme-less upload URL, e.g. `//reddit-uploaded-media.s3-accelerate.amazonaws.com`. */
    action: z.string().min(1),
    fields: z.array(z.object({ name: z.string(), value: z.string() })),
  }),
  asset: z.object({
    asset_id: z.string(),
    processing_state: z.string().nullish(),
    websocket_url: z.string().nullish(),
  }),
});
export type RedditAssetLease = z.infer<typeof redditAssetLeaseSchema>;

/** A submission (`t3`) as listings give it. */
export const redditLinkSchema = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string(),
  subreddit: z.string(),
  selftext: z.string().nullish(),
  url: z.string().nullish(),
  is_self: z.boolean().nullish(),
  permalink: z.string().nullish(),
  created_utc: z.number().nullish(),
});
export type RedditLink = z.infer<typeof redditLinkSchema>;

/** `GET /user/{name}/submitted`: a Listing of `t3` things. */
export const redditListingSchema = z.object({
  kind: z.literal('Listing'),
  data: z.object({
    children: z.array(z.object({ kind: z.string(), data: z.unknown() })),
    after: z.string().nullish(),
  }),
});

/** `GET /r/{subreddit}/api/link_flair_v2`. */
export const redditFlairListSchema = z.array(
  z.object({
    id: z.string(),
    text: z.string().nullish(),
    text_editable: z.boolean().nullish(),
    type: z.string().nullish(),
  }),
);

/** The body of an HTTP error: `{message, error:<status>, reason?}`. */
export const redditHttpErrorSchema = z.object({
  message: z.string().nullish(),
  error: z.union([z.number(), z.string()]).nullish(),
  reason: z.string().nullish(),
  explanation: z.string().nullish(),
});
