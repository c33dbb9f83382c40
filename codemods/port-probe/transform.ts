/**
 * port-probe: `const port = await getPort(); server.listen(port)` (and the portfinder,
 * detect-port, … equivalents) within one function → listen on port 0 and read the assigned
 * port back. Every other check-then-bind shape is listed for review, not touched.
 */
import { PORT_FINDER_PACKAGES } from '../../core/port-finders.js';
import { checker } from '../../rules/no-port-probe.js';
import type { CodemodDefinition } from '../engine/definition.js';
import { toJscodeshift } from '../engine/jscodeshift.js';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const FINDER_MODULES = new RegExp(`['"](?:${PORT_FINDER_PACKAGES.map((p) => escape(p.module)).join('|')})['"]`);
// A hand-written probe binds, reads the assigned port back and closes: all three must appear.
const BINDS = /\blisten\b|\bserve\b/;
const READS_PORT = /\.address\(\)|\.addr\b|\.port\b/;
const CLOSES = /\b(?:close|stop|shutdown)\s*\(/;

export const definition: CodemodDefinition = {
  name: 'port-probe',
  description: 'Bind port 0 and read the port back instead of finding a free port first',
  prefilter: {
    test: (source) =>
      FINDER_MODULES.test(source) || (BINDS.test(source) && READS_PORT.test(source) && CLOSES.test(source)),
  },
  checkers: [{ rule: 'no-port-probe', checker, options: [{ packages: [] }] }],
};

export default toJscodeshift(definition);
