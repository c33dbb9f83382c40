/**
 * The recipe: every transform in one pass, one parse per file. Also the jscodeshift transform
 * `dist/codemods/recipe.cjs` and what the Codemod CLI package in this folder runs.
 */
import { prefilterOf, type CodemodDefinition } from '../engine/definition.js';
import { toJscodeshift } from '../engine/jscodeshift.js';
import { definition as exclusiveMisuse } from '../exclusive-misuse/transform.js';
import { definition as implicitReusePort } from '../implicit-reuse-port/transform.js';
import { definition as portProbe } from '../port-probe/transform.js';
import { definition as reusePort } from '../reuse-port/transform.js';
import { definition as unicastReuseAddr } from '../unicast-reuse-addr/transform.js';

// exclusive-misuse first: where it drops `exclusive` beside `reusePort`, that happens before
// reuse-port turns the call into listenExclusive(), so neither option is left behind.
export const TRANSFORMS: readonly CodemodDefinition[] = [exclusiveMisuse, reusePort, implicitReusePort, unicastReuseAddr, portProbe];

const checkers = TRANSFORMS.flatMap((t) => t.checkers);

export const definition: CodemodDefinition = {
  name: 'all',
  description: 'Every transform in one pass',
  checkers,
  prefilter: prefilterOf(checkers),
};

export default toJscodeshift(definition);
