import { describe, expect, it } from 'vitest';
import { loadWorkerConfig, WorkerConfigError } from './config.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
const valid = {
  DATABASE_URL: 'postgres://u@db/relaypost',
  RELAYPOST_ENCRYPTION_KEYS: `k1:${KEY}`,
  RELAYPOST_SIGNING_SECRET: 'x'.repeat(32),
};

describe('worker configuration', () => {
  it('applies defaults to a minimal environment', () => {
    const config = loadWorkerConfig(valid);
    expect(config.TEMPORAL_ADDRESS).toBe('localhost:7233');
    expect(config.RELAYPOST_ENCRYPTION_KEYS).toEqual([{ id: 'k1', key: KEY }]);
    expect(config.SCHEDULES).toBe(true);
    expect(config.PUBLISH_CONCURRENCY).toBe(64);
    expect(config.PUBLISH_HOLD_MAX).toBe(2000);
    expect(config.PUBLISH_LEAD_SECONDS).toBe(30);
    expect(config.PUBLISH_CLAIM_LEAD_MS).toBe(200);
    expect(config.DATABASE_POOL_MAX).toBe(10);
    expect(config.DATABASE_POOL_MIN).toBe(2);
  });

  it('reports every problem at once, naming each variable', () => {
    const problems = (env: NodeJS.ProcessEnv) => {
      try {
        loadWorkerConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(WorkerConfigError);
        return (error as WorkerConfigError).problems.join('\n');
      }
      throw new Error('expected the configuration to be refused');
    };
    const fields = problems({
      DATABASE_URL: 'mysql://db',
      RELAYPOST_ENCRYPTION_KEYS: 'k1:short',
      RELAYPOST_SIGNING_SECRET: 'short',
    });
    for (const name of ['DATABASE_URL', 'RELAYPOST_ENCRYPTION_KEYS', 'RELAYPOST_SIGNING_SECRET']) {
      expect(fields).toContain(name);
    }
    // Rules across variables, once each variable is valid on its own.
    const combined = problems({
      ...valid,
      MEDIA_STORE: 's3',
      TELEGRAM_MODE: 'webhook',
      DATABASE_POOL_MIN: '20',
      DATABASE_POOL_MAX: '10',
    });
    for (const name of ['S3_BUCKET', 'S3_ENDPOINT', 'RELAYPOST_PUBLIC_URL', 'DATABASE_POOL_MIN'])
      expect(combined).toContain(name);
  });

  it('never echoes a key back in its error', () => {
    const secret = `k1:${Buffer.alloc(16, 9).toString('base64')}`;
    expect(() => loadWorkerConfig({ ...valid, RELAYPOST_ENCRYPTION_KEYS: secret })).toThrow(
      WorkerConfigError,
    );
    try {
      loadWorkerConfig({ ...valid, RELAYPOST_ENCRYPTION_KEYS: secret });
    } catch (e) {
      expect((e as Error).message).not.toContain(secret.slice(3));
    }
  });
});
