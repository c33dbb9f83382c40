/**
 * Small syntax questions the no-port-probe analysis asks again and again: is this a function or a
 * loop, which function holds a node, which variable an identifier names. Kept apart so the
 * finder, child-process and probe modules read as the decisions they make.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { skipWrappers, type Origin } from '../value-flow/index.js';

// The function and containment questions are the value-flow layer's; re-exported for the probe modules.
export { contains, enclosingFunction, isFunction, isPromiseExecutor, type FunctionNode } from '../value-flow/index.js';

export type Scope = TSESLint.Scope.Scope;
export type Variable = TSESLint.Scope.Variable;
export type SourceCode = Readonly<TSESLint.SourceCode>;

/** An origin seen through a default export: `require('x').default` is `require('x')`. */
export function normalise(origin: Origin | undefined): Origin | undefined {
  if (!origin) return undefined;
  return origin.path[0] === 'default' ? { ...origin, path: origin.path.slice(1) } : origin;
}

export function isLoop(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.ForStatement ||
    node.type === AST_NODE_TYPES.ForInStatement ||
    node.type === AST_NODE_TYPES.ForOfStatement ||
    node.type === AST_NODE_TYPES.WhileStatement ||
    node.type === AST_NODE_TYPES.DoWhileStatement
  );
}

/** A variable from a reference identifier or a declared name. */
export function variableOf(identifier: TSESTree.Node, scope: Scope): Variable | undefined {
  const bare = skipWrappers(identifier);
  if (bare.type !== AST_NODE_TYPES.Identifier) return undefined;
  return ASTUtils.findVariable(scope, bare) ?? undefined;
}

export function refersTo(node: TSESTree.Node | undefined, variable: Variable): boolean {
  if (!node) return false;
  const bare = skipWrappers(node);
  return bare.type === AST_NODE_TYPES.Identifier && variable.references.some((ref) => ref.identifier === bare);
}
