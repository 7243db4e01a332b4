import { z } from 'zod';

/**
 * The Graph API error envelope shared by graph.facebook.com, graph.instagram.com and
 * graph.threads.net (developers.facebook.com/docs/graph-api/guides/error-handling).
 *
 * @example
 * ```ts
 * graphErrorEnvelopeSchema.parse({ error: { message: 'Invalid token', code: 190, error_subcode: 463 } });
 * ```
 */
export const graphErrorEnvelopeSchema = z.object({
  error: z.object({
    message: z.string().nullish(),
    type: z.string().nullish(),
    code: z.coerce.number().nullish(),
    error_subcode: z.coerce.number().nullish(),
    error_user_title: z.string().nullish(),
    error_user_msg: z.string().nullish(),
    is_transient: z.boolean().nullish(),
    /** Extra detail, e.g. the offsets to resume a video upload from (subcode 1363037). */
    error_data: z.unknown().optional(),
    fbtrace_id: z.string().nullish(),
  }),
});
export type GraphErrorEnvelope = z.infer<typeof graphErrorEnvelopeSchema>;

/**
 * api.instagram.com's token endpoint answers errors in its own shape ⚠
 * (`{error_type, code, error_message}`).
 */
export const instagramOAuthErrorSchema = z.object({
  error_type: z.string().nullish(),
  code: z.coerce.number().nullish(),
  error_message: z.string().nullish(),
});

/** `{id}` — what every create call answers. */
export const graphIdSchema = z.object({ id: z.coerce.string().min(1) });

/** `{success: true}` — what DELETE answers. */
export const graphSuccessSchema = z.object({ success: z.boolean().nullish() });

/** OAuth token answers (`/oauth/access_token`, `/access_token`, `/refresh_access_token`). */
export const graphTokenSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().nullish(),
  expires_in: z.coerce.number().nullish(),
  user_id: z.coerce.string().nullish(),
  permissions: z.union([z.array(z.string()), z.string()]).nullish(),
});
export type GraphToken = z.infer<typeof graphTokenSchema>;

/**
 * The code exchange's answer: `{access_token, user_id}` (Threads, Instagram Login), or for
 * Instagram Login also `{access_token, user_id, permissions}` wrapped in `data: [...]` ⚠ (both
 * shapes appear in Meta's docs).
 */
export const graphCodeTokenSchema = z.union([
  z.object({ access_token: z.string().min(1), user_id: z.coerce.string().nullish() }),
  z
    .object({
      data: z
        .array(z.object({ access_token: z.string().min(1), user_id: z.coerce.string().nullish() }))
        .min(1),
    })
    .transform((value) => value.data[0]!),
]);

/** A paged list: `{data: [...], paging}`. */
export function graphListSchema<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item) });
}
