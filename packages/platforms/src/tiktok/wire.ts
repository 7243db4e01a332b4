import { z } from 'zod';

/**
 * Minimal schemas of the TikTok v2 API bodies the adapter reads. Every API answer is
 * `{data, error:{code, message, log_id}}` with `code: "ok"` on success.
 */

export const tikTokErrorSchema = z.object({
  code: z.string(),
  message: z.string().nullish(),
  log_id: z.string().nullish(),
});

/** The envelope around a given `data` schema. */
export function envelope<T extends z.ZodType>(data: T) {
  return z.object({ data: data.nullish(), error: tikTokErrorSchema.nullish() });
}

export const tikTokOAuthErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().nullish(),
  log_id: z.string().nullish(),
});

/** `GET /v2/user/info/?fields=open_id,union_id,avatar_url,display_name,username`. */
export const userInfoSchema = envelope(
  z.object({
    user: z.object({
      open_id: z.string(),
      union_id: z.string().nullish(),
      avatar_url: z.string().nullish(),
      display_name: z.string().nullish(),
      username: z.string().nullish(),
    }),
  }),
);

/** `POST /v2/post/publish/creator_info/query/`. */
export const creatorInfoSchema = envelope(
  z.object({
    creator_username: z.string().nullish(),
    creator_nickname: z.string().nullish(),
    privacy_level_options: z.array(z.string()),
    comment_disabled: z.boolean().nullish(),
    duet_disabled: z.boolean().nullish(),
    stitch_disabled: z.boolean().nullish(),
    max_video_post_duration_sec: z.number().nullish(),
  }),
);
export type CreatorInfo = NonNullable<z.infer<typeof creatorInfoSchema>['data']>;

/** `.../video/init/`, `.../inbox/video/init/`, `.../content/init/`. */
export const initSchema = envelope(
  z.object({ publish_id: z.string().min(1), upload_url: z.string().nullish() }),
);

/** `POST /v2/post/publish/status/fetch/`. */
export const statusSchema = envelope(
  z.object({
    status: z.string(),
    fail_reason: z.string().nullish(),
    /** TikTok's own spelling. Only once moderation passed, for posts others can see. */
    publicaly_available_post_id: z.array(z.union([z.number(), z.string()])).nullish(),
    uploaded_bytes: z.number().nullish(),
    downloaded_bytes: z.number().nullish(),
  }),
);
export type PublishStatus = NonNullable<z.infer<typeof statusSchema>['data']>;

/** `POST /v2/video/list/?fields=...` (the user's recent public videos). */
export const videoListSchema = envelope(
  z.object({
    videos: z
      .array(
        z.object({
          id: z.string(),
          title: z.string().nullish(),
          video_description: z.string().nullish(),
          create_time: z.number().nullish(),
          share_url: z.string().nullish(),
        }),
      )
      .nullish(),
    cursor: z.number().nullish(),
    has_more: z.boolean().nullish(),
  }),
);

export const PRIVACY_LEVELS = [
  'PUBLIC_TO_EVERYONE',
  'MUTUAL_FOLLOW_FRIENDS',
  'FOLLOWER_OF_CREATOR',
  'SELF_ONLY',
] as const;
export type PrivacyLevel = (typeof PRIVACY_LEVELS)[number];
