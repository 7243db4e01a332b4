/** One ISO BMFF box: its type and where its payload lies. */
interface Box {
  type: string;
  start: number;
  end: number;
}

function* boxes(bytes: Buffer, from: number, to: number): Generator<Box> {
  let at = from;
  while (at + 8 <= to) {
    let size = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    let header = 8;
    if (size === 1) {
      if (at + 16 > to) return;
      size = Number(bytes.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) {
      size = to - at;
    }
    if (size < header || at + size > to) return;
    yield { type, start: at + header, end: at + size };
    at += size;
  }
}

/**
 * The duration an MP4/MOV file declares in its `moov/mvhd` box, in milliseconds, or undefined
 * when it has none. The fakes read it where the real platform decodes the video, to enforce
 * the documented duration limits on the file itself rather than on what the client claims.
 *
 * @example
 * ```ts
 * mp4DurationMs(bytes) // 1_500_000 for a 25-minute file
 * ```
 */
export function mp4DurationMs(bytes: Buffer): number | undefined {
  for (const moov of boxes(bytes, 0, bytes.length)) {
    if (moov.type !== 'moov') continue;
    for (const mvhd of boxes(bytes, moov.start, moov.end)) {
      if (mvhd.type !== 'mvhd') continue;
      const version = bytes[mvhd.start];
      // version 0: 4-byte times, timescale, duration; version 1: 8-byte times and duration.
      const timescaleAt = mvhd.start + (version === 1 ? 20 : 12);
      if (timescaleAt + (version === 1 ? 12 : 8) > mvhd.end) return undefined;
      const timescale = bytes.readUInt32BE(timescaleAt);
      const duration =
        version === 1 ? Number(bytes.readBigUInt64BE(timescaleAt + 4)) : bytes.readUInt32BE(timescaleAt + 4);
      return timescale > 0 ? Math.round((duration / timescale) * 1000) : undefined;
    }
  }
  return undefined;
}

function box(type: string, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + payload.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, payload]);
}

/**
 * Bytes shaped like an MP4 file that declares `durationMs` (`ftyp`, `moov/mvhd` version 0 with a
 * 1 kHz timescale, then `mdat` filler up to `sizeBytes`), for tests of duration limits.
 *
 * @example
 * ```ts
 * const long = makeMp4({ durationMs: 25 * 60_000, sizeBytes: 300_000 });
 * ```
 */
export function makeMp4(input: { durationMs: number; sizeBytes: number }): Buffer {
  const ftyp = box('ftyp', Buffer.from('mp42\u0000\u0000\u0000\u0000mp42isom', 'latin1'));
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(1000, 12); // timescale: milliseconds
  mvhd.writeUInt32BE(input.durationMs, 16);
  const moov = box('moov', box('mvhd', mvhd));
  const fill = Math.max(0, input.sizeBytes - ftyp.length - moov.length - 8);
  const filler = Buffer.alloc(fill);
  for (let i = 0; i < fill; i++) filler[i] = i % 251;
  const mdat = box('mdat', filler);
  return Buffer.concat([ftyp, moov, mdat]);
}
