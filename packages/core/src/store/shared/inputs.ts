import { z } from 'zod';
import { ValidationError } from '../../errors/validation-error.js';
import { accountStatusSchema } from '../../schemas/account.js';
import { idSchema, instantSchema } from '../../schemas/common.js';
import { platformIdSchema } from '../../schemas/platform.js';
import {
  approvalPolicySchema,
  captionRequestSchema,
  MAX_TARGETS_PER_POST,
  postContentSchema,
  postProblemSchema,
  postStatusSchema,
  publishTimeSchema,
  refuseDuplicateAccounts,
  targetErrorSchema,
  targetInputSchema,
} from '../../schemas/post.js';
import { textSchema } from '../../schemas/text.js';

/** Schemas for the store's own arguments (list filters, patches); entity inputs live in schemas/. */

const limit = (fallback: number, max: number) => z.number().int().min(1).max(max).default(fallback);

export const pageOptionsSchema = z.object({
  limit: limit(50, 500),
  cursor: z.string().min(1).optional(),
});

export const listPostsFilterSchema = z.object({
  status: z.union([postStatusSchema, z.array(postStatusSchema).min(1)]).optional(),
  accountId: idSchema.optional(),
  platform: platformIdSchema.optional(),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
  limit: limit(50, 500),
  cursor: z.string().min(1).optional(),
});
export type ParsedListPostsFilter = z.output<typeof listPostsFilterSchema>;

export const listAccountsFilterSchema = z.object({
  platform: platformIdSchema.optional(),
  status: accountStatusSchema.optional(),
});

export const listExpiringSchema = z.object({
  before: instantSchema,
  limit: limit(100, 1000),
});

export const listHistoryFilterSchema = z.object({
  postId: idSchema.optional(),
  accountId: idSchema.optional(),
  afterSeq: z.number().int().nonnegative().optional(),
  limit: limit(100, 1000),
});

export const purgeHistorySchema = z.object({ before: instantSchema });

export const listUnfinishedSchema = z
  .object({
    updatedBefore: instantSchema,
    limit: limit(100, 1000),
    cursor: z.string().min(1).optional(),
  })
  .strict();

export const postPatchSchema = z
  .object({
    content: postContentSchema.optional(),
    targets: z.array(targetInputSchema).min(1).max(MAX_TARGETS_PER_POST).optional(),
    publishAt: publishTimeSchema.nullable().optional(),
    approval: approvalPolicySchema.optional(),
    caption: captionRequestSchema.nullable().optional(),
  })
  .strict()
  .superRefine((patch, ctx) => refuseDuplicateAccounts(patch.targets, ctx));
export type ParsedPostPatch = z.output<typeof postPatchSchema>;

/** `media.update`'s patch: only what describes the file. */
export const mediaPatchSchema = z
  .object({ altText: textSchema({ max: 2000 }).nullable().optional() })
  .strict();

/** A problem as `setStatus` takes it: the store stamps when it was written. */
export const problemInputSchema = postProblemSchema.omit({ at: true });

/** A publish hold's name: chosen by the caller, opaque to the store. */
export const holdSchema = z.string().min(1).max(200);

export const updateOptionsSchema = z.object({
  expectedVersion: z.number().int().positive().optional(),
});

export const targetResultPatchSchema = z
  .object({
    externalId: z.string().max(512).nullable().optional(),
    url: z.string().max(2048).nullable().optional(),
    publishedAt: instantSchema.nullable().optional(),
    error: targetErrorSchema.nullable().optional(),
  })
  .strict();

/**
 * Parses one positional argument; issues are named after it (`status`, `result.url`), not `(root)`.
 */
export function parseArg<S extends z.ZodType>(schema: S, value: unknown, name: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, name, name);
  return parsed.data;
}
