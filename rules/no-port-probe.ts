/**
 * no-port-probe: check-then-bind port finders (platform-facts §7). A port that was free when a
 * finder looked is nobody's until someone binds it; parallel test workers and restarting servers
 * take it in between.
 *
 * The analysis lives in core/port-probe/: which calls are finders and where their port goes
 * (finders.ts, child-process.ts), the listen-on-0 rewrite (listen-rewrite.ts, imports.ts) and
 * hand-written probes (probes.ts, port-reads.ts). This file decides what to report for each.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { reportFinding, type Checker, type Finding } from '../core/finding.js';
import { finderOf, inARow, picksInLoop, portOnlyInspected, resultVariables } from '../core/port-probe/finders.js';
import { flowsToChild } from '../core/port-probe/child-process.js';
import { listenRewrite } from '../core/port-probe/listen-rewrite.js';
import { probeListenRewrite } from '../core/port-probe/probe-rewrite.js';
import { isHandWrittenProbe, probeBind, PROBE_WORDS } from '../core/port-probe/probes.js';
import { portChecks } from '../core/port-probe/checks.js';
import { portUseAfterClose } from '../core/port-probe/after-close.js';
import { portFinderIndex, type ExtraPortFinder, type ResolvedPortFinder } from '../core/port-finders.js';
import { describeProvenance, registerFile } from '../core/value-flow/index.js';
import { projectImportTexts } from '../core/value-flow/project-files.js';
import { crossFileOff } from '../core/value-flow/modules.js';
import { importedFinderOf, importedHelperOf, type ImportedFinder } from '../core/port-probe/summaries.js';
import { createRule } from '../core/rule-creator.js';
import { calleeName } from '../core/socket-calls.js';
import { quotedTexts, words, type TextFilter, type TextTest } from '../core/text-filter.js';

type Options = [{ packages?: ExtraPortFinder[] }];
type MessageIds = 'portProbe' | 'portProbeChild' | 'portProbeRepeated' | 'listenOnZero';

const PROBE_WHAT = 'This probe (bind, close, hand on the port)';

export const REVIEW_CHILD =
  'the port goes to a child process: let the child bind port 0 and report its port: see https://github.com/exclusive-bind/exclusive-bind/blob/main/docs/helper/recipes.md';
export const REVIEW_BY_HAND =
  'the port is not used by a single listen() of a server created in the same function: bind port 0 where the port is used, or bind the wanted port and handle EADDRINUSE';
export const REVIEW_PROBE = 'hand-written probe: bind port 0 where the port is used and read it back';
export const REVIEW_REPEATED =
  'several finder calls with nothing bound between them: bind each server on port 0 and read its port back, one after the other';
export const REVIEW_PREFERRED =
  'the finder prefers a port or range; port 0 lets the OS pick any free port: check that nothing relies on the old range';
/** The finder comes from another file of the project: that file is where the fix belongs. */
export const reviewElsewhere = (from: string) =>
  `the finder is defined in ${from}: bind port 0 where the port is used, and fix or remove the finder there`;
export const REVIEW_MOVED =
  'the port is used before the listen(): the bind moves up to where the port was picked; check that the statements in between need not run first';

/** Calls that take a port for good: a finder call after one of these is not a repeat. */
const BIND_NAMES = new Set(['listen', 'listenTls', 'listenDatagram', 'serve', 'bind', 'createServer', 'start']);

const moduleNames = (finders: ReturnType<typeof portFinderIndex>) => [...new Set([...finders.values()].map((finder) => finder.module))];

/** A finder is imported or required by its module specifier. */
const FINDER_IMPORTS = quotedTexts(moduleNames(portFinderIndex()));
// A hand-written probe binds (listen, listenTls, serve) and closes (close, stop, shutdown) before
// it hands on the port (read back, or the candidate it bound, under any variable name). Binding
// is the less common word: closing is looked for only where it is found.
const PROBE_STEPS: TextTest[] = [words(PROBE_WORDS.binds), words(PROBE_WORDS.closes)];

export const textFilter: TextFilter<Options> = (source, [options]) =>
  FINDER_IMPORTS.test(source) ||
  PROBE_STEPS.every((step) => step.test(source)) ||
  (options?.packages ?? []).some((finder) => source.includes(finder.module));

