/**
 * Readiness polls: calls that wait until "something answers on a port" (wait-on `tcp:`/`http:`
 * resources, wait-port, tcp-port-used, detect-port's and get-port-please's waiters, and connect or
 * request attempts repeated in a loop), and the expressions that carry the port they wait on.
 *
 * Such a poll cannot tell whose listener answered. When the port was handed to a child process,
 * a stale server on it passes the check, and the child's own failure to bind is never seen.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { resolveOrigin, skipWrappers } from '../value-flow/index.js';
import { isFunction, isLoop, isPromiseExecutor, normalise, type Scope } from '../port-probe/syntax.js';

export interface ReadinessPoll {
  /** How messages name the poll: `` `waitOn()` from wait-on ``. */
  readonly display: string;
  /** Expressions the port is read from (a resource string, a `port` option, an argument). */
  readonly ports: readonly TSESTree.Node[];
}

/** Modules with a waiter, and which export waits on which argument. */
const PACKAGE_WAITERS: Record<string, Record<string, { display: string; port: PortAt }>> = {
  'wait-on': { '': { display: 'waitOn()', port: 'resources' } },
  'wait-port': { '': { display: 'waitPort()', port: 'portOption' } },
  'tcp-port-used': {
    waitUntilUsed: { display: 'waitUntilUsed()', port: 'first' },
    waitUntilUsedOnHost: { display: 'waitUntilUsedOnHost()', port: 'first' },
    waitForStatus: { display: 'waitForStatus()', port: 'first' },
  },
  'detect-port': { waitPort: { display: 'waitPort()', port: 'first' } },
  'get-port-please': { waitForPort: { display: 'waitForPort()', port: 'first' } },
};

/** Module names the text filter looks for. */
export const POLL_MODULES = Object.keys(PACKAGE_WAITERS);
/** Calls that, repeated in a loop, poll a port by hand; words for the text filter. */
export const CONNECT_WORDS = ['connect', 'createConnection', 'fetch', 'get', 'request', 'check'];

type PortAt = 'resources' | 'portOption' | 'first' | 'target';

/** wait-on resources that need a TCP listener: `tcp:`, `http:`, `https:`, `http-get:`, `https-get:`. */
const TCP_RESOURCE = /^(?:tcp|https?|https?-get):/;

/**
 * Method names a poll can be called by (`tcpPortUsed.waitUntilUsed()`, `http.get()`, `mod.default()`):
 * a method call by any other name is no poll, and needs no origin lookup (large files have
 * thousands).
 */
const POLL_METHODS = new Set([
  ...Object.values(PACKAGE_WAITERS).flatMap((waiters) => Object.keys(waiters)),
  ...CONNECT_WORDS,
  'default',
]);

/** The poll a call is, or undefined. */
export function readinessPoll(node: TSESTree.CallExpression, scope: Scope): ReadinessPoll | undefined {
  const callee = skipWrappers(node.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier) {
    if (!POLL_METHODS.has(callee.property.name)) return undefined;
  }
  const origin = normalise(resolveOrigin(node.callee, scope));
  if (!origin) return undefined;
  if (origin.root.startsWith('module:')) {
    const module = origin.root.slice('module:'.length);
    const waiter = PACKAGE_WAITERS[module]?.[origin.path.join('.')];
    if (waiter) return { display: `\`${waiter.display}\` from ${module}`, ports: portsAt(waiter.port, node, scope) };
  }
  const connect = connectCall(origin.root, origin.path);
  const loop = connect ? loopAround(node) : undefined;
  if (connect && loop && !iteratesOverWork(loop, node, scope)) {
    return { display: `\`${connect}\` in a retry loop`, ports: portsAt(connect === 'check()' ? 'first' : 'target', node, scope) };
  }
  return undefined;
}

/** A connect or request call, as messages name it. */
function connectCall(root: string, path: readonly string[]): string | undefined {
  const [first, ...rest] = path;
  if (rest.length > 0) return undefined;
  if (root === 'global:fetch' && first === undefined) return 'fetch()';
  if (root === 'module:net' && (first === 'connect' || first === 'createConnection')) return `net.${first}()`;
  if ((root === 'module:http' || root === 'module:https') && (first === 'get' || first === 'request')) {
    return `${root.slice('module:'.length)}.${first}()`;
  }
  if (root === 'module:tcp-port-used' && first === 'check') return 'check()';
  return undefined;
}

/** The loop of the same function the call is in (a Promise executor counts as part of its caller). */
function loopAround(node: TSESTree.Node): TSESTree.Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isLoop(current)) return current;
    if (isFunction(current) && !isPromiseExecutor(current) && !isCallbackOfLoopBody(current)) return undefined;
  }
  return undefined;
}

/** The names a loop head declares: `for (const path of paths)`, `for (let i = 0; …)`, `for (const [k, v] of …)`. */
function loopVariables(loop: TSESTree.Node): TSESTree.Identifier[] {
  const head =
    loop.type === AST_NODE_TYPES.ForOfStatement || loop.type === AST_NODE_TYPES.ForInStatement
      ? loop.left
      : loop.type === AST_NODE_TYPES.ForStatement
        ? loop.init
        : null;
  if (head?.type !== AST_NODE_TYPES.VariableDeclaration) return [];
  const names: TSESTree.Identifier[] = [];
  const add = (pattern: TSESTree.Node | null): void => {
    if (!pattern) return;
    if (pattern.type === AST_NODE_TYPES.Identifier) names.push(pattern);
    else if (pattern.type === AST_NODE_TYPES.ArrayPattern) pattern.elements.forEach(add);
    else if (pattern.type === AST_NODE_TYPES.ObjectPattern) {
      for (const property of pattern.properties) add(property.type === AST_NODE_TYPES.Property ? property.value : property.argument);
    } else if (pattern.type === AST_NODE_TYPES.AssignmentPattern) add(pattern.left);
    else if (pattern.type === AST_NODE_TYPES.RestElement) add(pattern.argument);
  };
  for (const declarator of head.declarations) add(declarator.id);
  return names;
}

