/** Which files the codemods read, and how each is parsed. */
import path from 'node:path';

export const SOURCE_EXTENSIONS = ['.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts'] as const;

export function isSourceFile(file: string): boolean {
  return (SOURCE_EXTENSIONS as readonly string[]).includes(path.extname(file)) && !file.endsWith('.d.ts');
}

/**
 * `.ts/.mts/.cts` parse without JSX (they may hold `<T>x` casts), `.tsx` and every JS flavour with
 * it; `.cjs/.cts` are CommonJS. typescript-estree picks the script kind from the file name.
 */
export function languageOf(file: string): { jsx: boolean; sourceType: 'module' | 'commonjs'; typescript: boolean } {
  const ext = path.extname(file);
  return {
    typescript: ['.ts', '.tsx', '.mts', '.cts'].includes(ext),
    jsx: !['.ts', '.mts', '.cts'].includes(ext),
    sourceType: ext === '.cjs' || ext === '.cts' ? 'commonjs' : 'module',
  };
}
