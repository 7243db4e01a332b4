import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'temporal-testing': 'src/temporal-testing.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node22',
});
