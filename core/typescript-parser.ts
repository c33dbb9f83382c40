/**
 * typescript-eslint's parser for the configs' TypeScript block, loaded on the first TypeScript file.
 * Loading it loads `typescript` (a peer dependency of the parser, about half a second here): a
 * JavaScript project pays nothing and needs no `typescript` installed.
 */
import { createRequire } from 'node:module';
import type { Linter } from 'eslint';

const require = createRequire(import.meta.url);
const { version } = require('@typescript-eslint/parser/package.json') as { version: string };

type Parse = NonNullable<Extract<Linter.Parser, { parseForESLint: unknown }>['parseForESLint']>;
let parseForESLint: Parse | undefined;

function load(): Parse {
  try {
    return (require('@typescript-eslint/parser') as { parseForESLint: Parse }).parseForESLint;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND' || !String(error).includes("'typescript'")) throw error;
    throw new Error('eslint-plugin-exclusive-bind: linting TypeScript files needs the `typescript` package; install it (npm install --save-dev typescript).', { cause: error });
  }
}

/** Same name and version as the parser itself, for ESLint's cache and `--print-config`. */
export const typescriptParser: Linter.Parser = {
  meta: { name: 'typescript-eslint/parser', version },
  parseForESLint: (code, options) => (parseForESLint ??= load())(code, options),
};
