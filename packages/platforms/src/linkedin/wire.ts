import { z } from 'zod';

/**
 * Minimal zod schemas of the LinkedIn bodies the adapter reads (learn.microsoft.com/linkedin:
 * posts-api, images-api, videos-api, organization-access-control, programmatic-refresh-tokens,
 * sign-in-with-linkedin-v2). Optional answer fields are nullish.
 */

/** `GET /v2/userinfo` (OpenID Connect; `sub` is the member id of `urn:li:person:{sub}`). */
export const linkedInUserInfoSchema = z.object({
  sub: z.string().min(1),
  name: z.string().nullish(),
  given_name: z.string().nullish(),
  family_name: z.string().nullish(),
  picture: z.string().nullish(),
  email: z.string().nullish(),
  locale: z.unknown().optional(),
});

/** `GET /rest/organizationAcls?q=roleAssignee`. */
export const linkedInOrganizationAclsSchema = z.object({
  elements: z.array(
    z.object({
      organization: z.string(),
      role: z.string().nullish(),
      state: z.string().nullish(),
      roleAssignee: z.string().nullish(),
    }),
  ),
  paging: z
    .object({ start: z.number().nullish(), count: z.number().nullish(), total: z.number().nullish() })
    .nullish(),
});

/** `GET /rest/organizations/{id}`. */
export const linkedInOrganizationSchema = z.object({
  id: z.union([z.number(), z.string()]).nullish(),
  localizedName: z.string().nullish(),
  vanityName: z.string().nullish(),
});

/** `POST /rest/images?action=initializeUpload`. */
export const linkedInImageInitSchema = z.object({
  value: z.object({
    uploadUrl: z.string().min(1),
    image: z.string().min(1),
    uploadUrlExpiresAt: z.number().nullish(),
  }),
});

/** `POST /rest/videos?action=initializeUpload`. */
export const linkedInVideoInitSchema = z.object({
  value: z.object({
    video: z.string().min(1),
    uploadInstructions: z
      .array(z.object({ uploadUrl: z.string().min(1), firstByte: z.number(), lastByte: z.number() }))
      .min(1),
    /** Empty for single-part uploads. */
    uploadToken: z.string().nullish(),
    uploadUrlsExpireAt: z.number().nullish(),
  }),
});
export type LinkedInUploadInstruction = z.infer<
  typeof linkedInVideoInitSchema
>['value']['uploadInstructions'][number];

/** The media statuses of `GET /rest/images/{urn}` and `GET /rest/videos/{urn}`. */
export const LINKEDIN_MEDIA_STATUSES = [
  'WAITING_UPLOAD',
  'PROCESSING',
  'AVAILABLE',
  'PROCESSING_FAILED',
] as const;

/** `GET /rest/images/{urn}` or `GET /rest/videos/{urn}`. */
export const linkedInMediaStatusSchema = z.object({
  id: z.string().nullish(),
  status: z.string(),
  processingFailureReason: z.string().nullish(),
});

/** One post of the `q=author` finder. */
export const linkedInPostSchema = z.object({
  id: z.string(),
  author: z.string().nullish(),
  commentary: z.string().nullish(),
  createdAt: z.number().nullish(),
  publishedAt: z.number().nullish(),
  lifecycleState: z.string().nullish(),
});
export type LinkedInPost = z.infer<typeof linkedInPostSchema>;

/** `GET /rest/posts?q=author`. */
export const linkedInPostsFinderSchema = z.object({
  elements: z.array(linkedInPostSchema),
});

/** LinkedIn's error body: `{message, serviceErrorCode, status}`, with input errors on validation. */
export const linkedInErrorSchema = z.object({
  message: z.string().nullish(),
  serviceErrorCode: z.number().nullish(),
  status: z.number().nullish(),
  code: z.string().nullish(),
  errorDetailType: z.string().nullish(),
  errorDetails: z
    .object({
      inputErrors: z
        .array(
          z.object({
            description: z.string().nullish(),
            code: z.string().nullish(),
            input: z.object({ inputPath: z.object({ fieldPath: z.string().nullish() }).nullish() }).nullish(),
          }),
        )
        .nullish(),
    })
    .nullish(),
});
export type LinkedInErrorBody = z.infer<typeof linkedInErrorSchema>;

/** OAuth 2.0 token endpoint errors (RFC 6749 §5.2). */
export const linkedInOAuthErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().nullish(),
});
