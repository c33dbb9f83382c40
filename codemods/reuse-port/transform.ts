/**
 * reuse-port: Node `listen({ …, reusePort: true })` → exclusive-bind's `listenExclusive()`;
 * `Bun.serve` / `Bun.listen` → `reusePort: false`; Deno and dgram → the option removed.
 * Guarded sharing, values not known statically and shared options objects are left for review.
 */
import { checker } from '../../rules/no-reuse-port.js';
import type { CodemodDefinition } from '../engine/definition.js';
import { toJscodeshift } from '../engine/jscodeshift.js';

export const definition: CodemodDefinition = {
  name: 'reuse-port',
  description: 'Replace port sharing that was never meant with an exclusive bind',
  prefilter: /\breusePort\b/,
  // reportGuarded: guarded sharing is listed for review instead of passing silently.
  checkers: [{ rule: 'no-reuse-port', checker, options: [{ reportGuarded: true }] }],
};

export default toJscodeshift(definition);
