/**
 * port-probe: `const port = await getPort(); server.listen(port)` (and the portfinder,
 * detect-port, … equivalents) within one function → listen on port 0 and read the assigned
 * port back; a finder's port handed to a Node script of this repository that reports its address,
 * then a readiness poll → spawnListening(). Every other shape is listed for review, not touched.
 */
import { checker, textFilter } from '../../rules/no-port-probe.js';
import * as readinessPoll from '../../rules/no-port-readiness-poll.js';
import { prefilterOf, type CheckerRun, type CodemodDefinition } from '../engine/definition.js';
import { toJscodeshift } from '../engine/jscodeshift.js';

const checkers: CheckerRun[] = [
  { rule: 'no-port-probe', checker, textFilter, options: [{ packages: [] }] },
  // A finder's port handed to a Node script of the repository, then a poll: spawnListening().
  { rule: 'no-port-readiness-poll', checker: readinessPoll.checker, textFilter: readinessPoll.textFilter, options: [] },
];

export const definition: CodemodDefinition = {
  name: 'port-probe',
  description: 'Bind port 0 and read the port back instead of finding a free port first',
  checkers,
  prefilter: prefilterOf(checkers),
};

export default toJscodeshift(definition);
