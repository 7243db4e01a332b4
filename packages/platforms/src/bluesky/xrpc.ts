import { ContentRejectedError } from '@relaypost/core';
import type { KyInstance } from 'ky';
import { platformCall } from '../http/index.js';
import { mapBlueskyError } from './errors.js';
import {
  type BlobRef,
  createRecordSchema,
  getRecordSchema,
  resolveHandleSchema,
  type StrongRef,
  uploadBlobSchema,
} from './wire.js';

const PLATFORM = 'bluesky';
/** The collection every Bluesky post lives in. */
export const POST_COLLECTION = 'app.bsky.feed.post';

/** The XRPC methods the adapter calls, against one PDS (or entryway). */
export interface BlueskyXrpc {
  resolveHandle(handle: string, signal?: AbortSignal): Promise<string | null>;
  uploadBlob(jwt: string, bytes: Uint8Array, mimeType: string, signal?: AbortSignal): Promise<BlobRef>;
  createRecord(
    jwt: string,
    input: { repo: string; rkey: string; record: Record<string, unknown> },
    signal?: AbortSignal,
  ): Promise<StrongRef>;
  /** The post's strong ref, or null when there is no record at that key. */
  getRecord(jwt: string, repo: string, rkey: string, signal?: AbortSignal): Promise<StrongRef | null>;
  deleteRecord(jwt: string, repo: string, rkey: string, signal?: AbortSignal): Promise<void>;
}

const withSignal = (signal: AbortSignal | undefined) => (signal ? { signal } : {});

/**
 * Typed calls to the XRPC endpoints a publish needs; every failure comes back as the platform
 * error family.
 *
 * @example
 * ```ts
 * const xrpc = createBlueskyXrpc('https://bsky.social', createHttp());
 * const did = await xrpc.resolveHandle('alice.bsky.social');
 * ```
 */
export function createBlueskyXrpc(service: string, http: KyInstance): BlueskyXrpc {
  const url = (method: string) => `${service}/xrpc/${method}`;
  const auth = (jwt: string) => ({ authorization: `Bearer ${jwt}` });
  const read = { platform: PLATFORM, mutating: false, mapError: mapBlueskyError };

  return {
    async resolveHandle(handle, signal) {
      try {
        const body = await platformCall(read, () =>
          http
            .get(url('com.atproto.identity.resolveHandle'), {
              searchParams: { handle },
              ...withSignal(signal),
            })
            .json(),
        );
        return resolveHandleSchema.parse(body).did;
      } catch (error) {
        // `HandleNotFound` (or `InvalidRequest` from older servers): not an account.
        if (ContentRejectedError.isInstance(error) && error.status === 400) return null;
        throw error;
      }
    },

    async uploadBlob(jwt, bytes, mimeType, signal) {
      // An upload that may have landed is harmless to repeat: unreferenced blobs are dropped.
      const body = await platformCall(read, () =>
        http
          .post(url('com.atproto.repo.uploadBlob'), {
            headers: { ...auth(jwt), 'content-type': mimeType },
            body: bytes,
            ...withSignal(signal),
          })
          .json(),
      );
      return uploadBlobSchema.parse(body).blob;
    },

    async createRecord(jwt, { repo, rkey, record }, signal) {
      const body = await platformCall({ ...read, mutating: true }, () =>
        http
          .post(url('com.atproto.repo.createRecord'), {
            headers: auth(jwt),
            json: { repo, collection: POST_COLLECTION, rkey, record },
            ...withSignal(signal),
          })
          .json(),
      );
      return createRecordSchema.parse(body);
    },

    async getRecord(jwt, repo, rkey, signal) {
      try {
        const body = await platformCall(read, () =>
          http
            .get(url('com.atproto.repo.getRecord'), {
              headers: auth(jwt),
              searchParams: { repo, collection: POST_COLLECTION, rkey },
              ...withSignal(signal),
            })
            .json(),
        );
        const record = getRecordSchema.parse(body);
        // Strong refs need the CID; the PDS always returns it for a record it holds.
        return record.cid ? { uri: record.uri, cid: record.cid } : null;
      } catch (error) {
        if (
          ContentRejectedError.isInstance(error) &&
          (error.platformCode === 'RecordNotFound' || error.status === 404)
        )
          return null;
        throw error;
      }
    },

    async deleteRecord(jwt, repo, rkey, signal) {
      await platformCall({ ...read, mutating: false }, () =>
        http.post(url('com.atproto.repo.deleteRecord'), {
          headers: auth(jwt),
          json: { repo, collection: POST_COLLECTION, rkey },
          ...withSignal(signal),
        }),
      );
    },
  };
}
