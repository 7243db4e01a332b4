import { z } from 'zod';

/** `GET /{ig-user-id}/content_publishing_limit?fields=quota_usage,config`. */
export const instagramPublishingLimitSchema = z.object({
  data: z.array(
    z.object({
      quota_usage: z.coerce.number().nullish(),
      config: z
        .object({ quota_total: z.coerce.number().nullish(), quota_duration: z.coerce.number().nullish() })
        .nullish(),
    }),
  ),
});

/** `GET /{ig-user-id}/media?fields=id,caption,timestamp`. */
export const instagramMediaListSchema = z.object({
  data: z.array(
    z.object({
      id: z.coerce.string().min(1),
      caption: z.string().nullish(),
      timestamp: z.string().nullish(),
      permalink: z.string().nullish(),
    }),
  ),
});

/** `GET /{ig-media-id}?fields=permalink`. */
export const instagramPermalinkSchema = z.object({ permalink: z.string().nullish() });

/** `GET /me?fields=user_id,username` (Instagram Login). */
export const instagramMeSchema = z.object({
  id: z.coerce.string().nullish(),
  user_id: z.coerce.string().nullish(),
  username: z.string().nullish(),
});
