export {
  type CreateKeyringOptions,
  createKeyring,
  generateEncryptionKey,
  type Keyring,
  type KeyringKey,
} from './keyring.js';
export { redactText } from './redact.js';
export { Secret } from './secret.js';
