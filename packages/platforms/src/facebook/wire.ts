import { z } from 'zod';

/** `GET /me/accounts?fields=id,name,access_token,tasks`: the pages the user manages. */
export const facebookAccountsSchema = z.object({
  data: z.array(
    z.object({
      id: z.coerce.string().min(1),
      name: z.string().nullish(),
      access_token: z.string().nullish(),
      tasks: z.array(z.string()).nullish(),
      instagram_business_account: z
        .object({ id: z.coerce.string().min(1), username: z.string().nullish() })
        .nullish(),
    }),
  ),
});

/** `POST /{page-id}/photos` → `{id, post_id}` (`post_id` only when published). */
export const facebookPhotoSchema = z.object({
  id: z.coerce.string().min(1),
  post_id: z.coerce.string().nullish(),
});

/** `GET /{page-id}/feed?fields=id,message,created_time`. */
export const facebookFeedSchema = z.object({
  data: z.array(
    z.object({
      id: z.coerce.string().min(1),
      message: z.string().nullish(),
      created_time: z.string().nullish(),
    }),
  ),
});
