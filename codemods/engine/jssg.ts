/**
 * Makes a jssg transform (the Codemod CLI's own JavaScript engine) from a codemod definition, so
 * that the CLI's `--target`, `--dry-run`, diff and summary apply. jssg hands over one file at a
 * time and its tree: the transform uses only the file's text and name, and runs the same engine
 * as the command and the jscodeshift transforms. Like jscodeshift, it cannot edit package.json:
 * the workflow's next step (`--only-dependencies`) does.
 */
import type { CodemodDefinition } from './definition.js';
import { checkHelperDependency } from './helper-dependency.js';
import { transformSource } from './transform-source.js';

/** The part of jssg's `SgRoot` the transform reads. */
export interface JssgRoot {
  root(): { text(): string };
  filename(): string;
}

export function toJssg(definition: CodemodDefinition) {
  return function transform(root: JssgRoot): string | null {
    const file = root.filename();
    const source = root.root().text();
    const { result } = checkHelperDependency(transformSource(definition, source, file), source, file);
    for (const item of result.review) console.error(`${file}:${item.line}:${item.column}: left for review: ${item.reason}`);
    for (const item of result.changes) if (item.note) console.error(`${file}:${item.line}:${item.column}: note: ${item.note}`);
    if (result.status === 'error') throw new Error(`${file}: ${result.error}`);
    // null: jssg counts the file as unmodified.
    return result.status === 'changed' ? result.output : null;
  };
}
