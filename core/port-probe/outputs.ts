/**
 * Where a value leaves a function: `return x`, `=> x`, or `cb(x)` where `cb` is a plain parameter
 * (a Promise's `resolve`). A port that leaves this way is handed on to someone who binds it later,
 * which is what makes a loop over candidate ports or a bind-and-close probe a port finder.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { skipWrappers } from '../value-flow/index.js';
import { isFunction, type SourceCode } from './syntax.js';

/** `return x`, `=> x`, or `cb(x)` where `cb` is a plain parameter (a Promise's `resolve`). */
export function isOutput(sourceCode: SourceCode, node: TSESTree.Node): boolean {
  let value: TSESTree.Node = node;
  while (value.parent && (value.parent.type === AST_NODE_TYPES.TSAsExpression || value.parent.type === AST_NODE_TYPES.TSNonNullExpression)) {
    value = value.parent;
  }
  const parent = value.parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.ReturnStatement) return true;
  if (parent.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === value) return true;
  if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee !== value) {
    const callee = skipWrappers(parent.callee);
    if (callee.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = ASTUtils.findVariable(sourceCode.getScope(parent), callee);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    return def?.type === 'Parameter' && isFunction(def.name.parent!);
  }
  return false;
}

/** Every value that leaves a function somewhere below `root`. */
export function outputsWithin(sourceCode: SourceCode, root: TSESTree.Node): TSESTree.Node[] {
  const out: TSESTree.Node[] = [];
  const visit = (node: TSESTree.Node) => {
    if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) out.push(node.argument);
    else if (node.type === AST_NODE_TYPES.ArrowFunctionExpression && node.body.type !== AST_NODE_TYPES.BlockStatement) out.push(node.body);
    else if (node.type === AST_NODE_TYPES.CallExpression) {
      for (const arg of node.arguments) if (isOutput(sourceCode, arg)) out.push(arg);
    }
    for (const key of sourceCode.visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const item of child) if (item && typeof item === 'object' && 'type' in item) visit(item as TSESTree.Node);
      } else if (child && typeof child === 'object' && 'type' in child) {
        visit(child as TSESTree.Node);
      }
    }
  };
  visit(root);
  return out;
}
