/**
 * Minimal zod schemas of the XRPC bodies RelayPost reads (lexicons in bluesky-social/atproto
 * `lexicons/com/atproto/...`). Optional response fields are `.nullish()`.
 */
import { z } from 'zod';

/** `{error, message}`: every XRPC error answer. */
export const xrpcErrorSchema = z.object({
  error: z.string().nullish(),
  message: z.string().nullish(),
});
export type XrpcError = z.infer<typeof xrpcErrorSchema>;

/** `com.atproto.server.createSession` / `refreshSession` output. */
export const sessionSchema = z.object({
  accessJwt: z.string().min(1),
  refreshJwt: z.string().min(1),
  handle: z.string().min(1),
  did: z.string().startsWith('did:'),
  didDoc: z.unknown().nullish(),
  email: z.string().nullish(),
  active: z.boolean().nullish(),
});
export type Session = z.infer<typeof sessionSchema>;

/** `com.atproto.identity.resolveHandle` output. */
export const resolveHandleSchema = z.object({ did: z.string().startsWith('did:') });

/** A blob reference as `uploadBlob` returns it and records embed it. */
export const blobRefSchema = z.object({
  $type: z.literal('blob'),
  ref: z.object({ $link: z.string().min(1) }),
  mimeType: z.string().min(1),
  size: z.number().int().nonnegative(),
});
export type BlobRef = z.infer<typeof blobRefSchema>;

/** `com.atproto.repo.uploadBlob` output. */
export const uploadBlobSchema = z.object({ blob: blobRefSchema });

/** `com.atproto.repo.createRecord` output (also a strong ref: uri + cid). */
export const createRecordSchema = z.object({
  uri: z.string().startsWith('at://'),
  cid: z.string().min(1),
});
export type StrongRef = z.infer<typeof createRecordSchema>;

/** `com.atproto.repo.getRecord` output. */
export const getRecordSchema = z.object({
  uri: z.string().startsWith('at://'),
  cid: z.string().nullish(),
  value: z.record(z.string(), z.unknown()),
});
