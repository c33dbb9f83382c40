/**
 * Makes a jscodeshift transform from a codemod definition, for
 * `npx jscodeshift --no-babel --fail-on-error -t dist/codemods/<name>.cjs <paths>`.
 * The transform never calls jscodeshift's own parser: the lint rules' checkers do the analysis.
 */
import type { API, FileInfo } from 'jscodeshift';
import type { CodemodDefinition } from './definition.js';
import { checkHelperDependency, dependsOnHelperManifest, HELPER_NPM_SPECIFIER, HELPER_RANGE } from './helper-dependency.js';
import { transformSource } from './transform-source.js';

export function toJscodeshift(definition: CodemodDefinition) {
  return function transform(file: FileInfo, api: API): string | undefined {
    const { result, owner } = checkHelperDependency(transformSource(definition, file.source, file.path), file.source, file.path);
    // `api.report` prints through jscodeshift's runner; it is absent in some test harnesses.
    for (const item of result.review) {
      api.report?.(`${file.path}:${item.line}:${item.column}: left for review: ${item.reason}`);
    }
    if (result.status === 'error') throw new Error(`${file.path}: ${result.error}`);
    // jscodeshift hands over one file at a time, so the manifest is named, not edited.
    if (owner && !dependsOnHelperManifest(owner)) {
      api.report?.(
        owner.kind === 'package'
          ? `${file.path}: now imports exclusive-bind: add "exclusive-bind": "${HELPER_RANGE}" to "dependencies" in ${owner.manifest}, then install`
          : `${file.path}: now imports exclusive-bind: add "exclusive-bind": "${HELPER_NPM_SPECIFIER}" to "imports" in ${owner.manifest}`,
      );
    }
    // Returning undefined tells jscodeshift the file is unmodified.
    return result.status === 'changed' ? result.output : undefined;
  };
}
