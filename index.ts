/**
 * eslint-plugin-exclusive-bind: the plugin object with its flat configs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ESLint, Linter, Rule } from 'eslint';
import { typescriptParser } from './core/typescript-parser.js';
import { rules as ruleModules } from './rules/index.js';

const PACKAGE_NAME = 'eslint-plugin-exclusive-bind';

/** The package manifest, found from this file both in the sources and in dist/. */
function readManifest(): { name: string; version: string } {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (manifest.name === PACKAGE_NAME) return manifest;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`${PACKAGE_NAME}: package.json not found`);
    dir = parent;
  }
}

const { name, version } = readManifest();

// typescript-eslint's rule type is not assignable to ESLint's own inside defineConfig().
const rules = ruleModules as unknown as Record<keyof typeof ruleModules, Rule.RuleModule>;
type RuleName = `exclusive-bind/${keyof typeof ruleModules}`;

const plugin = {
  meta: { name, version, namespace: 'exclusive-bind' },
  rules,
  configs: {} as Record<'recommended' | 'strict' | 'all', Linter.Config[]>,
} satisfies ESLint.Plugin;

const recommendedRules: Partial<Record<RuleName, Linter.RuleEntry>> = {
  'exclusive-bind/no-exclusive-misuse': 'error',
  'exclusive-bind/no-implicit-reuse-port': 'error',
  'exclusive-bind/no-port-probe': 'error',
  'exclusive-bind/no-port-readiness-poll': 'error',
  'exclusive-bind/no-raw-reuse-sockopt': 'error',
  'exclusive-bind/no-reuse-port': 'error',
  'exclusive-bind/no-unicast-reuse-addr': 'error',
  'exclusive-bind/valid-socket-option-values': 'error',
};

const strictRules: Partial<Record<RuleName, Linter.RuleEntry>> = {
  ...recommendedRules,
  'exclusive-bind/no-exclusive-misuse': ['error', { reportWithoutCluster: true }],
  'exclusive-bind/no-reuse-port': ['error', { reportGuarded: true, reportCallersChoice: true }],
  'exclusive-bind/no-unicast-reuse-addr': ['error', { reportUnproven: true }],
};

const allRules = Object.fromEntries(
  Object.keys(rules).map((rule) => [`exclusive-bind/${rule}`, strictRules[`exclusive-bind/${rule}` as RuleName] ?? 'error']),
) as Record<RuleName, Linter.RuleEntry>;

/**
 * Lets ESLint lint TypeScript files at all: without a config object whose `files` names their
 * extensions it skips them (a pattern ending in `*` only widens the default .js/.mjs/.cjs), and
 * without a parser it fails on the first type annotation. Only `parser` is set, and only for these
 * files: a typescript-eslint setup listed before this object keeps its `parserOptions` (project,
 * projectService, tsconfigRootDir), which ESLint merges key by key, and gets the same parser
 * module back (core/typescript-parser.ts loads it on first use); one listed after it replaces the
 * parser as usual.
 */
const typescriptFiles: Linter.Config = {
  name: 'exclusive-bind/typescript',
  files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
  languageOptions: { parser: typescriptParser },
};

// The rules block has no `files`: the rules run on every file the user's config lints (.vue and
// .svelte scripts included), under whatever parser it sets for them.
const config = (configName: string, configRules: Linter.RulesRecord): Linter.Config[] => [
  { name: `exclusive-bind/${configName}`, plugins: { 'exclusive-bind': plugin }, rules: configRules },
  typescriptFiles,
];

plugin.configs.recommended = config('recommended', recommendedRules);
plugin.configs.strict = config('strict', strictRules);
plugin.configs.all = config('all', allRules);

export default plugin;
// `require('eslint-plugin-exclusive-bind')` returns the plugin itself on Node >= 20.19.
export { plugin as 'module.exports' };
