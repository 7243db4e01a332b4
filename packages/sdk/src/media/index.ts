/** `@relaypost/sdk/media`: media stores (local disk, S3-compatible), signed URLs and probing. */

export { type AddressPolicy, publicAddressesOnly, type UrlDownloadOptions } from './download.js';
export { createLocalMediaStore, openLocalMediaStream } from './local-store.js';
export { type MediaProbe, probeMedia } from './probe.js';
export { createS3MediaStore, type S3Credentials, type S3MediaStoreOptions } from './s3-store.js';
export { createSignedMediaUrls } from './signed-urls.js';
