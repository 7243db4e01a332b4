import { z } from 'zod';

/**
 * Minimal zod schemas of the Pinterest v5 bodies the adapter reads (checked against the official
 * OpenAPI document, pinterest/api-description `v5/openapi.json`). Optional answer fields are nullish.
 */

/** `GET /v5/user_account` → `Account`. */
export const pinterestAccountSchema = z.object({
  id: z.string().nullish(),
  username: z.string().min(1),
  account_type: z.string().nullish(),
  business_name: z.string().nullish(),
  profile_image: z.string().nullish(),
});

/** `Board`. */
export const pinterestBoardSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  privacy: z.string().nullish(),
});
export type PinterestBoardWire = z.infer<typeof pinterestBoardSchema>;

/** `BoardSection`. */
export const pinterestSectionSchema = z.object({ id: z.string(), name: z.string() });

/** A bookmark-paginated list (`Paginated`). */
export const pinterestPageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), bookmark: z.string().nullish() });

/** `Pin` (the fields the adapter reads). */
export const pinterestPinSchema = z.object({
  id: z.string(),
  board_id: z.string().nullish(),
  board_section_id: z.string().nullish(),
  title: z.string().nullish(),
  description: z.string().nullish(),
  link: z.string().nullish(),
  created_at: z.string().nullish(),
});
export type PinterestPinWire = z.infer<typeof pinterestPinSchema>;

/** `POST /v5/media` → `MediaUpload`. */
export const pinterestMediaUploadSchema = z.object({
  media_id: z.string(),
  media_type: z.string().nullish(),
  upload_url: z.string(),
  upload_parameters: z.record(z.string(), z.string()).nullish(),
});

/** `GET /v5/media/{media_id}` → `Media`. */
export const pinterestMediaSchema = z.object({
  media_id: z.string(),
  media_type: z.string().nullish(),
  status: z.enum(['registered', 'processing', 'succeeded', 'failed']).nullish(),
});
export type PinterestMediaWire = z.infer<typeof pinterestMediaSchema>;

/** The error envelope (`Error` / `Pinterest.Lib.Error`): `{code:int, message}`. */
export const pinterestErrorSchema = z.object({
  code: z.number(),
  message: z.string(),
});

/** OAuth errors can also come in RFC 6749 form. */
export const pinterestOAuthErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().nullish(),
});
