export {
  type CreateKeyringOptions,
  createKeyring,
  generateEncryptionKey,
  type Keyring,
  type KeyringKey,
} from './keyring.js';
export { redact, redactText } from './redact.js';
export { Secret } from './secret.js';