export const checker: Checker<MessageIds, Options> = (context, [options], emit) => {
  const sourceCode = context.sourceCode;
  registerFile(context);
  const source = sourceCode.text;
  const finders = portFinderIndex(options.packages ?? []);
  // A finder can only be called where its module name is written.
  const mentionsFinder = moduleNames(finders).some((module) => source.includes(module));
  // A project file it imports defines or passes on a finder: calls of imported functions are asked about.
  const importsFinder =
    !crossFileOff(context.settings) && projectImportTexts(sourceCode, context.filename).some((text) => textFilter(text, [options]));

  /** How a message names the finder, with the file it comes from when that is another one. */
  function describeFinder(node: TSESTree.CallExpression, finder: ResolvedPortFinder | ImportedFinder): string {
    if (!finder.from) return `\`${finder.export.display}\` from ${finder.module}`;
    const from = describeProvenance(finder.from, sourceCode.getScope(node));
    if (!('underlying' in finder) && finder.module) return `\`${finder.export.display}\` from ${finder.module} (through ${from})`;
    if ('underlying' in finder && finder.underlying) {
      return `\`${finder.export.display}\` from ${from} (${finder.underlying.module}'s \`${finder.underlying.export.display}\` underneath)`;
    }
    return finder.export.kind === 'check'
      ? `\`${finder.export.display}\` from ${from} (binds the port and closes it)`
      : `\`${finder.export.display}\` from ${from} (binds, closes, hands on the port)`;
  }

  /** The review reason for a finding about a finder from another file. */
  function elsewhere(node: TSESTree.CallExpression, finder: ResolvedPortFinder): { review: string } | undefined {
    return finder.from ? { review: reviewElsewhere(describeProvenance(finder.from, sourceCode.getScope(node))) } : undefined;
  }

  /** Package finders and checks: a check in a loop, a port for a child, or one for a listen(). */
  function checkFinder(node: TSESTree.CallExpression, finder: ResolvedPortFinder | ImportedFinder): void {
    const what = describeFinder(node, finder);
    if (finder.export.kind === 'check') {
      if (!picksInLoop(sourceCode, node, ('portIndex' in finder ? finder.portIndex : undefined) ?? 0)) return;
      emit({
        node: node.callee,
        messageId: 'portProbe',
        data: { what: `${what} in a loop over candidate ports` },
        suggestions: [],
        review: elsewhere(node, finder)?.review ?? REVIEW_BY_HAND,
      });
      return;
    }
    // Only compared or asserted on (a finder's own tests): nothing binds the port, nothing races.
    if (portOnlyInspected(sourceCode, node, finder)) return;
    if (repeatedFinders.has(node) && !finder.export.locksReturnedPorts) {
      // Checked before the child-process case: several children given ports this way collide
      // among themselves, whatever each child does with its own.
      emit({ node: node.callee, messageId: 'portProbeRepeated', data: { what }, suggestions: [], review: elsewhere(node, finder)?.review ?? REVIEW_REPEATED });
      return;
    }
    const results = resultVariables(sourceCode, node, finder);
    const toChild = results.some((variable) =>
      variable.references.some((ref) => ref.isRead() && flowsToChild(sourceCode, ref.identifier)),
    );
    if (toChild) {
      emit({ node: node.callee, messageId: 'portProbeChild', data: { what }, suggestions: [], review: elsewhere(node, finder)?.review ?? REVIEW_CHILD });
      return;
    }
    const file = { sourceCode, filename: context.filename, sourceType: context.languageOptions.sourceType };
    const rewrite = listenRewrite(file, node, finder);
    const safe = rewrite !== undefined && !rewrite.movesUp && !rewrite.prefersPort;
    const finding: Finding<MessageIds> = rewrite
      ? {
          node: node.callee,
          messageId: 'portProbe',
          data: { what },
          suggestions: [{ messageId: 'listenOnZero', data: { server: rewrite.server }, edits: rewrite.edits }],
          ...(elsewhere(node, finder) ?? (safe ? { rewrite: 'listenOnZero' as const } : { review: rewrite.movesUp ? REVIEW_MOVED : REVIEW_PREFERRED })),
        }
      : { node: node.callee, messageId: 'portProbe', data: { what }, suggestions: [], review: elsewhere(node, finder)?.review ?? REVIEW_BY_HAND };
    emit(finding);
  }

  /** Hand-written probes: bind, read the port, close, hand the port on. */
  function checkProbe(node: TSESTree.CallExpression): void {
    const bind = probeBind(sourceCode, node);
    if (!bind) return;
    const handsOn = isHandWrittenProbe(sourceCode, bind);
    checks.seeBind(bind, handsOn);
    if (!handsOn) {
      const use = portUseAfterClose(sourceCode, bind);
      if (use === 'child') {
        emit({ node: node.callee, messageId: 'portProbeChild', data: { what: PROBE_WHAT }, suggestions: [], review: REVIEW_CHILD });
      } else if (use) {
        // The port bound by the next server: that server binds port 0 itself.
        const file = { sourceCode, filename: context.filename, sourceType: context.languageOptions.sourceType };
        const rewrite = use === 'bind' ? probeListenRewrite(file, bind) : undefined;
        emit(
          rewrite
            ? {
                node: node.callee,
                messageId: 'portProbe',
                data: { what: PROBE_WHAT },
                suggestions: [{ messageId: 'listenOnZero', data: { server: rewrite.server }, edits: rewrite.edits }],
                rewrite: 'listenOnZero',
              }
            : { node: node.callee, messageId: 'portProbe', data: { what: PROBE_WHAT }, suggestions: [], review: REVIEW_PROBE },
        );
      }
      return;
    }
    emit({
      node: node.callee,
      messageId: 'portProbe',
      data: { what: PROBE_WHAT },
      suggestions: [],
      review: REVIEW_PROBE,
    });
  }

  /** Finder calls (not checks) and binds, in source order, for finder calls in a row. */
  const finderCalls: { call: TSESTree.CallExpression; finder: ResolvedPortFinder | ImportedFinder }[] = [];
  const binds: TSESTree.CallExpression[] = [];
  const repeatedFinders = new Set<TSESTree.CallExpression>();
  const checks = portChecks(sourceCode, importsFinder ? (call) => importedHelperOf(call, sourceCode.getScope(call)) : undefined);

  return {
    CallExpression(node) {
      if (mentionsFinder || importsFinder) {
        const name = calleeName(node);
        if (name !== undefined && BIND_NAMES.has(name)) binds.push(node);
        const scope = sourceCode.getScope(node);
        const finder =
          finderOf(finders, node, scope) ??
          (importsFinder && name !== undefined ? importedFinderOf(node, scope, name, (call, inner) => finderOf(finders, call, inner)) : undefined);
        if (finder) finderCalls.push({ call: node, finder });
      }
      checkProbe(node);
      checks.seeCall(node);
    },
    'Program:exit'() {
      const kinds = new Map(finderCalls.map(({ call, finder }) => [call, finder.export.kind]));
      const calls = [...kinds.keys()];
      for (const call of inARow(calls, binds, (node) => kinds.get(node) === 'finder')) repeatedFinders.add(call);
      for (const { call, finder } of finderCalls) checkFinder(call, finder);
      for (const { call, name } of checks.callsInLoops()) {
        emit({
          node: call.callee,
          messageId: 'portProbe',
          data: { what: `\`${name}()\` (binds the port and closes it) in a loop over candidate ports` },
          suggestions: [],
          review: REVIEW_BY_HAND,
        });
      }
    },
  };
};

