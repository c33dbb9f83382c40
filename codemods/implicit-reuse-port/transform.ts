/**
 * implicit-reuse-port: uWebSockets.js `listen` gains `LIBUS_LISTEN_EXCLUSIVE_PORT`;
 * `Bun.serve` without `development: true` gains `reusePort: false`.
 */
import { checker } from '../../rules/no-implicit-reuse-port.js';
import type { CodemodDefinition } from '../engine/definition.js';
import { toJscodeshift } from '../engine/jscodeshift.js';

export const definition: CodemodDefinition = {
  name: 'implicit-reuse-port',
  description: 'Make binds exclusive where the runtime shares the port by default',
  // uWebSockets.js by module name; Bun.serve through the global or the 'bun' module.
  prefilter: /uWebSockets\.js|\bBun\b|['"]bun['"]/,
  checkers: [{ rule: 'no-implicit-reuse-port', checker, options: [] }],
};

export default toJscodeshift(definition);
