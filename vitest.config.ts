import { configDefaults, defineConfig } from 'vitest/config';

const shared = {
  setupFiles: ['test/setup.ts'],
  // One module graph per worker, not per file: every file would otherwise load ESLint, the
  // typescript-eslint parser and TypeScript again (about a third of `npm test` on 2 cores). The
  // tests keep no state between files: temporary folders are their own, and the value-flow
  // caches are keyed by each parse.
  isolate: false,
  testTimeout: 30_000,
  hookTimeout: 30_000,
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: 'eslint10',
          include: ['test/**/*.test.ts'],
          // Its own project (npm run test:corpus, run by .ci/run): minutes of linting on 2 cores.
          // Fixtures are code to lint, not tests, even where they are named *.test.ts.
          exclude: [...configDefaults.exclude, 'test/corpus/**', 'test/fixtures/**'],
          env: { EXPECTED_ESLINT_MAJOR: '10' },
        },
      },
      {
        // Same rule, docs and example tests on ESLint 9: `eslint` resolves to the `eslint9`
        // alias package, for ESM imports through the alias and for CommonJS requires (inside the
        // rule tester) through test/setup-eslint9.ts.
        resolve: { alias: [{ find: /^eslint(\/.*)?$/, replacement: 'eslint9$1' }] },
        test: {
          ...shared,
          name: 'eslint9',
          setupFiles: ['test/setup-eslint9.ts', ...shared.setupFiles],
          include: ['test/rules/**/*.test.ts', 'test/docs.test.ts', 'test/examples.test.ts', 'test/eslint-major.test.ts', 'test/config/**/*.test.ts'],
          env: { EXPECTED_ESLINT_MAJOR: '9' },
        },
      },
      {
        // The real-world corpus (bench/corpus.json): every rule and codemod over ~25,000 files.
        test: {
          ...shared,
          name: 'corpus',
          include: ['test/corpus/**/*.test.ts', 'test/oxlint/oxlint.test.ts'],
          env: { CORPUS_RUN: '1' },
        },
      },
    ],
  },
});
