// Which import form an added import takes in a file that shows none: the one Node loads it with.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fallbackModuleStyle } from '../../core/module-style.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'eb-module-style-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function packageDir(name: string, manifest: object | undefined): string {
  const dir = path.join(root, name, 'src');
  fs.mkdirSync(dir, { recursive: true });
  if (manifest) fs.writeFileSync(path.join(root, name, 'package.json'), JSON.stringify(manifest));
  return dir;
}

describe('fallbackModuleStyle', () => {
  const esm = packageDir('esm', { type: 'module' });
  const cjs = packageDir('cjs', { name: 'plain' });

  it.each([
    ['a .js file in a "type": "module" package', path.join(esm, 'a.js'), 'script', 'esm'],
    ['a .js file in a package without "type" (CommonJS), whatever ESLint says', path.join(cjs, 'a.js'), 'module', 'cjs'],
    ['.mjs anywhere', path.join(cjs, 'a.mjs'), 'script', 'esm'],
    ['.cjs anywhere', path.join(esm, 'a.cjs'), 'module', 'cjs'],
    ['TypeScript (tsc compiles import for either system)', path.join(cjs, 'a.ts'), 'script', 'esm'],
    ['.cts', path.join(esm, 'a.cts'), 'module', 'cjs'],
    ['a name with no package around it: the linter decides', 'input.js', 'module', 'esm'],
    ['a name with no package around it, script', 'input.js', 'script', 'cjs'],
  ])('%s', (_what, filename, sourceType, expected) => {
    expect(fallbackModuleStyle({ filename, sourceType })).toBe(expected);
  });
});
