/**
 * Hand-written port probes: bind a server (port 0 or a candidate port), read the port, close the
 * server, then hand the port on (return it, resolve a Promise with it). The port is free only
 * until someone else binds it, exactly like a package finder's. A bind whose port is not handed on
 * after the close (a server that keeps running, a health check) is not a probe.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import {
  lookupOption,
  memberKey,
  reachingValues,
  RECEIVER_RETURNING_METHODS,
  type Scope,
  skipWrappers,
} from '../value-flow/index.js';
import type { SocketApiId } from '../socket-apis.js';
import { classifySocketCall, isSocketCallCandidate, type SocketCall } from '../socket-calls.js';
import { isAssertionCall } from '../assertions.js';
import { isOutput, outputsWithin } from './outputs.js';
import { isPortRead, type PortRead } from './port-reads.js';
import {
  contains,
  enclosingFunction,
  isFunction,
  isPromiseExecutor,
  refersTo,
  variableOf,
  type FunctionNode,
  type SourceCode,
  type Variable,
} from './syntax.js';

/** APIs a hand-written probe binds with, and how it reads the port back and lets it go. */
const PROBE_APIS: Partial<Record<SocketApiId, { read: PortRead; close: string }>> = {
  'node:server.listen': { read: 'address()', close: 'close' },
  'bun:serve': { read: 'port', close: 'stop' },
  'bun:listen': { read: 'port', close: 'stop' },
  'deno:listen': { read: 'addr', close: 'close' },
  'deno:listenTls': { read: 'addr', close: 'close' },
  'deno:serve': { read: 'addr', close: 'shutdown' },
};

/** The words a hand-written probe's text must contain: a bind call's name and a close method's. */
export const PROBE_WORDS = {
  binds: [...new Set(Object.keys(PROBE_APIS).map((id) => id.split(/[:.]/).at(-1)!))],
  closes: [...new Set(Object.values(PROBE_APIS).map((shape) => shape.close))],
};

/** The variable that holds the bound server / listener. */
export function handleOf(sourceCode: SourceCode, call: SocketCall): Variable | undefined {
  if (call.api.id === 'node:server.listen' && call.receiver) {
    // Through calls that return their receiver: `srv.unref().once('error', reject).listen(0)`.
    let receiver = skipWrappers(call.receiver);
    while (
      receiver.type === AST_NODE_TYPES.CallExpression &&
      receiver.callee.type === AST_NODE_TYPES.MemberExpression &&
      RECEIVER_RETURNING_METHODS.has(memberKey(receiver.callee) ?? '')
    ) {
      receiver = skipWrappers(receiver.callee.object);
    }
    if (receiver.type === AST_NODE_TYPES.Identifier) return ASTUtils.findVariable(sourceCode.getScope(call.node), receiver) ?? undefined;
  }
  // The handle is what the whole expression yields, through the same kind of calls:
  // `const srv = net.createServer().on('error', reject).listen(0)`.
  let value: TSESTree.Node = call.node;
  for (;;) {
    const parent: TSESTree.Node | undefined = value.parent;
    if (parent?.type === AST_NODE_TYPES.AwaitExpression) value = parent;
    else if (
      parent?.type === AST_NODE_TYPES.MemberExpression &&
      parent.object === value &&
      RECEIVER_RETURNING_METHODS.has(memberKey(parent) ?? '') &&
      parent.parent?.type === AST_NODE_TYPES.CallExpression &&
      parent.parent.callee === parent
    ) {
      value = parent.parent;
    } else break;
  }
  const holder = value.parent;
  if (holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.init === value && holder.id.type === AST_NODE_TYPES.Identifier) {
    return sourceCode.getDeclaredVariables(holder)[0];
  }
  return undefined;
}

/**
 * A candidate port: a variable (`port`), or a property of one (`params.port`, `options.port`),
 * the expression the probe's outputs are compared with.
 */
export interface Candidate {
  readonly variable: Variable;
  readonly key?: string;
}

