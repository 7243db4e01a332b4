/**
 * Reads what platforms check from a media file's own bytes: the real type (magic numbers, not
 * the file name), image dimensions (PNG, JPEG, GIF, WebP) and video dimensions and duration
 * (MP4 / QuickTime `moov` boxes). Only headers are parsed; nothing is decoded.
 */
export interface MediaProbe {
  mimeType: string;
  width?: number;
  height?: number;
  durationMs?: number;
}

/**
 * @example
 * ```ts
 * probeMedia(await readFile('photo.png')) // { mimeType: 'image/png', width: 1080, height: 1350 }
 * ```
 */
export function probeMedia(bytes: Uint8Array): MediaProbe | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47) {
    return { mimeType: 'image/png', width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  }
  if (b.length >= 10 && b.toString('ascii', 0, 4) === 'GIF8') {
    return { mimeType: 'image/gif', width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
  }
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff)
    return { mimeType: 'image/jpeg', ...jpegSize(b) };
  if (b.length >= 30 && b.toString('ascii', 0, 4) === 'RIFF' && b.toString('ascii', 8, 12) === 'WEBP') {
    return { mimeType: 'image/webp', ...webpSize(b) };
  }
  if (b.length >= 12 && b.toString('ascii', 4, 8) === 'ftyp') {
    const brand = b.toString('ascii', 8, 12);
    return { mimeType: brand === 'qt  ' ? 'video/quicktime' : 'video/mp4', ...mp4Info(b) };
  }
  return null;
}

function jpegSize(b: Buffer): { width?: number; height?: number } {
  let offset = 2;
  while (offset + 9 < b.length) {
    if (b[offset] !== 0xff) return {};
    const marker = b[offset + 1] ?? 0;
    const length = b.readUInt16BE(offset + 2);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: b.readUInt16BE(offset + 5), width: b.readUInt16BE(offset + 7) };
    }
    offset += 2 + length;
  }
  return {};
}

function webpSize(b: Buffer): { width?: number; height?: number } {
  const chunk = b.toString('ascii', 12, 16);
  if (chunk === 'VP8X') return { width: 1 + b.readUIntLE(24, 3), height: 1 + b.readUIntLE(27, 3) };
  if (chunk === 'VP8 ') return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
  if (chunk === 'VP8L') {
    const bits = b.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  return {};
}

interface Box {
  type: string;
  start: number;
  end: number;
  body: number;
}

function* boxes(b: Buffer, start: number, end: number): Generator<Box> {
  let offset = start;
  while (offset + 8 <= end) {
    let size = b.readUInt32BE(offset);
    const type = b.toString('ascii', offset + 4, offset + 8);
    let header = 8;
    if (size === 1 && offset + 16 <= end) {
      size = Number(b.readBigUInt64BE(offset + 8));
      header = 16;
    } else if (size === 0) {
      size = end - offset;
    }
    if (size < header) return;
    yield { type, start: offset, end: Math.min(offset + size, end), body: offset + header };
    offset += size;
  }
}

function mp4Info(b: Buffer): { width?: number; height?: number; durationMs?: number } {
  const moov = [...boxes(b, 0, b.length)].find((box) => box.type === 'moov');
  if (!moov) return {};
  const info: { width?: number; height?: number; durationMs?: number } = {};
  for (const box of boxes(b, moov.body, moov.end)) {
    if (box.type === 'mvhd') {
      const version = b[box.body] ?? 0;
      const timescale = version === 1 ? b.readUInt32BE(box.body + 20) : b.readUInt32BE(box.body + 12);
      const duration =
        version === 1 ? Number(b.readBigUInt64BE(box.body + 24)) : b.readUInt32BE(box.body + 16);
      if (timescale > 0) info.durationMs = Math.round((duration / timescale) * 1000);
    }
    if (box.type === 'trak' && info.width === undefined) {
      const tkhd = [...boxes(b, box.body, box.end)].find((inner) => inner.type === 'tkhd');
      if (tkhd) {
        // Width and height are 16.16 fixed point at the end of the tkhd box; audio tracks have 0.
        const width = b.readUInt32BE(tkhd.end - 8) >>> 16;
        const height = b.readUInt32BE(tkhd.end - 4) >>> 16;
        if (width > 0 && height > 0) {
          info.width = width;
          info.height = height;
        }
      }
    }
  }
  return info;
}
