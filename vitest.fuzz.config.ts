import { defineConfig } from 'vitest/config';

// `npm run fuzz`: the long mutation runs, kept out of `npm test`.
export default defineConfig({
  test: {
    include: ['test/**/*.fuzz.ts'],
    globalSetup: ['test/setup/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 1_800_000,
    hookTimeout: 300_000,
  },
});
