// The plugin lints itself: its rule files with eslint-plugin-eslint-plugin, everything with
// typescript-eslint's recommended rules, and its own configs on its own code.
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import exclusiveBind from './dist/index.js';

export default defineConfig(
  {
    ignores: ['dist/', 'exclusive-bind/dist/', 'codemods/*/dist/', 'node_modules/', '.cache/', '.scratch/', 'examples/', 'docs/', 'codemods/**/fixtures/', 'test/**/fixtures/'],
  },
  tseslint.configs.recommended,
  {
    files: ['rules/**/*.ts'],
    ...eslintPlugin.configs.recommended,
    rules: {
      ...eslintPlugin.configs.recommended.rules,
      // The rule creator injects meta.docs.url.
      'eslint-plugin/require-meta-docs-url': 'off',
      // Rules report through core/finding.ts (shared with the codemods), where this rule cannot
      // see the suggestions; the rule tests assert every suggestion instead.
      'eslint-plugin/require-meta-has-suggestions': 'off',
      'eslint-plugin/require-meta-docs-description': 'error',
      'eslint-plugin/require-meta-schema-description': 'error',
      'eslint-plugin/require-meta-default-options': 'error',
      'eslint-plugin/prefer-message-ids': 'error',
    },
  },
  {
    files: ['test/rules/**/*.ts'],
    ...eslintPlugin.configs.tests,
  },
  exclusiveBind.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
