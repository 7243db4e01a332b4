import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkChunkDeclaration, planChunks, TIKTOK_CHUNK_RULES } from './chunk-plan.js';

const MiB = 1024 * 1024;

describe('TikTok chunk plan', () => {
  it('sends a file under 5 MB whole', () => {
    const plan = planChunks(3 * MiB, 10 * MiB);
    expect(plan).toMatchObject({ chunkSize: 3 * MiB, totalChunkCount: 1 });
    expect(plan.chunks).toEqual([{ index: 0, start: 0, end: 3 * MiB - 1, length: 3 * MiB }]);
  });

  it('sends exactly 64 MB as one chunk with a 64 MB chunk size', () => {
    expect(planChunks(64_000_000, 64 * MiB)).toMatchObject({ chunkSize: 64_000_000, totalChunkCount: 1 });
  });

  it('sends a file over 64 MB in several chunks, whatever the preferred size', () => {
    for (const preferred of [64 * MiB, 100 * MiB, 128 * MiB, 1024 * MiB]) {
      const plan = planChunks(100 * MiB, preferred);
      expect(plan.totalChunkCount, `preferred ${preferred}`).toBeGreaterThanOrEqual(2);
      expect(plan.chunkSize).toBeLessThanOrEqual(64_000_000);
    }
    // 64 MiB is over 64 MB if TikTok's MB is 10^6 bytes: two chunks, valid under either reading.
    expect(planChunks(64 * MiB, 64 * MiB).totalChunkCount).toBe(2);
  });

  it('refuses a declaration that sends a file over 64 MB as one chunk', () => {
    expect(
      checkChunkDeclaration({ videoSize: 100 * MiB, chunkSize: 64_000_000, totalChunkCount: 1 }),
    ).toMatch(/multiple chunks/);
  });

  it('splits exactly 64 MB into floor(size/chunk) chunks with a smaller chunk size', () => {
    const plan = planChunks(64 * MiB, 10 * MiB);
    expect(plan.totalChunkCount).toBe(6);
    expect(plan.chunks.at(-1)).toMatchObject({ start: 50 * MiB, end: 64 * MiB - 1, length: 14 * MiB });
  });

  it('puts the trailing bytes of 130 MiB into a final chunk over chunk_size', () => {
    const plan = planChunks(130 * MiB, 64 * MiB);
    expect(plan).toMatchObject({ chunkSize: 64_000_000, totalChunkCount: 2 });
    expect(plan.chunks.map((c) => c.length)).toEqual([64_000_000, 130 * MiB - 64_000_000]);
  });

  it('plans 1 GiB in 64 MB chunks, the trailing bytes in the last', () => {
    const plan = planChunks(1024 * MiB, 64 * MiB);
    expect(plan.totalChunkCount).toBe(16);
    expect(plan.chunks.slice(0, -1).every((c) => c.length === 64_000_000)).toBe(true);
    expect(plan.chunks.at(-1)?.length).toBe(1024 * MiB - 15 * 64_000_000);
  });

  it('clamps the preferred chunk size into 5 MiB – 64 MB', () => {
    expect(planChunks(200 * MiB, 1 * MiB).chunkSize).toBe(5 * MiB);
    expect(planChunks(200 * MiB, 500 * MiB).chunkSize).toBe(64_000_000);
  });

  it('grows the chunk size to stay within 1000 chunks', () => {
    const plan = planChunks(6000 * MiB, 5 * MiB);
    expect(plan.totalChunkCount).toBeLessThanOrEqual(1000);
    expect(
      checkChunkDeclaration({
        videoSize: 6000 * MiB,
        chunkSize: plan.chunkSize,
        totalChunkCount: plan.totalChunkCount,
      }),
    ).toBeNull();
  });

  it('refuses a file that no plan fits', () => {
    expect(() => planChunks(70_000 * MiB, 64 * MiB)).toThrow(RangeError);
  });

  it('always covers every byte once, in order, within the rules', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4096 * MiB }),
        fc.integer({ min: 1, max: 128 * MiB }),
        (size, preferred) => {
          const plan = planChunks(size, preferred);
          let next = 0;
          for (const chunk of plan.chunks) {
            expect(chunk.start).toBe(next);
            next = chunk.end + 1;
          }
          expect(next).toBe(size);
          expect(plan.chunks).toHaveLength(plan.totalChunkCount);
          expect(
            checkChunkDeclaration({
              videoSize: size,
              chunkSize: plan.chunkSize,
              totalChunkCount: plan.totalChunkCount,
            }),
          ).toBeNull();
          for (const chunk of plan.chunks.slice(0, -1)) expect(chunk.length).toBe(plan.chunkSize);
          if (size > TIKTOK_CHUNK_RULES.maxChunkBytes) expect(plan.totalChunkCount).toBeGreaterThanOrEqual(2);
          expect(plan.chunks.at(-1)!.length).toBeLessThanOrEqual(TIKTOK_CHUNK_RULES.maxFinalChunkBytes);
        },
      ),
    );
  });
});
