/**
 * Follows a datagram socket through the file, from the call that creates it, with the value-flow
 * layer's followUses (variables, aliases, fields, collections, local functions and their returns,
 * methods that return the socket). Each method called on it is inspected for receiver evidence
 * (evidence.ts); where the socket leaves what the file can see, that is why its fate is unknown.
 */
import type { SocketCall } from '../socket-calls.js';
import { followUses, lookupOption, type SourceCode } from '../value-flow/index.js';
import { CHAINABLE_METHODS, EVIDENCE_METHODS, inspectAddress, inspectMethodCall, markUnknown, type Flow } from './evidence.js';

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
    for (const use of uses.methods) inspectMethodCall(sourceCode, flow, use.name, use.call);
    if (uses.escape !== undefined) markUnknown(flow, uses.escape);
    return flow;
  };
}
