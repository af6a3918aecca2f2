import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shared', root: './shared', include: ['test/**/*.test.ts'] } },
      { test: { name: 'server', root: './server', include: ['test/**/*.test.ts'], testTimeout: 20_000 } },
      { test: { name: 'client', root: './client', include: ['test/**/*.test.ts', 'test/**/*.test.tsx'] } },
      {
        test: {
          name: 'e2e',
          root: './e2e',
          include: ['test/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Browsers are heavy on two cores: one e2e file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