export default createRule<Options, MessageIds>({
  name: 'no-port-probe',
  textFilter,
  meta: {
    type: 'problem',
    docs: {
      description: 'disallow check-then-bind port finders whose port is only free until someone else takes it',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          packages: {
            type: 'array',
            description:
              'More port-finder packages: each names its module and the exports that pick a port (`default` for the module itself).',
            items: {
              type: 'object',
              properties: {
                module: { type: 'string', description: 'The module specifier, as imported or required.' },
                exports: {
                  type: 'array',
                  description: 'Export names that return a port; `default` for the module itself.',
                  items: { type: 'string' },
                  minItems: 1,
                },
              },
              required: ['module', 'exports'],
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ packages: [] }],
    messages: {
      portProbe:
        '{{what}} hands out a port that nobody holds: it is only free until someone else takes it. Bind port 0 and read back the port, or bind the wanted port and handle EADDRINUSE.',
      portProbeRepeated:
        '{{what}} is called again before anything binds the port it returned: the calls can return the same port, which nobody holds. Bind each server on port 0 and read back its port, or bind the wanted ports and handle EADDRINUSE.',
      portProbeChild:
        '{{what}} hands a child process a port that nobody holds: it is only free until someone else takes it. Let the child bind port 0 and report its port (a stdout line or an IPC message).',
      listenOnZero: "Bind `{{server}}` on port 0, await 'listening' and read the port back.",
    },
  },
  defaultOptions: [{ packages: [] }],
  create(context, options) {
    return checker(context, options, (finding) => reportFinding(context, finding));
  },
});
