/**
 * Broadcast evidence from the sending side: a broadcast receiver needs no call of its own (it
 * only binds the port and listens), but a sender in the same file that enables broadcast and
 * sends to a broadcast address on the port the receiver binds shows what the receiver is for.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { lookupOption, skipWrappers } from '../value-flow/index.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

const isFunction = (node: TSESTree.Node): boolean =>
  node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionExpression;

/** 255.255.255.255, or a directed broadcast (the last octet 255, as on a /24). */
export function isBroadcastAddress(address: string): boolean {
  return /^\d{1,3}\.\d{1,3}\.\d{1,3}\.255$/.test(address);
}

/** A port as something comparable: its static value, or the variable that holds it. */
type PortKey = { value: unknown } | { variable: unknown };

function portKey(sourceCode: SourceCode, node: TSESTree.Node | undefined): PortKey | undefined {
  if (!node || isFunction(node)) return undefined;
  const scope = sourceCode.getScope(node);
  const known = ASTUtils.getStaticValue(node as TSESTree.Expression, scope);
  if (known) return { value: Number(known.value) };
  const bare = skipWrappers(node);
  if (bare.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(scope, bare);
  return variable ? { variable } : undefined;
}

function samePort(a: PortKey, b: PortKey): boolean {
  return 'value' in a ? 'value' in b && a.value === b.value : 'variable' in b && a.variable === b.variable;
}

/** The port of `send(msg, [offset, length,] port, address[, cb])` when the address is a broadcast. */
function broadcastSendPort(sourceCode: SourceCode, call: TSESTree.CallExpression): PortKey | undefined {
  const args = call.arguments;
  for (let i = 2; i < args.length; i++) {
    const known = ASTUtils.getStaticValue(args[i] as TSESTree.Expression, sourceCode.getScope(call));
    if (typeof known?.value === 'string' && isBroadcastAddress(known.value)) return portKey(sourceCode, args[i - 1]);
  }
  return undefined;
}

/** Whether `send(...)` sends to a broadcast address. */
function broadcastsTo(sourceCode: SourceCode, call: TSESTree.CallExpression): boolean {
  return call.arguments.slice(2).some((arg) => {
    const known = ASTUtils.getStaticValue(arg as TSESTree.Expression, sourceCode.getScope(call));
    return typeof known?.value === 'string' && isBroadcastAddress(known.value);
  });
}

/** The port a `bind(port[, address][, cb])` / `bind({ port })` call binds. */
function boundPort(sourceCode: SourceCode, bind: TSESTree.CallExpression): PortKey | undefined {
  const first = bind.arguments[0];
  if (first && skipWrappers(first).type === AST_NODE_TYPES.ObjectExpression) {
    const lookup = lookupOption(first, 'port', sourceCode.getScope(bind));
    return lookup.settings.length === 1 && !lookup.unknown ? portKey(sourceCode, lookup.settings[0]!.value) : undefined;
  }
  return portKey(sourceCode, first);
}

/**
 * Collects the file's `x.send(...)` calls to a broadcast address and its `setBroadcast()` calls;
 * answers whether a receiver's binds take a port that such a sender sends to.
 */
export function broadcastSenders(sourceCode: SourceCode) {
  const sends: TSESTree.CallExpression[] = [];
  let enablesBroadcast = false;
  return {
    /** Called for every member call of the file. */
    see(call: TSESTree.CallExpression, name: string): void {
      if (name === 'send') sends.push(call);
      else if (name === 'setBroadcast') enablesBroadcast = true;
    },
    /**
     * `yes`: a bind takes a port a broadcast is sent to. `maybe`: the file sends broadcasts, but
     * to ports that cannot be matched with the binds (a port variable on each side: one protocol,
     * two variables), so the socket may well be their receiver. `no`: no broadcast is sent, or
     * every port on both sides is known and none matches.
     */
    receives(binds: readonly TSESTree.CallExpression[]): 'yes' | 'maybe' | 'no' {
      if (!enablesBroadcast || sends.length === 0) return 'no';
      const sent = sends.filter((send) => broadcastsTo(sourceCode, send));
      if (sent.length === 0) return 'no';
      const ports = sent.map((send) => broadcastSendPort(sourceCode, send));
      const bound = binds.map((bind) => boundPort(sourceCode, bind));
      if (bound.some((port) => port !== undefined && ports.some((to) => to !== undefined && samePort(to, port)))) return 'yes';
      const allValues = [...ports, ...bound].every((port) => port !== undefined && 'value' in port);
      return allValues ? 'no' : 'maybe';
    },
  };
}

