// Which file of the project an import specifier stands for (core/value-flow/project-modules.ts).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveProjectModule } from '../../core/value-flow/project-modules.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/cross-file/resolution');
const src = path.join(root, 'src');
const at = (...parts: string[]) => path.join(root, ...parts);

describe('resolveProjectModule', () => {
  it.each([
    ['./app.js', at('src/app.ts')],
    ['./app', at('src/app.ts')],
    ['./app.ts', at('src/app.ts')],
    ['./shared', at('src/shared/index.ts')],
    ['./shared/index.js', at('src/shared/index.ts')],
    ['./legacy.cjs', at('src/legacy.cjs')],
    ['./view.jsx', at('src/view.tsx')],
    ['@res/util', at('packages/util/src/index.ts')],
    ['@res/util/extra', at('packages/util/src/extra.ts')],
    ['@res/built', at('packages/built/build/index.js')],
  ])('%s from src/ is %s', (specifier, file) => {
    expect(resolveProjectModule(specifier, src)).toBe(file);
  });

  it.each([['./missing'], ['net'], ['node:net'], ['fs/promises'], ['get-port'], ['@res/none']])(
    '%s is not a project file',
    (specifier) => {
      expect(resolveProjectModule(specifier, src)).toBeUndefined();
    },
  );

});
