// The plugin object, its configs and its packaging.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as typescriptParser from '@typescript-eslint/parser';
import type { Linter } from 'eslint';
import plugin from '../index.js';

const root = path.resolve(import.meta.dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

const rulesOf = (config: Linter.Config[]) => Object.assign({}, ...config.map((block) => block.rules ?? {})) as Linter.RulesRecord;

describe('plugin', () => {
  it('carries meta from package.json', () => {
    expect(plugin.meta).toEqual({ name: manifest.name, version: manifest.version, namespace: 'exclusive-bind' });
  });

  it('exports one rule per file in rules/', () => {
    const files = fs
      .readdirSync(path.join(root, 'rules'))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(plugin.rules).sort()).toEqual(files);
  });

  it('gives every rule a docs URL that points at its page', () => {
    for (const [name, rule] of Object.entries(plugin.rules)) {
      expect(rule.meta?.docs?.url).toMatch(new RegExp(`/docs/rules/${name}\\.md$`));
    }
  });

  it('has recommended ⊂ strict ⊆ all, all naming every rule', () => {
    const names = (config: keyof typeof plugin.configs) => Object.keys(rulesOf(plugin.configs[config])).sort();
    const every = Object.keys(plugin.rules).map((r) => `exclusive-bind/${r}`).sort();
    expect(names('all')).toEqual(every);
    for (const rule of names('recommended')) expect(names('strict')).toContain(rule);
    for (const rule of names('strict')) expect(names('all')).toContain(rule);
    expect(rulesOf(plugin.configs.strict)['exclusive-bind/no-reuse-port']).toEqual(['error', { reportGuarded: true, reportCallersChoice: true }]);
  });

  // The rules apply to every file the user's config lints; only the parser is scoped to TypeScript.
  it('gives each config a rules block without `files` and a TypeScript block that sets only the parser', () => {
    for (const [name, config] of Object.entries(plugin.configs)) {
      const [rulesBlock, typescriptBlock, ...rest] = config;
      expect(rest).toEqual([]);
      expect(Object.keys(rulesBlock!).sort()).toEqual(['name', 'plugins', 'rules']);
      expect(rulesBlock!.name).toBe(`exclusive-bind/${name}`);
      expect(rulesBlock!.plugins).toEqual({ 'exclusive-bind': plugin });
      expect(typescriptBlock).toEqual({
        name: 'exclusive-bind/typescript',
        files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
        languageOptions: { parser: expect.objectContaining({ meta: typescriptParser.meta }) },
      });
    }
  });

  // `typescript` is only a peer dependency of the parser: a JavaScript project may not have it.
  it('loads typescript on the first TypeScript file, not with the plugin', () => {
    const script = `
      import { Linter } from 'eslint';
      import plugin from 'eslint-plugin-exclusive-bind';
      import { createRequire } from 'node:module';
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes('/node_modules/typescript/'));
      const before = loaded();
      const js = new Linter().verify('const port = 1;', plugin.configs.recommended, { filename: 'a.js' });
      const afterJs = loaded();
      const ts = new Linter().verify('const port: number = 1;', plugin.configs.recommended, { filename: 'a.ts' });
      console.log(JSON.stringify({ before, afterJs, afterTs: loaded(), messages: [...js, ...ts] }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ before: false, afterJs: false, afterTs: true, messages: [] });
  });

  it('loads with require() and import from the built package', () => {
    const script = `
      const viaRequire = require('eslint-plugin-exclusive-bind');
      import('eslint-plugin-exclusive-bind').then((m) => {
        const same = viaRequire === m.default;
        console.log(JSON.stringify({ same, rules: Object.keys(viaRequire.rules).length, name: viaRequire.meta.name }));
      });`;
    const out = execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ same: true, rules: Object.keys(plugin.rules).length, name: manifest.name });
  });
});
