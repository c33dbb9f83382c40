/** Every codemod by name; `all` runs them in one pass (one parse per file). */
import type { CodemodDefinition } from './engine/definition.js';
import { definition as implicitReusePort } from './implicit-reuse-port/transform.js';
import { definition as reusePort } from './reuse-port/transform.js';

const transforms = [reusePort, implicitReusePort];

export const all: CodemodDefinition = {
  name: 'all',
  description: 'Every transform in one pass',
  keywords: [...new Set(transforms.flatMap((t) => t.keywords))],
  checkers: transforms.flatMap((t) => t.checkers),
};

export const CODEMODS: Readonly<Record<string, CodemodDefinition>> = Object.fromEntries(
  [...transforms, all].map((t) => [t.name, t]),
);
