/**
 * Rewrites that move code onto the exclusive-bind helper, shared by every rule that suggests it
 * (and so by the codemods that run those rules' checkers).
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { ensureNamedImport, skipTrivia, type Edit } from './edits.js';
import { fallbackModuleStyle, type ModuleContext } from './module-style.js';
import type { SocketCall } from './socket-calls.js';

/** The runtime helper package the rewrites import from. */
export const HELPER_MODULE = 'exclusive-bind';

/** The `x.listen(` part of a call, to be replaced by `listenExclusive(x, `. */
export function listenExclusiveEdits(
  source: string,
  call: SocketCall,
  program: TSESTree.Program,
  module: ModuleContext,
): Edit[] | undefined {
  const node = call.node;
  if (node.type !== AST_NODE_TYPES.CallExpression || node.optional || !call.receiver) return undefined;
  if (node.callee.type !== AST_NODE_TYPES.MemberExpression || node.callee.computed || node.callee.optional) return undefined;
  const open = skipTrivia(source, node.callee.range[1]);
  if (source[open] !== '(' || node.typeArguments) return undefined;
  const { expression, edits } = ensureNamedImport(
    source,
    program,
    HELPER_MODULE,
    'listenExclusive',
    fallbackModuleStyle(module),
  );
  const receiver = source.slice(call.receiver.range[0], call.receiver.range[1]);
  // Keep the layout of `x.listen(\n  {…` : no space before the line break.
  const firstArgument = node.arguments[0];
  const separator = !firstArgument ? '' : source.slice(open + 1, firstArgument.range[0]).includes('\n') ? ',' : ', ';
  return [...edits, { range: [node.callee.range[0], open + 1], text: `${expression}(${receiver}${separator}` }];
}

