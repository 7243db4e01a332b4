/**
 * `@relaypost/sdk/media`: media stores (local disk, S3-compatible) and signed URLs.
 *
 * @packageDocumentation
 */

export type { UrlDownloadOptions } from './download.js';
export { createLocalMediaStore } from './local-store.js';
export { createS3MediaStore, type S3Credentials, type S3MediaStoreOptions } from './s3-store.js';
export { createSignedMediaUrls } from './signed-urls.js';
