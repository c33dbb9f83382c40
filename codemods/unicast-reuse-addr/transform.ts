/**
 * unicast-reuse-addr: `reuseAddr` removed from dgram sockets that are provably unicast (no group
 * join, no broadcast, no multicast address anywhere the socket goes in the file). Multicast and
 * broadcast receivers are untouched; sockets that leave the file are listed for review.
 */
import { checker, textFilter } from '../../rules/no-unicast-reuse-addr.js';
import { prefilterOf, type CheckerRun, type CodemodDefinition } from '../engine/definition.js';
import { toJscodeshift } from '../engine/jscodeshift.js';

// reportUnproven: sockets the file cannot follow are listed for review, not passed over.
const checkers: CheckerRun[] = [{ rule: 'no-unicast-reuse-addr', checker, textFilter, options: [{ reportUnproven: true }] }];

export const definition: CodemodDefinition = {
  name: 'unicast-reuse-addr',
  description: 'Remove reuseAddr from UDP sockets that only receive unicast',
  checkers,
  prefilter: prefilterOf(checkers),
};

export default toJscodeshift(definition);
