/**
 * reuse-port: Node `listen({ …, reusePort: true })` → exclusive-bind's `listenExclusive()`;
 * `Bun.serve` / `Bun.listen` → `reusePort: false`; Deno and dgram → the option removed.
 * Guarded sharing, values not known statically and shared options objects are left for review.
 */
import { checker, textFilter } from '../../rules/no-reuse-port.js';
import { prefilterOf, type CheckerRun, type CodemodDefinition } from '../engine/definition.js';
import { toJscodeshift } from '../engine/jscodeshift.js';

// reportGuarded, reportCallersChoice: guarded sharing and a wrapper that passes its callers'
// choice through are listed for review instead of passing silently.
const checkers: CheckerRun[] = [{ rule: 'no-reuse-port', checker, textFilter, options: [{ reportGuarded: true, reportCallersChoice: true }] }];

export const definition: CodemodDefinition = {
  name: 'reuse-port',
  description: 'Replace port sharing that was never meant with an exclusive bind',
  checkers,
  prefilter: prefilterOf(checkers),
};

export default toJscodeshift(definition);
