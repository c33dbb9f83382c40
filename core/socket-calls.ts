/**
 * Recognises calls that bind a port and names the row of the socket-API table they belong to.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { SOCKET_APIS, type SocketApi, type SocketApiId } from './socket-apis.js';
import { exportAliases, readsOtherFiles, resolveOrigin, skipWrappers, type Origin, type Provenance } from './value-flow/index.js';

type Scope = TSESLint.Scope.Scope;

export interface SocketCall {
  readonly api: SocketApi;
  readonly node: TSESTree.CallExpression | TSESTree.NewExpression;
  /** The argument that carries the options object, when the call has one. */
  readonly options: TSESTree.Node | undefined;
  /** For `x.listen(...)`: the `x`. */
  readonly receiver: TSESTree.Expression | undefined;
  /**
   * `known`: the callee was traced to the runtime API. `assumed`: a `.listen()` whose receiver
   * could not be traced (a server from another file, a framework app); it is treated as Node's
   * `server.listen` only where the options leave no doubt.
   */
  readonly certainty: 'known' | 'assumed';
  /** Where the receiver or callee was made when it comes from another file of the project. */
  readonly from?: Provenance;
}

/** Callee names worth resolving; everything else is skipped before any scope lookup. */
export const SOCKET_CALL_NAMES: ReadonlySet<string> = new Set([
  'listen',
  'serve',
  'listenTls',
  'listenDatagram',
  'createSocket',
  'BoundSocket',
]);

const NODE_SERVER_MODULES = new Set(['module:net', 'module:http', 'module:https', 'module:http2', 'module:tls']);
const NODE_SERVER_FACTORIES = new Set(['createServer', 'createSecureServer']);
const UWS_MODULE = 'module:uWebSockets.js';

export function calleeName(node: TSESTree.CallExpression | TSESTree.NewExpression): string | undefined {
  const callee = skipWrappers(node.callee);
  // `import { createSocket as udp } from 'dgram'`: `udp` goes by the export's name.
  if (callee.type === AST_NODE_TYPES.Identifier) return exportAliases(callee).get(callee.name) ?? callee.name;
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    return ASTUtils.getPropertyName(callee) ?? undefined;
  }
  return undefined;
}

/** Drops a leading `default` so `import x from` and `(await import()).default` agree. */
function normalise(origin: Origin | undefined): Origin | undefined {
  if (!origin) return undefined;
  return origin.path[0] === 'default' ? { ...origin, path: origin.path.slice(1) } : origin;
}

function isBun(root: string): boolean {
  return root === 'global:Bun' || root === 'module:bun';
}

/** `uWS.App()` / `SSLApp()` followed by any chain of its own methods (they return the app). */
function isUwsApp(origin: Origin): boolean {
  return (
    origin.root === UWS_MODULE &&
    (origin.path[0] === 'App' || origin.path[0] === 'SSLApp') &&
    origin.path[1] === '()'
  );
}

/**
 * Apps whose `listen()` is the library's own, not Node's: core/library-calls.ts reads them from
 * their rows, and where no row applies (an Elysia adapter not in the table, a release outside the
 * row's range) what runs is not known.
 */
const LIBRARY_APPS: ReadonlySet<string> = new Set(['module:elysia Elysia', 'module:hyper-express Server']);

function isLibraryApp(origin: Origin): boolean {
  const [name, step] = origin.path[0] === 'default' ? origin.path.slice(1) : origin.path;
  return step === 'new' && LIBRARY_APPS.has(`${origin.root} ${name}`);
}

/** A Node server created through a builtin module, traced from the receiver of `.listen`. */
export function isNodeServer(origin: Origin | undefined): boolean {
  if (!origin || !NODE_SERVER_MODULES.has(origin.root)) return false;
  const [factory, step] = origin.path;
  return (
    (NODE_SERVER_FACTORIES.has(factory ?? '') && step === '()') ||
    (factory === 'Server' && step === 'new')
  );
}

