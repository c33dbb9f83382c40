// The harness recipes as a project of their own: `npx vitest run --config examples/harness/vitest.config.mjs`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.test.mjs'],
    globalSetup: ['./vitest.global-setup.mjs'],
  },
});
