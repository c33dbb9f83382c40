/**
 * Calls into server libraries that hand reuse options on to a runtime socket API (rows of
 * LIBRARY_BINDS in socket-apis.ts): srvx / crossws `serve()`, Elysia's `listen()` on Bun or, with
 * `@elysiajs/node`, on srvx on Node, and hyper-express `Server#listen()`. Each becomes a SocketCall
 * whose `api` is the runtime API's row, named after the library, so the rules describe it from
 * the same table.
 *
 * Express, Koa and fastify `listen()` pass their arguments to Node's `server.listen()` unchanged;
 * the untraced `.listen()` path of socket-calls.ts already reads them as such.
 */
import path from 'node:path';
import semver from 'semver';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { LIBRARY_BINDS, SOCKET_APIS, type LibraryBind, type LibraryBindId } from './socket-apis.js';
import type { SocketCall } from './socket-calls.js';
import { nearestManifest } from './targets.js';
import { lookupOption, resolveOrigin, skipWrappers, type Origin } from './value-flow/index.js';

type Scope = TSESLint.Scope.Scope;

export interface LibraryCall {
  readonly bind: LibraryBind;
  readonly call: SocketCall;
  /** `new Elysia(config)` / `new Server(options)`: the object the library reads its defaults from. */
  readonly config: TSESTree.Node | undefined;
}

/** srvx entry points and crossws's server entry points, which call srvx's serve. */
const SRVX_ENTRIES: Readonly<Record<string, LibraryBindId>> = {
  'module:srvx': 'srvx:serve:node',
  'module:srvx/node': 'srvx:serve:node',
  'module:srvx/bun': 'srvx:serve:bun',
  'module:srvx/deno': 'srvx:serve:deno',
  'module:crossws/server': 'srvx:serve:node',
  'module:crossws/server/node': 'srvx:serve:node',
  'module:crossws/server/bun': 'srvx:serve:bun',
  'module:crossws/server/deno': 'srvx:serve:deno',
};

interface Manifest {
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
  peerDependencies?: Record<string, unknown>;
}

/** Whether the project may use a release the row is about (true when package.json says nothing). */
function versionApplies(bind: LibraryBind, filename: string): boolean {
  if (bind.versions === '*' || !path.isAbsolute(filename)) return true;
  const manifest = nearestManifest(path.dirname(filename)) as Manifest | null;
  const declared =
    manifest?.dependencies?.[bind.module] ?? manifest?.devDependencies?.[bind.module] ?? manifest?.peerDependencies?.[bind.module];
  const range = typeof declared === 'string' ? semver.validRange(declared) : null;
  return range === null || semver.intersects(range, bind.versions);
}

/** `new X(config)` at the root of a receiver chain, when its origin is `module`'s `X`. */
function constructedFrom(origin: Origin | undefined, module: string, name: string): boolean {
  if (!origin || origin.root !== `module:${module}`) return false;
  const steps = origin.path[0] === 'default' ? origin.path.slice(1) : origin.path;
  return steps[0] === name && steps[1] === 'new';
}

/** The first argument of the `new X(…)` that starts the receiver's chain, followed through one variable. */
function constructorConfig(receiver: TSESTree.Node, scope: Scope): TSESTree.Node | undefined {
  let current = skipWrappers(receiver);
  for (let depth = 0; depth < 16; depth++) {
    if (current.type === AST_NODE_TYPES.NewExpression) return current.arguments[0];
    if (current.type === AST_NODE_TYPES.CallExpression && current.callee.type === AST_NODE_TYPES.MemberExpression) {
      current = skipWrappers(current.callee.object);
      continue;
    }
    if (current.type === AST_NODE_TYPES.Identifier) {
      const variable = scope.set.get(current.name) ?? findInUpper(scope, current.name);
      const def = variable?.defs[0];
      if (variable?.defs.length !== 1 || def?.type !== 'Variable' || !def.node.init) return undefined;
      current = skipWrappers(def.node.init);
      continue;
    }
    return undefined;
  }
  return undefined;
}

