/**
 * implicit-reuse-port: uWebSockets.js `listen` gains `LIBUS_LISTEN_EXCLUSIVE_PORT`;
 * `Bun.serve` whose `development` key is present and may be falsy gains `reusePort: false`
 * (an absent key is exclusive: nothing to add).
 */
import { checker, textFilter } from '../../rules/no-implicit-reuse-port.js';
import { prefilterOf, type CheckerRun, type CodemodDefinition } from '../engine/definition.js';
import { toJscodeshift } from '../engine/jscodeshift.js';

const checkers: CheckerRun[] = [{ rule: 'no-implicit-reuse-port', checker, textFilter, options: [] }];

export const definition: CodemodDefinition = {
  name: 'implicit-reuse-port',
  description: 'Make binds exclusive where the runtime shares the port by default',
  checkers,
  prefilter: prefilterOf(checkers),
};

export default toJscodeshift(definition);