/**
 * A loop whose own variable reaches the call's arguments asks for something different on each
 * pass (`for (const path of ['/a', '/b']) await fetch(base + path)`): it iterates over work, it
 * does not retry one request until something answers. A retry loop's variable counts attempts or
 * delays and stays out of the request.
 */
function iteratesOverWork(loop: TSESTree.Node, call: TSESTree.CallExpression, scope: Scope): boolean {
  const first = call.arguments[0];
  const last = call.arguments.at(-1);
  if (!first || !last) return false;
  return loopVariables(loop).some((name) => {
    const variable = ASTUtils.findVariable(scope, name);
    return variable?.references.some((ref) => ref.identifier.range[0] >= first.range[0] && ref.identifier.range[1] <= last.range[1]) ?? false;
  });
}

/** `socket.once('connect', () => …)` inside the loop: the callback belongs to the attempt. */
function isCallbackOfLoopBody(fn: TSESTree.Node): boolean {
  return fn.parent?.type === AST_NODE_TYPES.CallExpression && fn.parent.arguments.includes(fn as TSESTree.CallExpressionArgument);
}

function portsAt(at: PortAt, node: TSESTree.CallExpression, scope: Scope): TSESTree.Node[] {
  const first = node.arguments[0];
  if (!first) return [];
  switch (at) {
    case 'first':
      return [first];
    case 'portOption':
      return [...optionValues(first, 'port', scope)];
    case 'resources':
      return optionValues(first, 'resources', scope).flatMap((resources) => {
        const list = skipWrappers(resources);
        if (list.type !== AST_NODE_TYPES.ArrayExpression) return [];
        return list.elements.filter((element): element is TSESTree.Expression => element !== null && isTcpResource(element));
      });
    case 'target': {
      // connect(port, host), connect({ port }), fetch(`http://…:${port}`), http.get({ port })
      const object = objectOf(first, scope);
      return object ? [...optionValues(object, 'port', scope)] : [first];
    }
  }
}

/** The object literal an argument is, directly or through a `const`. */
function objectOf(node: TSESTree.Node, scope: Scope): TSESTree.ObjectExpression | undefined {
  const bare = skipWrappers(node);
  if (bare.type === AST_NODE_TYPES.ObjectExpression) return bare;
  if (bare.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(scope, bare);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Variable' || def.parent.kind !== 'const') return undefined;
  const init = def.node.init && skipWrappers(def.node.init);
  return init?.type === AST_NODE_TYPES.ObjectExpression ? init : undefined;
}

/** Values of `key` in an options object literal (or a `const` holding one). */
function optionValues(node: TSESTree.Node, key: string, scope: Scope): TSESTree.Node[] {
  const object = objectOf(node, scope);
  if (!object) return [];
  return object.properties.flatMap((property) =>
    property.type === AST_NODE_TYPES.Property && !property.computed && ASTUtils.getPropertyName(property) === key ? [property.value] : [],
  );
}

/** A wait-on resource string that needs a TCP listener, by its literal start. */
function isTcpResource(node: TSESTree.Node): boolean {
  let head: TSESTree.Node = skipWrappers(node);
  while (head.type === AST_NODE_TYPES.BinaryExpression && head.operator === '+') head = head.left;
  if (head.type === AST_NODE_TYPES.Literal) return typeof head.value === 'string' && TCP_RESOURCE.test(head.value);
  if (head.type === AST_NODE_TYPES.TemplateLiteral) return TCP_RESOURCE.test(head.quasis[0]?.value.cooked ?? '');
  return false;
}

/** Identifiers read inside a port expression (`port`, `` `tcp:${port}` ``, `'http://x:' + port`). */
export function identifiersIn(node: TSESTree.Node): TSESTree.Identifier[] {
  const bare = skipWrappers(node);
  switch (bare.type) {
    case AST_NODE_TYPES.Identifier:
      return [bare];
    case AST_NODE_TYPES.TemplateLiteral:
      return bare.expressions.flatMap(identifiersIn);
    case AST_NODE_TYPES.BinaryExpression:
      return bare.left.type === AST_NODE_TYPES.PrivateIdentifier ? identifiersIn(bare.right) : [...identifiersIn(bare.left), ...identifiersIn(bare.right)];
    case AST_NODE_TYPES.CallExpression:
      // String(port), Number(port), port.toString()
      return bare.arguments.length === 1 ? identifiersIn(bare.arguments[0]!) : bare.callee.type === AST_NODE_TYPES.MemberExpression ? identifiersIn(bare.callee.object) : [];
    case AST_NODE_TYPES.NewExpression:
      // new URL(`http://localhost:${port}`)
      return bare.arguments[0] ? identifiersIn(bare.arguments[0]) : [];
    default:
      return [];
  }
}
