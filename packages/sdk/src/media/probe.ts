import type { ISOFile } from 'mp4box';

/**
 * What platforms check, read from a media file's own bytes: the real type (its signature, not
 * the file name, by file-type), image dimensions (image-size) and video dimensions and duration
 * (the `moov` box, parsed by mp4box). Only headers are read; nothing is decoded.
 */
export interface MediaProbe {
  mimeType: string;
  width?: number;
  height?: number;
  durationMs?: number;
}

/** The types RelayPost takes, by the type file-type reports. */
const SUPPORTED: Readonly<Record<string, string>> = {
  'image/png': 'image/png',
  'image/jpeg': 'image/jpeg',
  'image/gif': 'image/gif',
  'image/webp': 'image/webp',
  'video/mp4': 'video/mp4',
  // An MP4 with Apple's M4V brand (iTunes, HandBrake): the same container, sent as MP4.
  'video/x-m4v': 'video/mp4',
  'video/quicktime': 'video/quicktime',
};

/**
 * The file's type and size, or null for a type RelayPost does not take (or bytes that are no
 * media file at all).
 *
 * @example
 * ```ts
 * await probeMedia(await readFile('photo.png')) // { mimeType: 'image/png', width: 1080, height: 1350 }
 * ```
 */
export async function probeMedia(bytes: Uint8Array): Promise<MediaProbe | null> {
  // Loaded on first use: the worker imports this module's package and never probes.
  const { fileTypeFromBuffer } = await import('file-type');
  const mimeType = SUPPORTED[(await fileTypeFromBuffer(bytes))?.mime ?? ''];
  if (!mimeType) return null;
  const info = mimeType.startsWith('image/') ? await imageInfo(bytes) : await videoInfo(bytes);
  return { mimeType, ...info };
}

async function imageInfo(bytes: Uint8Array): Promise<{ width?: number; height?: number }> {
  const { imageSize } = await import('image-size');
  try {
    const { width, height } = imageSize(bytes);
    return { width, height };
  } catch {
    // The signature is right but the header is cut short: the type is known, the size is not.
    return {};
  }
}

async function videoInfo(
  bytes: Uint8Array,
): Promise<{ width?: number; height?: number; durationMs?: number }> {
  const moov = (await parseMp4(bytes))?.moov;
  if (!moov) return {};
  const info: { width?: number; height?: number; durationMs?: number } = {};
  const { mvhd, mvex } = moov;
  // A fragmented MP4 has no duration in mvhd; mehd, when there, has the whole length.
  const duration = mvhd.duration || Number(mvex?.mehd?.fragment_duration ?? 0);
  if (mvhd.timescale > 0 && duration > 0) info.durationMs = Math.round((duration / mvhd.timescale) * 1000);
  for (const trak of moov.traks) {
    // The track header's size is 16.16 fixed point; audio tracks have none.
    const width = trak.tkhd.width >>> 16;
    const height = trak.tkhd.height >>> 16;
    if (width > 0 && height > 0) return { ...info, width, height };
  }
  return info;
}

/** The parsed boxes, or undefined for bytes mp4box cannot make sense of. */
async function parseMp4(bytes: Uint8Array): Promise<ISOFile | undefined> {
  const { createFile, MP4BoxBuffer } = await import('mp4box');
  // mp4box reads an ArrayBuffer from its start: the upload's own buffer when the bytes are all of
  // it (large uploads are), else a copy (small Buffers are views into a shared pool).
  const whole =
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer
      ? bytes.buffer
      : new Uint8Array(bytes).buffer;
  const file = createFile();
  let failed = false;
  file.onError = () => {
    failed = true;
  };
  try {
    file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(whole, 0), true);
    file.flush();
  } catch {
    // A track without its media boxes: the boxes read so far (mvhd, tkhd) still count.
  }
  return failed && !file.moov ? undefined : file;
}
