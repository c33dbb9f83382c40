/**
 * no-port-readiness-poll: a function hands a port to a child process, then waits until something
 * answers on that port (wait-on, wait-port, tcp-port-used, a connect loop). Any listener answers:
 * a stale server that still holds the port passes the check, and the child's own EADDRINUSE is
 * lost behind a generic timeout or never seen. The child should report the address it bound and
 * the parent wait for that report (spawnListening() from exclusive-bind).
 *
 * Precise by construction: the same variable reaches a child process's arguments or environment
 * and, later in the same function, the poll; a function that binds the port itself is left alone.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { reportFinding, type Checker } from '../core/finding.js';
import { flowsToChild } from '../core/port-probe/child-process.js';
import { enclosingFunction, isPromiseExecutor, type FunctionNode, type SourceCode, type Variable } from '../core/port-probe/syntax.js';
import { CONNECT_WORDS, POLL_MODULES, identifiersIn, readinessPoll } from '../core/readiness/polls.js';
import { spawnListeningRewrite } from '../core/readiness/spawn-rewrite.js';
import { createRule } from '../core/rule-creator.js';
import { registerFile } from '../core/value-flow/index.js';
import { quotedTexts, texts, words, type TextFilter } from '../core/text-filter.js';

type Options = [];
type MessageIds = 'blindPoll' | 'spawnListening';

/** A child process is started (child_process, execa, cross-spawn, Bun.spawn, Deno.Command)… */
const STARTS_CHILD = texts(['child_process', 'execa', 'cross-spawn', 'Bun.spawn', 'Deno.Command', "from 'bun'", 'from "bun"']);
/** …and something polls: a waiter package, or a connect/request call. */
const POLLS = [quotedTexts(POLL_MODULES), words(CONNECT_WORDS)];

export const textFilter: TextFilter<Options> = (source) => STARTS_CHILD.test(source) && POLLS.some((poll) => poll.test(source));

/** The function a node runs in; a Promise executor runs as part of its caller. */
function owner(node: TSESTree.Node): FunctionNode | undefined {
  let fn = enclosingFunction(node);
  while (fn && isPromiseExecutor(fn)) fn = enclosingFunction(fn);
  return fn;
}

/** `x.listen(port)` / `x.listen({ port })`: this function binds the port itself. */
function isListenArgument(identifier: TSESTree.Node): boolean {
  let node: TSESTree.Node = identifier;
  for (let parent = node.parent; parent; node = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.CallExpression) {
      return (
        parent.callee !== node &&
        parent.callee.type === AST_NODE_TYPES.MemberExpression &&
        ASTUtils.getPropertyName(parent.callee) === 'listen'
      );
    }
    if (parent.type !== AST_NODE_TYPES.Property && parent.type !== AST_NODE_TYPES.ObjectExpression) return false;
  }
  return false;
}

export const checker: Checker<MessageIds, Options> = (context, _options, emit) => {
  const sourceCode: SourceCode = context.sourceCode;
  // Scopes are then looked up through ESLint's own index, not walked down from the top.
  registerFile(context);

  /** The port variable handed to a child earlier in the same function, if any. */
  function handedToChild(variable: Variable, poll: TSESTree.CallExpression, fn: FunctionNode | undefined): boolean {
    const reads = variable.references.filter((ref) => ref.isRead());
    if (reads.some((ref) => owner(ref.identifier) === fn && isListenArgument(ref.identifier))) return false;
    return reads.some(
      (ref) => ref.identifier.range[1] <= poll.range[0] && owner(ref.identifier) === fn && flowsToChild(sourceCode, ref.identifier),
    );
  }

  return {
    CallExpression(node) {
      const scope = sourceCode.getScope(node);
      const poll = readinessPoll(node, scope);
      if (!poll) return;
      const fn = owner(node);
      for (const identifier of poll.ports.flatMap(identifiersIn)) {
        const variable = ASTUtils.findVariable(sourceCode.getScope(identifier), identifier);
        if (!variable || variable.defs.length === 0 || !handedToChild(variable, node, fn)) continue;
        // The clearest shape (a finder's port, a Node script of this repository that reports, the
        // poll) moves onto spawnListening(); every other one is left for review with the reason.
        const file = { sourceCode, filename: context.filename, sourceType: context.languageOptions.sourceType };
        const rewrite = spawnListeningRewrite(file, node, variable);
        const data = { poll: poll.display, port: identifier.name };
        emit(
          'edits' in rewrite
            ? { node: node.callee, messageId: 'blindPoll', data, suggestions: [{ messageId: 'spawnListening', edits: rewrite.edits }], rewrite: 'spawnListening' }
            : { node: node.callee, messageId: 'blindPoll', data, suggestions: [], review: rewrite.review },
        );
        return;
      }
    },
  };
};

export default createRule<Options, MessageIds>({
  name: 'no-port-readiness-poll',
  textFilter,
  meta: {
    type: 'problem',
    docs: {
      description: 'disallow waiting for a port handed to a child process, where any listener on the port passes the check',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      blindPoll:
        "{{poll}} waits for `{{port}}`, the port this function gave a child process: any listener on it answers, so a stale server passes the check and the child's own error (EADDRINUSE) is masked. Let the child report the address it bound and wait for that (spawnListening() from exclusive-bind).",
      spawnListening: 'Start the child with spawnListening() and use the port it reports; drop the port finder and the poll.',
    },
  },
  defaultOptions: [],
  create(context, options) {
    return checker(context, options, (finding) => reportFinding(context, finding));
  },
});
