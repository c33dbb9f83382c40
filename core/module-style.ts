/**
 * Which import form an added import takes when the file itself shows none (no import or export,
 * no top-level require): the one Node will load the file with. That follows the extension and
 * the package's "type", not the linter's `sourceType`: ESLint calls every .js file a module and
 * Oxlint calls a file without module syntax a script, whatever the package says.
 */
import path from 'node:path';
import type { ModuleStyle } from './edits.js';
import { nearestManifest } from './targets.js';

export interface ModuleContext {
  readonly filename: string;
  readonly sourceType?: string | undefined;
}

/** TypeScript compiles `import` for either module system; .mts/.mjs are ES modules. */
const ESM_EXTENSIONS = new Set(['.mjs', '.mts', '.ts', '.tsx']);
const CJS_EXTENSIONS = new Set(['.cjs', '.cts']);

export function fallbackModuleStyle({ filename, sourceType }: ModuleContext): ModuleStyle {
  const extension = path.extname(filename);
  if (ESM_EXTENSIONS.has(extension)) return 'esm';
  if (CJS_EXTENSIONS.has(extension)) return 'cjs';
  // Only a real path has a package around it (rule tests and editors may pass '<input>').
  const manifest = path.isAbsolute(filename) ? nearestManifest(path.dirname(filename)) : null;
  if (manifest) return manifest.type === 'module' ? 'esm' : 'cjs';
  return sourceType === 'module' ? 'esm' : 'cjs';
}
