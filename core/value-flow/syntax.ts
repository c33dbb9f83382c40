/**
 * Syntax the value-flow layer asks about at every step: TypeScript wrappers to look through, the
 * key a member uses, which function holds a node, what an expression's value flows into once
 * wrappers are stepped over, and whether a declaration leaves the file.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

export type Scope = TSESLint.Scope.Scope;
export type Variable = TSESLint.Scope.Variable;
export type SourceCode = Readonly<TSESLint.SourceCode>;
export type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

/** Removes TypeScript-only wrappers and optional-chain wrappers around an expression. */
export function skipWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.TSInstantiationExpression:
      case AST_NODE_TYPES.ChainExpression:
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

export function isFunction(node: TSESTree.Node | undefined): node is FunctionNode {
  return (
    node?.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node?.type === AST_NODE_TYPES.FunctionDeclaration ||
    node?.type === AST_NODE_TYPES.FunctionExpression
  );
}

/** A callback written inline (arrow or function expression), seen through wrappers. */
export function isInlineFunction(node: TSESTree.Node | undefined): boolean {
  const bare = node && skipWrappers(node);
  return bare?.type === AST_NODE_TYPES.ArrowFunctionExpression || bare?.type === AST_NODE_TYPES.FunctionExpression;
}

export function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current)) return current;
  }
  return undefined;
}

/** `new Promise((resolve, reject) => …)`: the executor runs at once, as part of its caller. */
export function isPromiseExecutor(fn: FunctionNode): boolean {
  const parent = fn.parent;
  return (
    parent?.type === AST_NODE_TYPES.NewExpression &&
    parent.arguments[0] === fn &&
    parent.callee.type === AST_NODE_TYPES.Identifier &&
    parent.callee.name === 'Promise'
  );
}

export function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/** The key of `a.b` / `a['b']` / `this.#b` (`#b` for a private name). */
export function memberKey(node: TSESTree.MemberExpression, scope?: Scope): string | undefined {
  if (node.property.type === AST_NODE_TYPES.PrivateIdentifier) return `#${node.property.name}`;
  return (scope ? ASTUtils.getPropertyName(node, scope) : ASTUtils.getPropertyName(node)) ?? undefined;
}

/** The key of a class member or object property (`#b` for a private name). */
export function definitionKey(
  node: TSESTree.PropertyDefinition | TSESTree.MethodDefinition | TSESTree.Property,
): string | undefined {
  if (node.key.type === AST_NODE_TYPES.PrivateIdentifier) return `#${node.key.name}`;
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

export function isExported(node: TSESTree.Node): boolean {
  const parent = node.parent;
  return (
    parent?.type === AST_NODE_TYPES.ExportNamedDeclaration || parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration
  );
}

/** The class body around a node, if any (where `this.x` means the same field). */
export function enclosingClassBody(node: TSESTree.Node): TSESTree.ClassBody | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassBody) return current;
  }
  return undefined;
}

/** The Program a scope belongs to. */
export function programOf(scope: Scope): TSESTree.Program {
  let current: Scope = scope;
  while (current.upper) current = current.upper;
  return current.block as TSESTree.Program;
}
