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
    expect(planChunks(64 * MiB, 64 * MiB)).toMatchObject({ chunkSize: 64 * MiB, totalChunkCount: 1 });
  });

  it('splits exactly 64 MB into floor(size/chunk) chunks with a smaller chunk size', () => {
    const plan = planChunks(64 * MiB, 10 * MiB);
    expect(plan.totalChunkCount).toBe(6);
    expect(plan.chunks.at(-1)).toMatchObject({ start: 50 * MiB, end: 64 * MiB - 1, length: 14 * MiB });
  });

  it('puts the trailing bytes of 130 MB into a final chunk over chunk_size', () => {
    const plan = planChunks(130 * MiB, 64 * MiB);
    expect(plan).toMatchObject({ chunkSize: 64 * MiB, totalChunkCount: 2 });
    expect(plan.chunks.map((c) => c.length)).toEqual([64 * MiB, 66 * MiB]);
  });

  it('plans 1 GB in 64 MB chunks', () => {
    const plan = planChunks(1024 * MiB, 64 * MiB);
    expect(plan.totalChunkCount).toBe(16);
    expect(plan.chunks.every((c) => c.length === 64 * MiB)).toBe(true);
  });

  it('clamps the preferred chunk size into 5–64 MB', () => {
    expect(planChunks(200 * MiB, 1 * MiB).chunkSize).toBe(5 * MiB);
    expect(planChunks(200 * MiB, 500 * MiB).chunkSize).toBe(64 * MiB);
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
          expect(plan.chunks.at(-1)!.length).toBeLessThanOrEqual(TIKTOK_CHUNK_RULES.maxFinalChunkBytes);
        },
      ),
    );
  });
});