function findInUpper(scope: Scope, name: string) {
  for (let current: Scope | null = scope; current; current = current.upper) {
    const variable = current.set.get(name);
    if (variable) return variable;
  }
  return undefined;
}

/** Elysia adapters by the module their factory comes from: `new Elysia({ adapter: node() })`. */
const ELYSIA_ADAPTERS: Readonly<Record<string, LibraryBindId>> = {
  'module:@elysiajs/node': 'elysia:listen:node',
  'module:elysia/adapter/bun': 'elysia:listen:bun',
};

/**
 * Which row an Elysia app's `listen()` is: Bun's without an `adapter` (Elysia's default), the
 * adapter's when its factory is known, none for another adapter (what runs is not known here).
 */
function elysiaRow(config: TSESTree.Node | undefined, scope: Scope): LibraryBindId | undefined {
  if (!config) return 'elysia:listen:bun';
  const adapter = lookupOption(config, 'adapter', scope);
  if (adapter.settings.length === 0) return 'elysia:listen:bun';
  const rows = adapter.settings.map((setting) => {
    const value = skipWrappers(setting.value);
    const origin = resolveOrigin(value.type === AST_NODE_TYPES.CallExpression ? value.callee : value, scope);
    return origin && origin.path.length <= 1 ? ELYSIA_ADAPTERS[origin.root] : undefined;
  });
  return rows.every((row) => row === rows[0]) ? rows[0] : undefined;
}

function make(id: LibraryBindId, node: TSESTree.CallExpression, options: TSESTree.Node | undefined, receiver: TSESTree.Expression | undefined, config: TSESTree.Node | undefined): LibraryCall {
  const bind = LIBRARY_BINDS[id];
  const api = { ...SOCKET_APIS[bind.forwardsTo], display: bind.display };
  return { bind, config, call: { api, node, options, receiver, certainty: 'assumed' } };
}

/** Several rules ask about the same call nodes in one run: the answer depends only on the node. */
const classified = new WeakMap<TSESTree.Node, LibraryCall | null>();

export function classifyLibraryCall(node: TSESTree.CallExpression, scope: Scope, filename: string): LibraryCall | undefined {
  let result = classified.get(node);
  if (result === undefined) {
    result = classifyUncached(node, skipWrappers(node.callee), scope) ?? null;
    classified.set(node, result);
  }
  return result && versionApplies(result.bind, filename) ? result : undefined;
}

function classifyUncached(node: TSESTree.CallExpression, callee: TSESTree.Node, scope: Scope): LibraryCall | undefined {
  const name =
    callee.type === AST_NODE_TYPES.Identifier
      ? callee.name
      : callee.type === AST_NODE_TYPES.MemberExpression && callee.property.type === AST_NODE_TYPES.Identifier
        ? callee.property.name
        : undefined;
  if (name === 'serve') {
    const origin = resolveOrigin(callee, scope);
    const id = origin && origin.path.join('.') === 'serve' ? SRVX_ENTRIES[origin.root] : undefined;
    return id ? make(id, node, node.arguments[0], undefined, undefined) : undefined;
  }
  if (name !== 'listen' || callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const receiverOrigin = resolveOrigin(callee.object, scope);
  if (constructedFrom(receiverOrigin, 'elysia', 'Elysia')) {
    const config = constructorConfig(callee.object, scope);
    const id = elysiaRow(config, scope);
    return id && make(id, node, node.arguments[0], callee.object as TSESTree.Expression, config);
  }
  if (constructedFrom(receiverOrigin, 'hyper-express', 'Server')) {
    const config = constructorConfig(callee.object, scope);
    return make('hyper-express:listen', node, undefined, callee.object as TSESTree.Expression, config);
  }
  return undefined;
}
