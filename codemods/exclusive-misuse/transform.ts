/**
 * exclusive-misuse: Node `listen({ …, exclusive: true })` where the code says it should keep other
 * processes off the port → exclusive-bind's `listenExclusive()`, which does; `exclusive: true`
 * beside `reusePort: true` → removed, when every Node version the project supports honours
 * `reusePort` (there Node forces exclusive itself). The rule's own suggestions, applied only where
 * nothing else could depend on the option; the rest is left for review.
 */
import { checker, textFilter } from '../../rules/no-exclusive-misuse.js';
import { prefilterOf, type CheckerRun, type CodemodDefinition } from '../engine/definition.js';
import { toJscodeshift } from '../engine/jscodeshift.js';

// The rule's defaults, as `recommended` runs it: `exclusive` with no claim and no reusePort beside
// it does nothing outside node:cluster, and is not the codemod's business.
const checkers: CheckerRun[] = [{ rule: 'no-exclusive-misuse', checker, textFilter, options: [{ reportWithoutCluster: false }] }];

export const definition: CodemodDefinition = {
  name: 'exclusive-misuse',
  description: "Replace Node's `exclusive` listen option, where it was meant to keep other processes off the port",
  checkers,
  prefilter: prefilterOf(checkers),
};

export default toJscodeshift(definition);
