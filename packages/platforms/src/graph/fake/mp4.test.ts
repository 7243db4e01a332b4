import { describe, expect, it } from 'vitest';
import { makeFakeVideo } from '../../testing/media-fixtures.js';
import { makeMp4, mp4DurationMs } from './mp4.js';

describe('mp4DurationMs', () => {
  it('reads the duration an MP4 declares in moov/mvhd', () => {
    const bytes = makeMp4({ durationMs: 25 * 60_000, sizeBytes: 4096 });
    expect(bytes.length).toBe(4096);
    expect(mp4DurationMs(bytes)).toBe(25 * 60_000);
  });

  it('reads a version 1 mvhd (64-bit duration) with another timescale', () => {
    const mvhd = Buffer.alloc(112);
    mvhd[0] = 1;
    mvhd.writeUInt32BE(90_000, 20);
    mvhd.writeBigUInt64BE(90_000n * 3600n * 5n, 24);
    const inner = Buffer.concat([Buffer.from([0, 0, 0, 8 + 112]), Buffer.from('mvhd'), mvhd]);
    const moov = Buffer.concat([Buffer.alloc(4), Buffer.from('moov'), inner]);
    moov.writeUInt32BE(moov.length, 0);
    expect(mp4DurationMs(moov)).toBe(5 * 3600 * 1000);
  });

  it('says nothing about bytes without a moov box', () => {
    expect(mp4DurationMs(makeFakeVideo(2000))).toBeUndefined();
    expect(mp4DurationMs(Buffer.alloc(3))).toBeUndefined();
  });
});
