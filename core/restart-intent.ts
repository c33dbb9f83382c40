/**
 * Whether a `reusePort` looks like it is there for restarts: the usual reason it is written is a
 * deploy that starts the new process while the old one still listens. For such a site the rule's
 * message and the codemod's summary point to the socket hand-off (`exclusive-bind run`, systemd),
 * which gives restarts without a gap and without sharing. The report and the rewrite are the same
 * either way: this only picks the words shown, so a miss costs a link, never a report.
 *
 * Evidence, strongest first:
 * - a comment before, inside or at the end of the option's statement or the call's statement, or
 *   before the enclosing function, that says restart, reload, EADDRINUSE, zero downtime, graceful
 *   or drain (`hot reload`, `live-reload` and `graceful-fs` excepted);
 * - an identifier or string in the same function (only the statements themselves at module level)
 *   that says restart, reload, EADDRINUSE, zero downtime or graceful. `drain` is left out of code:
 *   `'drain'` is the stream back-pressure event, unrelated to restarts.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { REPOSITORY_URL } from './rule-creator.js';

/** The hand-off page, where messages and summaries link to it. */
export const RESTARTS_DOCS_URL = `${REPOSITORY_URL}/blob/main/docs/helper/restarts.md`;

// `hot reload` / `live-reload` is a dev server reloading a browser page, not a process restart;
// `graceful-fs` is a file-system package.
const RESTART = String.raw`restart(?:s|ed|ing)?|(?<!(?:hot|live)[\s_-]?)reload(?:s|ed|ing)?|eaddrinuse|zero[\s_-]?downtime|graceful(?:ly)?(?![\s_-]?fs\b)`;
const IN_COMMENTS = new RegExp(String.raw`\b(?:${RESTART}|drain(?:s|ed|ing)?)\b`, 'i');
const IN_CODE = new RegExp(String.raw`\b(?:${RESTART})\b`, 'i');

/** Nodes whose children are statements (or class members): where a statement ends its climb. */
const BODIES = new Set<string>([
  AST_NODE_TYPES.Program,
  AST_NODE_TYPES.BlockStatement,
  AST_NODE_TYPES.StaticBlock,
  AST_NODE_TYPES.SwitchCase,
  AST_NODE_TYPES.ClassBody,
  AST_NODE_TYPES.TSModuleBlock,
]);

/** The statement (or class member) that contains the node. */
function statementOf(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent && !BODIES.has(current.parent.type)) current = current.parent;
  return current;
}

/** Comments before the statement, inside it, and after it on its last line. */
function commentsOn(sourceCode: Readonly<TSESLint.SourceCode>, statement: TSESTree.Node): TSESTree.Comment[] {
  const trailing = sourceCode
    .getCommentsAfter(sourceCode.getLastToken(statement) ?? statement)
    .filter((comment) => comment.loc.start.line === statement.loc.end.line);
  return [...sourceCode.getCommentsBefore(statement), ...sourceCode.getCommentsInside(statement), ...trailing];
}

/**
 * Words of an identifier or string: `gracefulShutdown` → `graceful Shutdown`, `ZERO_DOWNTIME` →
 * `ZERO DOWNTIME`, so that the word boundaries of `IN_CODE` apply inside names.
 */
function wordsOf(text: string): string {
  return text.replace(/([a-z\d])(?=[A-Z])|_/g, '$1 ');
}

/**
 * @param optionNode where `reusePort` is written (a property, or an assignment to it)
 * @param call the socket call it reaches
 */
export function looksLikeRestarts(
  sourceCode: Readonly<TSESLint.SourceCode>,
  optionNode: TSESTree.Node,
  call: TSESTree.Node,
): boolean {
  const fn = sourceCode.getScope(call).variableScope.block;
  const statements = new Set([statementOf(optionNode), statementOf(call)]);
  const comments = [...statements].flatMap((statement) => commentsOn(sourceCode, statement));
  // The function's own doc comment, not every comment in its body.
  if (fn.type !== AST_NODE_TYPES.Program) comments.push(...sourceCode.getCommentsBefore(statementOf(fn)));
  if (comments.some((comment) => IN_COMMENTS.test(comment.value))) return true;
  const code = fn.type === AST_NODE_TYPES.Program ? [...statements] : [fn];
  return code.some((node) =>
    sourceCode
      .getTokens(node)
      .some((token) => (token.type === 'Identifier' || token.type === 'String' || token.type === 'Template') && IN_CODE.test(wordsOf(token.value))),
  );
}
