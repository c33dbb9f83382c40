/**
 * Syntax questions the datagram-socket follower asks at every step: is this a callback, what key
 * does a member use, what does an expression's value flow into once wrappers are stepped over,
 * and is a declaration exported (so the socket leaves the file).
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { skipWrappers } from '../tracking.js';

export type Variable = TSESLint.Scope.Variable;
export type SourceCode = Readonly<TSESLint.SourceCode>;

export function isFunction(node: TSESTree.Node | undefined): boolean {
  const bare = node && skipWrappers(node);
  return (
    bare?.type === AST_NODE_TYPES.ArrowFunctionExpression || bare?.type === AST_NODE_TYPES.FunctionExpression
  );
}

/** The key of `a.b` / `a['b']` / `this.#b` (`#b` for a private name). */
export function memberKey(node: TSESTree.MemberExpression): string | undefined {
  if (node.property.type === AST_NODE_TYPES.PrivateIdentifier) return `#${node.property.name}`;
  return ASTUtils.getPropertyName(node) ?? undefined;
}

/** Parent of an expression once TS wrappers, `await` and optional chains are stepped over. */
export function valueParent(node: TSESTree.Node): { child: TSESTree.Node; parent: TSESTree.Node | undefined } {
  let child = node;
  let parent = node.parent;
  while (
    parent &&
    (parent.type === AST_NODE_TYPES.TSAsExpression ||
      parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      parent.type === AST_NODE_TYPES.TSSatisfiesExpression ||
      parent.type === AST_NODE_TYPES.TSTypeAssertion ||
      parent.type === AST_NODE_TYPES.ChainExpression ||
      parent.type === AST_NODE_TYPES.AwaitExpression ||
      (parent.type === AST_NODE_TYPES.ConditionalExpression && parent.test !== child) ||
      (parent.type === AST_NODE_TYPES.LogicalExpression && parent.operator !== '&&'))
  ) {
    child = parent;
    parent = parent.parent;
  }
  return { child, parent };
}

export function enclosingFunction(node: TSESTree.Node): TSESTree.FunctionLike | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (
      current.type === AST_NODE_TYPES.FunctionDeclaration ||
      current.type === AST_NODE_TYPES.FunctionExpression ||
      current.type === AST_NODE_TYPES.ArrowFunctionExpression
    ) {
      return current;
    }
  }
  return undefined;
}

export function isExported(node: TSESTree.Node): boolean {
  const parent = node.parent;
  return (
    parent?.type === AST_NODE_TYPES.ExportNamedDeclaration || parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration
  );
}

/** `name()` for a short callee, `a function` otherwise: for the reason a socket is not followed. */
export function calleeText(call: TSESTree.CallExpression | TSESTree.NewExpression, source: string): string {
  const callee = skipWrappers(call.callee);
  const text = source.slice(callee.range[0], callee.range[1]);
  return text.length > 40 || text.includes('\n') ? 'a function' : `${text}()`;
}
