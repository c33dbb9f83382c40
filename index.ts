/**
 * eslint-plugin-exclusive-bind: the plugin object with its flat configs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ESLint, Linter, Rule } from 'eslint';
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
  configs: {} as Record<'recommended' | 'strict' | 'all', Linter.Config>,
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

const config = (configName: string, configRules: Linter.RulesRecord): Linter.Config => ({
  name: `exclusive-bind/${configName}`,
  plugins: { 'exclusive-bind': plugin },
  rules: configRules,
});

plugin.configs.recommended = config('recommended', recommendedRules);
plugin.configs.strict = config('strict', strictRules);
plugin.configs.all = config('all', allRules);

export default plugin;
// `require('eslint-plugin-exclusive-bind')` returns the plugin itself on Node >= 20.19.
export { plugin as 'module.exports' };
