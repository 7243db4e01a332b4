import { defineConfig } from 'tsup';

export default defineConfig({
  // `start` is what host apps and `relaypost dev` import; `server` runs the app standalone.
  // Next.js builds `app/` into `.next` separately (`next build`).
  entry: { start: 'src/start.ts', server: 'src/server.ts' },
  format: ['esm'],
  dts: { entry: { start: 'src/start.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node24',
});
