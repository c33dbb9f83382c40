/**
 * Follows a datagram socket through the file, from the call that creates it, with the value-flow
 * layer's followUses (variables, aliases, fields, collections, local functions and their returns,
 * methods that return the socket). Each method called on it is inspected for receiver evidence
 * (evidence.ts); where the socket leaves what the file can see, that is why its fate is unknown.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { SocketCall } from '../socket-calls.js';
import { followUses, lookupOption, memberKey, type SourceCode } from '../value-flow/index.js';
import { CHAINABLE_METHODS, EVIDENCE_METHODS, inspectAddress, inspectMethodCall, markUnknown, type Flow } from './evidence.js';

/** `this.addMembership(...)` and the like in a function whose `this` is the socket. */
function inspectThisCalls(sourceCode: SourceCode, flow: Flow, node: TSESTree.Node): void {
  if (node.type === AST_NODE_TYPES.FunctionExpression || node.type === AST_NODE_TYPES.FunctionDeclaration) return;
  if (
    node.type === AST_NODE_TYPES.CallExpression &&
    node.callee.type === AST_NODE_TYPES.MemberExpression &&
    node.callee.object.type === AST_NODE_TYPES.ThisExpression
  ) {
    const name = memberKey(node.callee);
    if (name !== undefined) inspectMethodCall(sourceCode, flow, name, node);
  }
  for (const key of sourceCode.visitorKeys[node.type] ?? []) {
    const child = (node as unknown as Record<string, unknown>)[key];
    for (const item of Array.isArray(child) ? child : [child]) {
      if (item && typeof item === 'object' && 'type' in item) inspectThisCalls(sourceCode, flow, item as TSESTree.Node);
    }
  }
}

/** A function that follows the socket a call creates and returns what it found. */
export function socketFollower(sourceCode: SourceCode): (call: SocketCall) => Flow {
  return (call) => {
    const flow: Flow = { receiver: false, binds: [], unknown: undefined };
    if (call.api.id === 'deno:listenDatagram') {
      // Deno binds at the call: its `hostname` is the bound address.
      const hostname = lookupOption(call.options, 'hostname', sourceCode.getScope(call.node));
      if (hostname.unknown) markUnknown(flow, 'it binds an address computed at run time');
      for (const setting of hostname.settings) inspectAddress(sourceCode, flow, setting.value);
    }
    const uses = followUses(sourceCode, call.node, { chainable: CHAINABLE_METHODS, outsideMethods: EVIDENCE_METHODS });
    for (const use of uses.methods) {
      inspectMethodCall(sourceCode, flow, use.name, use.call);
      if (!CHAINABLE_METHODS.has(use.name)) continue;
      // `function` listeners and bind callbacks run with `this` set to the socket.
      for (const arg of use.call.arguments) {
        if (arg.type === AST_NODE_TYPES.FunctionExpression) inspectThisCalls(sourceCode, flow, arg.body);
      }
    }
    if (uses.escape !== undefined) markUnknown(flow, uses.escape);
    return flow;
  };
}
