import { z } from 'zod';

/** `GET /me?fields=id,username`. */
export const threadsMeSchema = z.object({ id: z.coerce.string().min(1), username: z.string().nullish() });

/** `GET /{user}/threads?fields=id,text,timestamp`. */
export const threadsListSchema = z.object({
  data: z.array(
    z.object({
      id: z.coerce.string().min(1),
      text: z.string().nullish(),
      timestamp: z.string().nullish(),
      permalink: z.string().nullish(),
    }),
  ),
});

/** `GET /{media-id}?fields=permalink`. */
export const threadsPermalinkSchema = z.object({ permalink: z.string().nullish() });
