/** Every codemod by name; `all` is the recipe that runs them in one pass (one parse per file). */
import type { CodemodDefinition } from './engine/definition.js';
import { definition as all, TRANSFORMS } from './recipe/transform.js';

export const CODEMODS: Readonly<Record<string, CodemodDefinition>> = Object.fromEntries(
  [...TRANSFORMS, all].map((t) => [t.name, t]),
);
