import { readFileSync } from 'node:fs';
import sharp from 'sharp';

/** A real image file of the given size, encoded by libvips (sharp). */
export async function makeImage(
  format: 'png' | 'jpeg' | 'jpeg-progressive' | 'gif' | 'webp' | 'webp-lossless' | 'webp-alpha' | 'tiff',
  width: number,
  height: number,
): Promise<Buffer> {
  const alpha = format === 'webp-alpha' ? 0.5 : 1;
  const image = sharp({
    create: { width, height, channels: 4, background: { r: 40, g: 120, b: 200, alpha } },
  });
  switch (format) {
    case 'png':
      return image.png().toBuffer();
    case 'jpeg':
      return image.jpeg().toBuffer();
    case 'jpeg-progressive':
      return image.jpeg({ progressive: true }).toBuffer();
    case 'gif':
      return image.gif().toBuffer();
    case 'webp':
    case 'webp-alpha':
      return image.webp().toBuffer();
    case 'webp-lossless':
      return image.webp({ lossless: true }).toBuffer();
    case 'tiff':
      return image.tiff().toBuffer();
  }
}

/**
 * A video made by ffmpeg, from `test/media-fixtures/` (its README says how each was made).
 */
export function videoFixture(
  name:
    | 'h264-64x36-2s-audio-first.mp4'
    | 'h264-36x64-1s.mov'
    | 'h264-48x48-fragmented.mp4'
    | 'h264-16x16-150s.mp4'
    | 'h264-16x16-12s.mp4'
    | 'h264-16x16-300ms.mp4',
): Buffer {
  return readFileSync(new URL(`./media-fixtures/${name}`, import.meta.url));
}
