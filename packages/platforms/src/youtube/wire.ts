import { z } from 'zod';

/**
 * Minimal schemas of the YouTube Data API v3 and Google OAuth bodies the adapter reads.
 * Optional response fields are `.nullish()`: Google omits empty fields.
 */

/** Google OAuth error body: `{error, error_description}`. */
export const googleOAuthErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().nullish(),
});

/** The Data API error envelope: `{error:{code,message,errors:[{domain,reason}]}}`. */
export const youTubeErrorSchema = z.object({
  error: z.object({
    code: z.number().nullish(),
    message: z.string().nullish(),
    errors: z
      .array(
        z.object({
          domain: z.string().nullish(),
          reason: z.string().nullish(),
          message: z.string().nullish(),
        }),
      )
      .nullish(),
    status: z.string().nullish(),
  }),
});
export type YouTubeErrorBody = z.infer<typeof youTubeErrorSchema>;

/** `GET /youtube/v3/channels?part=snippet,contentDetails&mine=true`. */
export const channelListSchema = z.object({
  items: z
    .array(
      z.object({
        id: z.string(),
        snippet: z
          .object({
            title: z.string().nullish(),
            customUrl: z.string().nullish(),
            thumbnails: z.record(z.string(), z.object({ url: z.string() })).nullish(),
          })
          .nullish(),
        contentDetails: z
          .object({ relatedPlaylists: z.object({ uploads: z.string().nullish() }).nullish() })
          .nullish(),
      }),
    )
    .nullish(),
});

/** A `youtube#video` resource as `videos.insert` returns it. */
export const videoSchema = z.object({
  id: z.string().min(1),
  snippet: z.object({ title: z.string().nullish(), publishedAt: z.string().nullish() }).nullish(),
  status: z.object({ privacyStatus: z.string().nullish(), uploadStatus: z.string().nullish() }).nullish(),
});
export type YouTubeVideo = z.infer<typeof videoSchema>;

/** `GET /youtube/v3/playlistItems?part=snippet&playlistId=…` (the channel's uploads). */
export const playlistItemsSchema = z.object({
  items: z
    .array(
      z.object({
        snippet: z
          .object({
            title: z.string().nullish(),
            description: z.string().nullish(),
            publishedAt: z.string().nullish(),
            resourceId: z.object({ videoId: z.string().nullish() }).nullish(),
          })
          .nullish(),
      }),
    )
    .nullish(),
});

/** The `videos.insert` metadata body sent when the resumable session starts. */
export interface VideoInsertBody {
  snippet: { title: string; description: string; tags?: string[]; categoryId?: string };
  status: {
    privacyStatus: 'private' | 'unlisted' | 'public';
    publishAt?: string;
    selfDeclaredMadeForKids: boolean;
  };
}
