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
import {
  RECEIVER_RETURNING_METHODS,
  enclosingFunction,
  followUses,
  isPromiseExecutor,
  lookupOption,
  reachingValues,
  skipWrappers,
} from './value-flow/index.js';
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

/** Inside the block of a `try` that has a `catch`, below `stop`. */
function insideTry(node: TSESTree.Node, stop: TSESTree.Node | undefined): boolean {
  for (let child = node, parent = node.parent; parent && child !== stop; child = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.block === child && parent.handler) return true;
  }
  return false;
}

function isErrorListener(call: TSESTree.CallExpression, scope: Scope): boolean {
  const event = call.arguments[0] && ASTUtils.getStaticValue(call.arguments[0] as TSESTree.Expression, scope);
  return event?.value === 'error';
}

/**
 * `server` in `server.once('error', r).listen(...)`: the receiver before the calls that return it,
 * and whether one of them adds an `'error'` listener.
 */
function chainBase(node: TSESTree.Node, scope: Scope): { base: TSESTree.Node; errorListener: boolean } {
  let current = skipWrappers(node);
  let errorListener = false;
  while (current.type === AST_NODE_TYPES.CallExpression && current.callee.type === AST_NODE_TYPES.MemberExpression) {
    const method = ASTUtils.getPropertyName(current.callee, scope) ?? '';
    if (!RECEIVER_RETURNING_METHODS.has(method)) break;
    if (LISTENER_METHODS.has(method) && isErrorListener(current, scope)) errorListener = true;
    current = skipWrappers(current.callee.object);
  }
  return { base: current, errorListener };
}

export function isCapabilityProbe(call: SocketCall, scope: Scope, sourceCode: TSESLint.SourceCode): boolean {
  if (!isPortZero(call, scope)) return false;
  const chain = call.receiver ? chainBase(call.receiver, scope) : undefined;
  // The bind throws where it is written (Deno.listen, Bun.listen): a `try` around it, up to the
  // function around the Promise executor a probe is usually written in.
  const fn = enclosingFunction(call.node);
  const outer = fn && isPromiseExecutor(fn) ? enclosingFunction(fn) : fn;
  let handled = chain?.errorListener === true || insideTry(call.node, outer);
  let closed = false;
  // The socket, followed through the file by the value-flow layer: from what made the receiver
  // (`net.createServer()`), and from the bind's own result (`const listener = Deno.listen(…)`).
  const starts: TSESTree.Node[] = [call.node];
  if (chain) {
    const reach = reachingValues(chain.base, sourceCode.getScope(chain.base));
    if (reach.unknown || reach.values.length === 0) return false;
    starts.push(...reach.values.map((value) => value.node));
  }
  for (const start of starts) {
    for (const use of followUses(sourceCode, start).methods) {
      if (LISTENER_METHODS.has(use.name) && isErrorListener(use.call, sourceCode.getScope(use.call))) handled = true;
      if (CLOSE_METHODS.has(use.name)) closed = true;
    }
  }
  return handled && closed;
}
