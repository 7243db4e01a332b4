import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveWorkspaceSecret, signCallbackData, verifyCallbackData } from './callback-data.js';

const SECRET = 'test-callback-secret';

describe('callback data', () => {
  it('round-trips every action within 64 bytes', () => {
    const postId = randomUUID();
    for (const action of ['approve', 'reject', 'regenerate'] as const) {
      const data = signCallbackData(SECRET, postId, action);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(data).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(data).not.toContain(postId.slice(0, 8));
      expect(verifyCallbackData(SECRET, data)).toEqual({ postId, action });
    }
  });

  it('rejects tampered, truncated, foreign and malformed data', () => {
    const postId = randomUUID();
    const data = signCallbackData(SECRET, postId, 'reject');
    const raw = Buffer.from(data, 'base64url');
    for (const index of [0, 16, raw.length - 1]) {
      const tampered = Buffer.from(raw);
      tampered[index] = (tampered[index] ?? 0) ^ 0x01;
      expect(verifyCallbackData(SECRET, tampered.toString('base64url'))).toBeNull();
    }
    // Turning "reject" into "approve" without the secret fails.
    const flipped = Buffer.from(raw);
    flipped[16] = 0;
    expect(verifyCallbackData(SECRET, flipped.toString('base64url'))).toBeNull();
    expect(verifyCallbackData(SECRET, data.slice(0, -2))).toBeNull();
    expect(verifyCallbackData('another-secret', data)).toBeNull();
    expect(verifyCallbackData(SECRET, '')).toBeNull();
    expect(verifyCallbackData(SECRET, 'approve:123')).toBeNull();
    expect(verifyCallbackData(SECRET, 'x'.repeat(100))).toBeNull();
  });

  it('derives different secrets per workspace and purpose', () => {
    const a = deriveWorkspaceSecret(SECRET, 'callback', randomUUID());
    const b = deriveWorkspaceSecret(SECRET, 'callback', randomUUID());
    expect(a).not.toBe(b);
    const data = signCallbackData(a, randomUUID(), 'approve');
    expect(verifyCallbackData(b, data)).toBeNull();
    expect(deriveWorkspaceSecret(SECRET, 'webhook', 'w')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses ids that are not UUIDs', () => {
    expect(() => signCallbackData(SECRET, 'not-a-uuid', 'approve')).toThrow(/UUID/);
  });
});
