import { readFile } from 'node:fs/promises';
import type { Reply } from './http/http.js';

/**
 * `public/` sits beside `src/` and `dist/`, so the same relative URL finds it from the sources
 * (tests, dev) and from the build.
 */
const PUBLIC_DIR = new URL('../public/', import.meta.url);

const TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
};

const cache = new Map<string, Uint8Array>();

/** Serves a file from `public/`; names are plain (`app.css`), never paths. */
export async function serveStatic(name: string): Promise<Reply> {
  const extension = /^[a-z0-9-]+\.([a-z0-9]+)$/.exec(name)?.[1];
  const type = extension ? TYPES[extension] : undefined;
  if (!type) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' };
  try {
    let bytes = cache.get(name);
    if (!bytes) {
      bytes = await readFile(new URL(name, PUBLIC_DIR));
      if (process.env.NODE_ENV === 'production') cache.set(name, bytes);
    }
    return { status: 200, headers: { 'content-type': type, 'cache-control': 'no-cache' }, body: bytes };
  } catch {
    return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' };
  }
}
