import { z } from 'zod';

/**
 * Minimal zod schemas of the X API v2 bodies the adapter reads (checked against the official
 * OpenAPI document, xdevplatform/xdk `latest-openapi.json`). Optional answer fields are nullish.
 */

/** `GET /2/users/me` (`data` is a `User`). */
export const xUserMeSchema = z.object({
  data: z.object({
    id: z.string(),
    name: z.string(),
    username: z.string(),
    profile_image_url: z.string().nullish(),
  }),
});

/** `POST /2/tweets` → 201 `TweetCreateResponse`. */
export const xTweetCreateSchema = z.object({
  data: z.object({ id: z.string(), text: z.string() }),
});

/** `DELETE /2/tweets/{id}` → `TweetDeleteResponse`. */
export const xTweetDeleteSchema = z.object({
  data: z.object({ deleted: z.boolean() }).nullish(),
});

/** `processing_info` of a media upload. */
export const xProcessingInfoSchema = z.object({
  state: z.enum(['pending', 'in_progress', 'succeeded', 'failed']).nullish(),
  check_after_secs: z.number().nullish(),
  progress_percent: z.number().nullish(),
  /** Not in the OpenAPI document, but sent with `failed` (the v1.1 shape). */
  error: z
    .object({ code: z.number().nullish(), name: z.string().nullish(), message: z.string().nullish() })
    .nullish(),
});
export type XProcessingInfo = z.infer<typeof xProcessingInfoSchema>;

/** `MediaUploadResponse`: initialize, finalize and STATUS all answer with it. */
export const xMediaUploadSchema = z.object({
  data: z
    .object({
      id: z.string(),
      media_key: z.string().nullish(),
      expires_after_secs: z.number().nullish(),
      processing_info: xProcessingInfoSchema.nullish(),
    })
    .nullish(),
});

/** One post of `GET /2/users/{id}/tweets` (with `tweet.fields=created_at,referenced_tweets`). */
export const xTimelineTweetSchema = z.object({
  id: z.string(),
  text: z.string(),
  created_at: z.string().nullish(),
  referenced_tweets: z.array(z.object({ type: z.string(), id: z.string() })).nullish(),
});
export type XTimelineTweet = z.infer<typeof xTimelineTweetSchema>;

/** `Get2UsersIdTweetsResponse`; `data` is absent when nothing matched. */
export const xTimelineSchema = z.object({
  data: z.array(xTimelineTweetSchema).nullish(),
  meta: z.object({ result_count: z.number().nullish(), next_token: z.string().nullish() }).nullish(),
});

/** An RFC 7807 problem (`application/problem+json`). */
export const xProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  detail: z.string().nullish(),
  status: z.number().nullish(),
  /** `usage-capped` problems. */
  scope: z.string().nullish(),
  period: z.string().nullish(),
  /** `invalid-request` problems. */
  errors: z
    .array(
      z.object({
        message: z.string().nullish(),
        parameters: z.record(z.string(), z.array(z.string())).nullish(),
      }),
    )
    .nullish(),
});
export type XProblem = z.infer<typeof xProblemSchema>;

/** The older envelopes: `{code, message}` (the spec's `Error`) and `{errors:[{code, message}]}`. */
export const xLegacyErrorSchema = z.union([
  z.object({ code: z.number(), message: z.string() }),
  z.object({
    errors: z.array(z.object({ code: z.number().nullish(), message: z.string().nullish() })).min(1),
  }),
]);

/** OAuth 2.0 token endpoint errors (RFC 6749 §5.2). */
export const xOAuthErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().nullish(),
});