function candidateOf(value: TSESTree.Node, scope: Scope): Candidate | undefined {
  const bare = skipWrappers(value);
  if (bare.type === AST_NODE_TYPES.MemberExpression && !bare.computed) {
    const key = memberKey(bare);
    const variable = variableOf(bare.object, scope);
    return variable && key !== undefined ? { variable, key } : undefined;
  }
  const variable = variableOf(bare, scope);
  return variable ? { variable } : undefined;
}

/** Whether `node` is the candidate port's expression again. */
export function isCandidate(node: TSESTree.Node, candidate: Candidate): boolean {
  const bare = skipWrappers(node);
  if (candidate.key === undefined) return refersTo(bare, candidate.variable);
  return (
    bare.type === AST_NODE_TYPES.MemberExpression &&
    !bare.computed &&
    memberKey(bare) === candidate.key &&
    refersTo(bare.object, candidate.variable)
  );
}

/** The one `port` an options argument sets, if it sets exactly one (literal, variable, spread…). */
function optionsPort(first: TSESTree.Node, scope: Scope): { value: TSESTree.Node } | { absent: true } | undefined {
  const reach = first.type === AST_NODE_TYPES.ObjectExpression ? undefined : reachingValues(first, scope);
  const isObject =
    first.type === AST_NODE_TYPES.ObjectExpression ||
    (reach !== undefined && reach.values.length > 0 && reach.values.every((v) => skipWrappers(v.node).type === AST_NODE_TYPES.ObjectExpression));
  if (!isObject) return undefined;
  const lookup = lookupOption(first, 'port', scope);
  if (lookup.unknown) return undefined;
  if (lookup.settings.length === 0) return lookup.mayBeAbsent ? { absent: true } : undefined;
  return lookup.settings.length === 1 ? { value: lookup.settings[0]!.value } : undefined;
}

/** Port 0 (or none, for Node's listen), or the candidate port bound. */
function portOf(sourceCode: SourceCode, call: SocketCall): { zero: true } | Candidate | undefined {
  const scope = sourceCode.getScope(call.node);
  const args = call.node.arguments;
  let value: TSESTree.Node | undefined;
  if (call.api.id === 'node:server.listen') {
    const first = args[0] && skipWrappers(args[0]);
    if (!first || isFunction(first)) return { zero: true };
    // An options object, written in place or held in a variable (`listen(listenOptions)`);
    // otherwise the argument itself is the port (or options the file cannot see into).
    const options = optionsPort(first, scope);
    if (options && 'absent' in options) return { zero: true };
    if (!options && first.type === AST_NODE_TYPES.ObjectExpression) return undefined;
    value = options ? options.value : first;
  } else {
    const lookup = lookupOption(args[0], 'port', scope);
    if (lookup.settings.length !== 1 || lookup.unknown || lookup.mayBeAbsent) return undefined;
    value = lookup.settings[0]!.value;
  }
  const known = ASTUtils.getStaticValue(value as TSESTree.Expression, scope);
  if (known) return typeof known.value !== 'object' && Number(known.value) === 0 ? { zero: true } : undefined;
  return candidateOf(value, scope);
}

/**
 * The function a call effectively runs in: callbacks of the handle's own methods
 * (`listen(0, cb)`, `once('listening', cb)`, `close(cb)`) and Promise executors count as part
 * of the function around them.
 */
function effectiveFunction(node: TSESTree.Node, handle: Variable): FunctionNode | undefined {
  let fn = enclosingFunction(node);
  while (fn) {
    const parent = fn.parent;
    const onHandle =
      parent?.type === AST_NODE_TYPES.CallExpression &&
      parent.callee !== fn &&
      parent.callee.type === AST_NODE_TYPES.MemberExpression &&
      refersTo(parent.callee.object, handle);
    if (!isPromiseExecutor(fn) && !onHandle) return fn;
    fn = enclosingFunction(fn);
  }
  return undefined;
}

/**
 * Whether an output only leaves once the code around it has finished: `return x` (a `finally`
 * runs first) or a Promise's `resolve(x)` (its reactions run later). A callback called with the
 * port (`await fn(port)`) runs at once, while the server still listens.
 */
