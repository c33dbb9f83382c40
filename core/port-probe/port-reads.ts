/**
 * Whether an expression is the port a bound server or listener reports back: Node's
 * `server.address().port`, Bun's `server.port`, Deno's `listener.addr.port`, directly or through
 * a variable (every value the value-flow layer finds reaching it) or a destructuring. A probe that hands on this port after closing the handle hands
 * on a port nobody holds.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { reachingValues, skipWrappers } from '../value-flow/index.js';
import { refersTo, type SourceCode, type Variable } from './syntax.js';

/** Whether every value that can reach `identifier` (and there is one) passes `test`. */
function everyValue(sourceCode: SourceCode, identifier: TSESTree.Identifier, test: (value: TSESTree.Node) => boolean): boolean {
  const reach = reachingValues(identifier, sourceCode.getScope(identifier));
  return !reach.unknown && !reach.fromCaller && reach.values.length > 0 && reach.values.every((value) => test(value.node));
}

/** How a runtime's handle reports its port: `h.address().port`, `h.port` or `h.addr.port`. */
export type PortRead = 'address()' | 'port' | 'addr';

/** `h.address()` / `h.addr` / `h` itself (Bun): the object whose `.port` is the bound port. */
function isAddressOf(sourceCode: SourceCode, node: TSESTree.Node, handle: Variable, read: PortRead, depth = 0): boolean {
  const bare = skipWrappers(node);
  if (read === 'port') return refersTo(bare, handle);
  if (read === 'addr') {
    return bare.type === AST_NODE_TYPES.MemberExpression && ASTUtils.getPropertyName(bare) === 'addr' && refersTo(bare.object, handle);
  }
  if (
    bare.type === AST_NODE_TYPES.CallExpression &&
    bare.callee.type === AST_NODE_TYPES.MemberExpression &&
    ASTUtils.getPropertyName(bare.callee) === 'address' &&
    refersTo(bare.callee.object, handle)
  ) {
    return true;
  }
  // `const address = server.address(); … address.port`: every value that reaches it.
  if (bare.type === AST_NODE_TYPES.Identifier && depth < 2) {
    return everyValue(sourceCode, bare, (value) => isAddressOf(sourceCode, value, handle, read, depth + 1));
  }
  return false;
}

/** Whether `node` is the bound port read back from `handle`, directly or through a variable. */
export function isPortRead(sourceCode: SourceCode, node: TSESTree.Node, handle: Variable, read: PortRead, depth = 0): boolean {
  const bare = skipWrappers(node);
  if (bare.type === AST_NODE_TYPES.MemberExpression) {
    return ASTUtils.getPropertyName(bare) === 'port' && isAddressOf(sourceCode, bare.object, handle, read);
  }
  if (bare.type !== AST_NODE_TYPES.Identifier || depth > 2) return false;
  const variable = ASTUtils.findVariable(sourceCode.getScope(bare), bare);
  if (!variable || variable.defs.length !== 1 || variable.defs[0]!.type !== 'Variable') return false;
  const def = variable.defs[0] as TSESLint.Scope.Definitions.VariableDefinition;
  const property = def.name.parent;
  if (
    property?.type === AST_NODE_TYPES.Property &&
    property.value === def.name &&
    ASTUtils.getPropertyName(property) === 'port' &&
    property.parent === def.node.id
  ) {
    return def.node.init !== null && isAddressOf(sourceCode, def.node.init, handle, read);
  }
  if (def.node.id !== def.name) return false;
  return everyValue(sourceCode, bare, (value) => isPortRead(sourceCode, value, handle, read, depth + 1));
}
