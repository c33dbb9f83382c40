/**
 * Makes a jscodeshift transform from a codemod definition, for
 * `npx jscodeshift --no-babel --fail-on-error -t dist/codemods/<name>.cjs <paths>`.
 * The transform never calls jscodeshift's own parser: the lint rules' checkers do the analysis.
 */
import type { API, FileInfo } from 'jscodeshift';
import type { CodemodDefinition } from './definition.js';
import { transformSource } from './transform-source.js';

export function toJscodeshift(definition: CodemodDefinition) {
  return function transform(file: FileInfo, api: API): string | undefined {
    const result = transformSource(definition, file.source, file.path);
    // `api.report` prints through jscodeshift's runner; it is absent in some test harnesses.
    for (const item of result.review) {
      api.report?.(`${file.path}:${item.line}:${item.column}: left for review: ${item.reason}`);
    }
    if (result.status === 'error') throw new Error(`${file.path}: ${result.error}`);
    // Returning undefined tells jscodeshift the file is unmodified.
    return result.status === 'changed' ? result.output : undefined;
  };
}
