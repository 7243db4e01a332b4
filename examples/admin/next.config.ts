import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

/**
 * Built with `next build` and served by `src/start.ts` (a custom server, so the worker's dev mode
 * can run it in its own process with its own SDK object). No remote fonts or images: the build
 * works offline.
 */
const config: NextConfig = {
  // RelayPost, the database drivers and sharp stay Node modules, loaded at run time rather than
  // bundled: smaller, faster builds, and one copy of each in the process.
  serverExternalPackages: [
    '@relaypost/core',
    '@relaypost/sdk',
    'better-auth',
    'grammy',
    'kysely',
    'pg',
    'sharp',
  ],
  // `npm run typecheck` type-checks; the build does not do it twice.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  devIndicators: false,
  turbopack: { root: fileURLToPath(new URL('../..', import.meta.url)) },
  experimental: {
    // Media uploads go through server actions (which check the Origin header: CSRF).
    serverActions: { bodySizeLimit: '200mb' },
    optimizePackageImports: ['@mantine/core', '@mantine/dates', '@mantine/charts', '@tabler/icons-react'],
  },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default config;
