import { defineConfig } from 'tsup';

export default defineConfig({
  // `app` is the entry host apps and `relaypost dev` import; `server` runs the app standalone.
  entry: { app: 'src/app.ts', server: 'src/server.ts' },
  format: ['esm'],
  dts: { entry: { app: 'src/app.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node24',
});
