/**
 * Datagram sockets that only send: never bound explicitly (Node binds them to an ephemeral port on
 * the first `send()`), or bound to port 0. The OS picks a port nobody else asked for, so address
 * reuse on such a socket cannot take a port away from another process, and is not reported.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { lookupOption, skipWrappers } from '../value-flow/index.js';
import type { SocketCall } from '../socket-calls.js';
import type { Flow } from './evidence.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

const isFunction = (node: TSESTree.Node): boolean =>
  node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionExpression;

/** Whether `node` is known to be port 0 (a literal, a constant, or absent). */
function isZero(sourceCode: SourceCode, node: TSESTree.Node | undefined): boolean {
  if (!node) return true;
  const known = ASTUtils.getStaticValue(node as TSESTree.Expression, sourceCode.getScope(node));
  return known !== null && Number(known.value) === 0;
}

/** `bind()`, `bind(cb)`, `bind(0[, address][, cb])`, `bind({ port: 0 })` / `bind({ address })`. */
function bindsPortZero(sourceCode: SourceCode, bind: TSESTree.CallExpression): boolean {
  const first = bind.arguments[0];
  if (!first || isFunction(first)) return true;
  if (skipWrappers(first).type === AST_NODE_TYPES.ObjectExpression) {
    const lookup = lookupOption(first, 'port', sourceCode.getScope(bind));
    if (lookup.unknown) return false;
    return lookup.settings.every((setting) => isZero(sourceCode, setting.value));
  }
  return isZero(sourceCode, first);
}

/** Whether the socket the call creates only ever gets a port the OS picks. */
export function takesEphemeralPort(sourceCode: SourceCode, call: SocketCall, flow: Flow): boolean {
  if (call.api.id === 'deno:listenDatagram') {
    // Deno binds at the call, to its `port` option (required by the API).
    const lookup = lookupOption(call.options, 'port', sourceCode.getScope(call.node));
    return !lookup.unknown && lookup.settings.length > 0 && lookup.settings.every((setting) => isZero(sourceCode, setting.value));
  }
  return flow.binds.every((bind) => bindsPortZero(sourceCode, bind));
}
