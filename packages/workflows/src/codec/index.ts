export { type CodecServerOptions, createCodecServer } from './codec-server.js';
export { createRelayPostDataConverter, failureConverterPath } from './data-converter.js';
export {
  createEncryptionCodec,
  type EncryptionCodec,
  type EncryptionCodecOptions,
  type EncryptionKey,
} from './encryption-codec.js';
