export {
  type CreateKeyringOptions,
  createKeyring,
  generateEncryptionKey,
  type Keyring,
  type KeyringKey,
} from './keyring.js';
export { isSecretKey, redact, redactText } from './redact.js';
export { Secret, toSecret } from './secret.js';
