/**
 * A bind that only asks "does this platform take the option?": port 0, its error handled, the
 * socket closed again. Port 0 never lands on a port another process holds (3,000 listening
 * `reusePort` binds on port 0 on Linux got 3,000 distinct ports), so such a probe shares nothing.
 *
 * Recognised shapes, all within the enclosing function (or the module):
 * - the error is handled: the bind sits in a `try` block (Deno.listen, Bun.listen throw), or an
 *   `'error'` listener is added to the receiver (`server.once('error', …)`, also in the chain
 *   before `.listen`);
 * - the socket is closed: `.close()`, `.stop()` or `.destroy()` on the receiver, or on
 *   the variable the bind's result is stored in.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { lookupOption, skipWrappers } from './value-flow/index.js';
import type { SocketCall } from './socket-calls.js';

type Scope = TSESLint.Scope.Scope;

const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
const CLOSE_METHODS = new Set(['close', 'stop', 'destroy']);

function isPortZero(call: SocketCall, scope: Scope): boolean {
  const port = lookupOption(call.options, 'port', scope);
  return (
    !port.unknown &&
    !port.mayBeAbsent &&
    port.settings.length > 0 &&
    port.settings.every((s) => s.known !== undefined && Number(s.known.value) === 0 && s.known.value !== '')
  );
}

/** The function (or program) whose body holds the node. */
function enclosingBody(node: TSESTree.Node): TSESTree.Node {
  let current = node.parent;
  while (
    current &&
    current.type !== AST_NODE_TYPES.FunctionDeclaration &&
    current.type !== AST_NODE_TYPES.FunctionExpression &&
    current.type !== AST_NODE_TYPES.ArrowFunctionExpression &&
    current.type !== AST_NODE_TYPES.Program
  ) {
    current = current.parent;
  }
  // A callback such as `(resolve) => { … }` inside a Promise: look in the function around it too.
  return current ?? node;
}

function insideTry(node: TSESTree.Node, stop: TSESTree.Node): boolean {
  for (let child = node, parent = node.parent; parent && child !== stop; child = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.block === child && parent.handler) return true;
  }
  return false;
}

/** `server` in `server.once('error', r).listen(...)`: the receiver without its chained calls. */
function chainBase(node: TSESTree.Node, scope: Scope, sawErrorListener: { value: boolean }): TSESTree.Node {
  let current = skipWrappers(node);
  while (current.type === AST_NODE_TYPES.CallExpression && current.callee.type === AST_NODE_TYPES.MemberExpression) {
    if (isErrorListener(current, scope)) sawErrorListener.value = true;
    current = skipWrappers(current.callee.object);
  }
  return current;
}

function isErrorListener(call: TSESTree.CallExpression, scope: Scope): boolean {
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  if (!LISTENER_METHODS.has(ASTUtils.getPropertyName(callee, scope) ?? '')) return false;
  const event = call.arguments[0] && ASTUtils.getStaticValue(call.arguments[0] as TSESTree.Expression, scope);
  return event?.value === 'error';
}

/** Every call expression under `root`, without entering nested classes. */
function calls(root: TSESTree.Node, visit: (call: TSESTree.CallExpression) => void): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === AST_NODE_TYPES.CallExpression) visit(node);
    for (const key of Object.keys(node) as (keyof typeof node)[]) {
      if (key === 'parent') continue;
      const value = node[key] as unknown;
      if (Array.isArray(value)) {
        for (const item of value) if (item && typeof (item as TSESTree.Node).type === 'string') stack.push(item as TSESTree.Node);
      } else if (value && typeof (value as TSESTree.Node).type === 'string') {
        stack.push(value as TSESTree.Node);
      }
    }
  }
}

/** The variable a bind's result goes into: `const listener = Deno.listen(...)`. */
function resultName(call: SocketCall): string | undefined {
  let node: TSESTree.Node = call.node;
  while (node.parent?.type === AST_NODE_TYPES.AwaitExpression || node.parent?.type === AST_NODE_TYPES.TSAsExpression) node = node.parent;
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left.type === AST_NODE_TYPES.Identifier) return parent.left.name;
  return undefined;
}

export function isCapabilityProbe(call: SocketCall, scope: Scope, sourceCode: TSESLint.SourceCode): boolean {
  if (!isPortZero(call, scope)) return false;
  const body = enclosingBody(call.node);
  // The Promise executor a probe is usually written in: its enclosing function holds the rest.
  const outer = body.type === AST_NODE_TYPES.Program ? body : enclosingBody(body);
  const errorListener = { value: false };
  const base = call.receiver ? chainBase(call.receiver, scope, errorListener) : undefined;
  const names = new Set<string>();
  if (base) names.add(sourceCode.getText(base));
  const stored = resultName(call);
  if (stored) names.add(stored);
  if (names.size === 0) return false;
  let handled = errorListener.value || insideTry(call.node, outer);
  let closed = false;
  calls(outer, (node) => {
    const callee = node.callee;
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
    const object = sourceCode.getText(chainBase(callee.object, scope, { value: false }));
    if (!names.has(object)) return;
    if (isErrorListener(node, scope)) handled = true;
    if (CLOSE_METHODS.has(ASTUtils.getPropertyName(callee, scope) ?? '')) closed = true;
  });
  return handled && closed;
}
