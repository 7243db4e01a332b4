import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface DevSecrets {
  encryptionKeys: string;
  signingSecret: string;
  adminSessionSecret: string;
}

/**
 * Dev mode's keys, made on the first run and kept in `.relaypost/dev-secrets.json` (mode 600)
 * so data encrypted yesterday still opens today. Production takes keys from the environment.
 */
export async function loadDevSecrets(dir: string): Promise<DevSecrets> {
  const path = join(dir, 'dev-secrets.json');
  try {
    return JSON.parse(await readFile(path, 'utf8')) as DevSecrets;
  } catch {
    const secrets: DevSecrets = {
      encryptionKeys: `dev1:${randomBytes(32).toString('base64')}`,
      signingSecret: randomBytes(32).toString('base64url'),
      adminSessionSecret: randomBytes(32).toString('base64url'),
    };
    await mkdir(dir, { recursive: true });
    await writeFile(path, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    return secrets;
  }
}