function make(
  id: SocketApiId,
  node: SocketCall['node'],
  options: TSESTree.Node | undefined,
  receiver: TSESTree.Expression | undefined,
  certainty: SocketCall['certainty'] = 'known',
): SocketCall {
  return { api: SOCKET_APIS[id], node, options, receiver, certainty };
}

function firstNonFunction(args: readonly TSESTree.Node[]): TSESTree.Node | undefined {
  const first = args[0];
  if (!first) return undefined;
  const bare = skipWrappers(first);
  return bare.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    bare.type === AST_NODE_TYPES.FunctionExpression
    ? undefined
    : first;
}

/** Cheap syntactic test that runs before any scope lookup. */
export function isSocketCallCandidate(node: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  const name = calleeName(node);
  return name !== undefined && SOCKET_CALL_NAMES.has(name);
}

/**
 * Every rule of the plugin asks about the same call nodes; the answer depends only on the node
 * (its scope is the node's own), so it is kept per node for the other rules of the same run.
 */
const classified = new WeakMap<TSESTree.Node, SocketCall | null>();

export function classifySocketCall(
  node: TSESTree.CallExpression | TSESTree.NewExpression,
  scope: Scope,
): SocketCall | undefined {
  const cached = classified.get(node);
  if (cached !== undefined) return cached ?? undefined;
  const found = classifyUncached(node, scope);
  const from = found && readsOtherFiles() ? (resolveOrigin(node.callee, scope)?.from ?? receiverFrom(node, scope)) : undefined;
  const result = found && from ? { ...found, from } : found;
  classified.set(node, result ?? null);
  return result;
}

function receiverFrom(node: SocketCall['node'], scope: Scope): Provenance | undefined {
  const callee = skipWrappers(node.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression ? resolveOrigin(callee.object, scope)?.from : undefined;
}

function classifyUncached(
  node: TSESTree.CallExpression | TSESTree.NewExpression,
  scope: Scope,
): SocketCall | undefined {
  const name = calleeName(node);
  if (name === undefined || !SOCKET_CALL_NAMES.has(name)) return undefined;
  const origin = normalise(resolveOrigin(node.callee, scope));
  const args = node.arguments;

  if (node.type === AST_NODE_TYPES.NewExpression) {
    return origin?.root === 'module:net' && origin.path.join('.') === 'BoundSocket'
      ? make('node:net.BoundSocket', node, args[0], undefined)
      : undefined;
  }
  if (origin) {
    const joined = origin.path.join('.');
    if (isBun(origin.root)) {
      if (joined === 'serve') return make('bun:serve', node, args[0], undefined);
      if (joined === 'listen') return make('bun:listen', node, args[0], undefined);
      return undefined;
    }
    if (origin.root === 'global:Deno') {
      if (joined === 'listen') return make('deno:listen', node, args[0], undefined);
      if (joined === 'listenTls') return make('deno:listenTls', node, args[0], undefined);
      if (joined === 'listenDatagram') return make('deno:listenDatagram', node, args[0], undefined);
      if (joined === 'serve') return make('deno:serve', node, firstNonFunction(args), undefined);
      return undefined;
    }
    if (origin.root === 'module:dgram') {
      return joined === 'createSocket' ? make('node:dgram.createSocket', node, args[0], undefined) : undefined;
    }
    if (isUwsApp(origin) && origin.path.at(-1) === 'listen') {
      return make('uws:listen', node, undefined, undefined);
    }
  }
  const callee = skipWrappers(node.callee);
  if (name !== 'listen' || callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const receiverOrigin = normalise(resolveOrigin(callee.object, scope));
  if (receiverOrigin && (isBun(receiverOrigin.root) || receiverOrigin.root === 'global:Deno' || isUwsApp(receiverOrigin) || isLibraryApp(receiverOrigin))) {
    return undefined;
  }
  return make(
    'node:server.listen',
    node,
    args[0],
    callee.object as TSESTree.Expression,
    isNodeServer(receiverOrigin) ? 'known' : 'assumed',
  );
}