function leavesLater(sourceCode: SourceCode, output: TSESTree.Node): boolean {
  let value = output;
  while (value.parent && value.parent.type !== AST_NODE_TYPES.CallExpression && value.parent.type !== AST_NODE_TYPES.ReturnStatement) {
    if (isFunction(value.parent)) return true;
    value = value.parent;
  }
  const call = value.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression) return true;
  const callee = skipWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.Identifier) return true;
  const def = ASTUtils.findVariable(sourceCode.getScope(call), callee)?.defs[0];
  const fn = def?.type === 'Parameter' ? def.name.parent : undefined;
  return fn !== undefined && isFunction(fn) && isPromiseExecutor(fn);
}

function closesBefore(sourceCode: SourceCode, close: TSESTree.CallExpression, output: TSESTree.Node, handle: Variable): boolean {
  if (close.arguments.some((arg) => contains(arg, output))) return true;
  for (let node: TSESTree.Node | undefined = close; node; node = node.parent) {
    const parent: TSESTree.Node | undefined = node.parent;
    if (parent?.type === AST_NODE_TYPES.TryStatement && parent.finalizer === node && contains(parent.block, output)) {
      return leavesLater(sourceCode, output);
    }
  }
  if (close.range[1] > output.range[0]) return false;
  const fn = effectiveFunction(close, handle);
  return !fn || contains(fn, output);
}

/** Every value an expression can evaluate to: both arms of `a ? b : c`, both sides of `a && b`. */
function branches(node: TSESTree.Node): TSESTree.Node[] {
  const bare = skipWrappers(node);
  if (bare.type === AST_NODE_TYPES.ConditionalExpression) return [...branches(bare.consequent), ...branches(bare.alternate)];
  if (bare.type === AST_NODE_TYPES.LogicalExpression) return [...branches(bare.left), ...branches(bare.right)];
  return [bare];
}

/** A bind a probe could be made of: its API's shape, the handle, the port and the handle's closes. */
export interface ProbeBind {
  readonly call: SocketCall;
  readonly shape: { read: PortRead; close: string };
  readonly handle: Variable;
  readonly port: { zero: true } | Candidate;
  /** `handle.close()` / `stop()` / `shutdown()` calls, wherever they are. */
  readonly closes: TSESTree.CallExpression[];
}

/** The bind at `node` (port 0 or a candidate port held in a variable), if it is one. */
export function probeBind(sourceCode: SourceCode, node: TSESTree.CallExpression): ProbeBind | undefined {
  if (!isSocketCallCandidate(node)) return undefined;
  const call = classifySocketCall(node, sourceCode.getScope(node));
  const shape = call && PROBE_APIS[call.api.id];
  if (!call || !shape) return undefined;
  const handle = handleOf(sourceCode, call);
  if (!handle || handle.defs.length !== 1) return undefined;
  const port = portOf(sourceCode, call);
  if (!port) return undefined;
  const closes = handle.references
    .map((ref) => ref.identifier.parent)
    .filter(
      (member): member is TSESTree.MemberExpression =>
        member?.type === AST_NODE_TYPES.MemberExpression &&
        ASTUtils.getPropertyName(member) === shape.close &&
        member.parent?.type === AST_NODE_TYPES.CallExpression &&
        member.parent.callee === member,
    )
    .map((member) => member.parent as TSESTree.CallExpression);
  return { call, shape, handle, port, closes };
}

/**
 * Where the port can be handed on: the function the handle lives in (seen through Promise
 * executors), or the one declaring the candidate port.
 */
export function probeRoot(bind: ProbeBind): FunctionNode | undefined {
  const { handle, port, call } = bind;
  const handleFn = effectiveFunction(handle.defs[0]!.name, handle) ?? enclosingFunction(handle.defs[0]!.name);
  const portFn = 'variable' in port ? enclosingFunction(port.variable.defs[0]?.name ?? call.node) : undefined;
  return portFn && (!handleFn || contains(portFn, handleFn)) ? portFn : handleFn;
}

