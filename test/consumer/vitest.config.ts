import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    include: ['*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
});