/**
 * The port the probe got: the one read back from the handle, or the candidate it bound, in any
 * branch of a conditional or logical expression (`addr ? addr.port : port`, `isSafe(p) && p`).
 */
export function isProbePort(sourceCode: SourceCode, bind: ProbeBind, value: TSESTree.Node): boolean {
  const { handle, port, shape } = bind;
  return branches(value).some(
    (branch) => isPortRead(sourceCode, branch, handle, shape.read) || ('variable' in port && isCandidate(branch, port)),
  );
}

/** Whether `use` runs after `close`: in its callback, or later in the same function. */
export function closedBeforeUse(bind: ProbeBind, close: TSESTree.CallExpression, use: TSESTree.Node): boolean {
  if (close.arguments.some((arg) => contains(arg, use))) return true;
  if (close.range[1] > use.range[0]) return false;
  const fn = effectiveFunction(close, bind.handle);
  return !fn || contains(fn, use);
}

/** Whether the bind's server is closed before its port is handed on. */
export function isHandWrittenProbe(sourceCode: SourceCode, bind: ProbeBind): boolean {
  const { handle, closes } = bind;
  if (closes.length === 0) return false;
  const root = probeRoot(bind);
  if (!root) return false;
  const outputs = outputsWithin(sourceCode, root.body).filter((output) => isProbePort(sourceCode, bind, output));
  const handsOn = outputs.some((output) => closes.some((close) => closesBefore(sourceCode, close, output, handle)));
  return handsOn && !usedWhileBound(sourceCode, bind);
}

/** The `try` statement whose `finally` holds `node`. */
function finallyAround(node: TSESTree.Node): TSESTree.TryStatement | undefined {
  for (let child: TSESTree.Node = node, parent = node.parent; parent && !isFunction(parent); child = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.finalizer === child) return parent;
  }
  return undefined;
}

/** Calls that only look at a value: assertions and logging. */
function onlyLooksAt(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  if (call.type === AST_NODE_TYPES.CallExpression && isAssertionCall(call)) return true;
  const callee = skipWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.Identifier && callee.object.name === 'console';
}

/**
 * Close-after-use: inside the `try` whose `finally` closes the server, the port is given to a
 * call while the server still listens (`net.connect(port)`, `fetch(url)`), so the server was
 * bound to be used, not to find a port; a port returned afterwards is incidental. Calls on the
 * server itself, the outputs (a Promise's `resolve(port)`), assertions and logging are no use.
 */
function usedWhileBound(sourceCode: SourceCode, bind: ProbeBind): boolean {
  // Callbacks count (`await new Promise((r) => net.connect(port, r))`); the port inside one does not.
  const isUse = (node: TSESTree.Node): boolean => {
    if (
      (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) &&
      node !== bind.call.node &&
      !(node.callee.type === AST_NODE_TYPES.MemberExpression && refersTo(node.callee.object, bind.handle)) &&
      !onlyLooksAt(node) &&
      node.arguments.some((arg) => !isOutput(sourceCode, arg) && carriesPort(arg))
    ) {
      return true;
    }
    return childNodes(sourceCode, node).some(isUse);
  };
  const carriesPort = (node: TSESTree.Node): boolean => {
    if (isFunction(node)) return false;
    if ((node.type === AST_NODE_TYPES.Identifier || node.type === AST_NODE_TYPES.MemberExpression) && isProbePort(sourceCode, bind, node)) return true;
    return childNodes(sourceCode, node).some(carriesPort);
  };
  return bind.closes.some((close) => {
    const statement = finallyAround(close);
    return statement !== undefined && isUse(statement.block);
  });
}

function childNodes(sourceCode: SourceCode, node: TSESTree.Node): TSESTree.Node[] {
  const out: TSESTree.Node[] = [];
  for (const key of sourceCode.visitorKeys[node.type] ?? []) {
    const child = (node as unknown as Record<string, unknown>)[key];
    for (const item of Array.isArray(child) ? child : [child]) {
      if (item && typeof item === 'object' && 'type' in item) out.push(item as TSESTree.Node);
    }
  }
  return out;
}
