/**
 * Sharing that is the point of the code: a test that binds the same port twice with `reusePort` or
 * `reuseAddr` and expects both binds to work, or that asserts on the option's value. Removing the
 * option there can only make the code fail, so the codemod leaves such findings for review (the
 * lint rule still reports them; a suppression with a reason is the expected answer).
 *
 * Works on the AST the checkers saw (ESLint sets `parent` on every node).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { isAssertionCall } from '../../core/assertions.js';

/** Node and Bun spell them `reusePort`/`reuseAddr`; Deno's datagram option is `reuseAddress`. */
const REUSE_OPTIONS = new Set(['reusePort', 'reuseAddr', 'reuseAddress']);
/** Runtime namespaces whose `listen(…)` creates a new socket on each call (`Deno.listen`, `Bun.listen`). */
const SOCKET_FACTORIES = new Set(['Deno', 'Bun']);
/** Calls whose function argument is a test body: the body is a scope of its own. */
const TEST_BLOCKS = new Set(['it', 'test', 'describe', 'suite', 'before', 'beforeEach', 'beforeAll', 'after', 'afterEach', 'afterAll']);

type Node = TSESTree.Node;

function keyName(property: TSESTree.Property): string | undefined {
  if (property.computed) return property.key.type === 'Literal' && typeof property.key.value === 'string' ? property.key.value : undefined;
  if (property.key.type === 'Identifier') return property.key.name;
  return property.key.type === 'Literal' && typeof property.key.value === 'string' ? property.key.value : undefined;
}

function isFunction(node: Node): node is TSESTree.FunctionLike {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

/** The name a callee is known by: `it`, `test.only` → `test`, `a.b.listen` → `listen`. */
function calleeName(callee: Node): string | undefined {
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') {
    if (callee.object.type === 'Identifier' && TEST_BLOCKS.has(callee.object.name)) return callee.object.name;
    return callee.property.name;
  }
  return undefined;
}

/**
 * The scope a bind belongs to: its function, where callbacks (`listen(…, () => …)`, `.then(…)`,
 * `common.mustCall(…)`) count as part of the function that passes them, and a test body
 * (`it('…', () => …)`) or a named function is a scope of its own.
 */
function scopeOf(node: Node): Node {
  let current: Node | undefined = node.parent;
  while (current) {
    if (isFunction(current)) {
      const parent = current.parent;
      const isCallback = parent?.type === 'CallExpression' && parent.arguments.includes(current as TSESTree.CallExpressionArgument);
      if (!isCallback) return current;
      const name = calleeName((parent as TSESTree.CallExpression).callee);
      if (name && TEST_BLOCKS.has(name)) return current;
    }
    if (current.type === 'Program') return current;
    current = current.parent;
  }
  return node;
}

function walk(node: Node, visit: (node: Node) => void): void {
  visit(node);
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent') continue;
    if (Array.isArray(value)) {
      for (const child of value) if (child && typeof child.type === 'string') walk(child as Node, visit);
    } else if (value && typeof value === 'object' && typeof (value as Node).type === 'string') {
      walk(value as Node, visit);
    }
  }
}

/** One bind that sets a reuse option: which option, on which socket, on which port. */
interface ReuseBind {
  readonly option: string;
  readonly property: TSESTree.Property;
  /** Source text of the socket (`server1`), when known. */
  readonly socket?: string;
  readonly port?: Node;
}

function text(source: string, node: Node): string {
  return source.slice(node.range[0], node.range[1]);
}

function portOf(object: TSESTree.ObjectExpression): Node | undefined {
  const property = object.properties.find((p): p is TSESTree.Property => p.type === 'Property' && keyName(p) === 'port');
  return property?.value;
}

/** The port the first `socket.bind(…)` in `scope` binds: its first argument, or that object's `port`. */
function boundPort(scope: Node, socket: string, source: string): Node | undefined {
  let port: Node | undefined;
  walk(scope, (node) => {
    if (port || node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return;
    const { object, property } = node.callee;
    if (property.type !== 'Identifier' || property.name !== 'bind' || text(source, object) !== socket) return;
    const first = node.arguments[0];
    port = first?.type === 'ObjectExpression' ? portOf(first) : first;
  });
  return port;
}

function reuseBindOf(property: TSESTree.Property, scope: Node, source: string): ReuseBind | undefined {
  const option = keyName(property);
  if (!option || !REUSE_OPTIONS.has(option)) return undefined;
  if (property.value.type === 'Literal' && property.value.value === false) return undefined;
  const object = property.parent;
  if (object?.type !== 'ObjectExpression') return { option, property };
  const call = object.parent;
  if (call?.type !== 'CallExpression' || !call.arguments.includes(object)) return { option, property, port: portOf(object) };
  const callee = call.callee;
  // server.listen({ port, reusePort: true })
  const factory = callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && SOCKET_FACTORIES.has(callee.object.name);
  if (callee.type === 'MemberExpression' && calleeName(callee) === 'listen' && !factory) {
    return { option, property, socket: text(source, callee.object), port: portOf(object) };
  }
  // const socket = dgram.createSocket({ reuseAddr: true }); socket.bind(port)
  if (calleeName(callee) === 'createSocket' && call.parent?.type === 'VariableDeclarator' && call.parent.id.type === 'Identifier') {
    const socket = call.parent.id.name;
    return { option, property, socket, port: boundPort(scope, socket, source) };
  }
  return { option, property, port: portOf(object) };
}

/** The socket whose `.address()` an expression reads: `s.address().port`, or a variable set from it. */
function addressOwner(node: Node | undefined, source: string, scope: Node): string | undefined {
  if (!node) return undefined;
  let found: string | undefined;
  const look = (root: Node) =>
    walk(root, (n) => {
      if (found || n.type !== 'CallExpression' || n.callee.type !== 'MemberExpression') return;
      if (n.callee.property.type === 'Identifier' && n.callee.property.name === 'address') found = text(source, n.callee.object);
    });
  look(node);
  if (found || node.type !== 'Identifier') return found;
  // `const { port } = s.address()` / `const port = s.address().port` in the same scope.
  walk(scope, (n) => {
    if (found || n.type !== 'VariableDeclarator' || !n.init) return;
    const names: string[] = [];
    walk(n.id, (id) => {
      if (id.type === 'Identifier') names.push(id.name);
    });
    if (names.includes(node.name)) look(n.init);
  });
  return found;
}

/** Whether two binds may be on the same port: same non-zero literal, same expression, or one reads the other's address. */
function samePort(a: ReuseBind, b: ReuseBind, source: string, scope: Node): boolean {
  if (!a.port || !b.port) return false;
  if (a.port.type === 'Literal' && b.port.type === 'Literal') return a.port.value === b.port.value && a.port.value !== 0;
  const owner = (bind: ReuseBind) => addressOwner(bind.port, source, scope);
  if ((a.socket && owner(b) === a.socket) || (b.socket && owner(a) === b.socket)) return true;
  // Two binds of one expression: the same port, unless both are the same socket's listen calls.
  return a.port.type !== 'Literal' && text(source, a.port) === text(source, b.port) && (a.socket === undefined || a.socket !== b.socket);
}

function lineOf(node: Node): number {
  return node.loc.start.line;
}

/** Lines of assertions that read a reuse option in the file: `assert.strictEqual(s.reusePort, true)`, `expect(o.reuseAddr)`. */
function assertionsOn(program: Node, option: string): number[] {
  const lines: number[] = [];
  walk(program, (node) => {
    if (!isAssertionCall(node)) return;
    let reads = false;
    for (const argument of node.arguments) {
      walk(argument, (n) => {
        if (n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier' && n.property.name === option) reads = true;
        if (n.type === 'Literal' && n.value === option) reads = true;
      });
    }
    if (reads) lines.push(lineOf(node));
  });
  return [...new Set(lines)];
}

function reuseProperty(node: Node): TSESTree.Property | undefined {
  for (let current: Node | undefined = node; current; current = current.parent) {
    if (current.type === 'Property') {
      const name = keyName(current);
      return name && REUSE_OPTIONS.has(name) ? current : undefined;
    }
    if (current.type.endsWith('Statement') || current.type === 'Program') return undefined;
  }
  return undefined;
}

/**
 * Why a finding on `node` is deliberate sharing, or undefined. `source` is the text the AST was
 * parsed from.
 */
export function deliberateSharing(node: Node, source: string): string | undefined {
  const property = reuseProperty(node);
  if (!property) return undefined;
  const scope = scopeOf(property);
  const self = reuseBindOf(property, scope, source);
  if (!self) return undefined;
  let program: Node = property;
  while (program.parent) program = program.parent;

  const others: ReuseBind[] = [];
  walk(scope, (n) => {
    if (n.type !== 'Property' || n === property) return;
    const bind = reuseBindOf(n, scope, source);
    if (bind?.option === self.option && scopeOf(n) === scope) others.push(bind);
  });
  const sharing = others.filter((other) => samePort(self, other, source, scope));
  if (sharing.length > 0) {
    const lines = [lineOf(property), ...sharing.map((b) => lineOf(b.property))].sort((a, b) => a - b);
    return (
      `deliberate sharing: the same port is bound more than once in this scope with ${self.option} (lines ${lines.join(', ')}); ` +
      `without it the second bind fails: keep it and suppress the rule with a reason, or change it by hand`
    );
  }
  const asserted = assertionsOn(program, self.option);
  if (asserted.length > 0) {
    return (
      `deliberate sharing: the code asserts on ${self.option} (line ${asserted.join(', ')}); ` +
      `keep it and suppress the rule with a reason, or change it by hand`
    );
  }
  return undefined;
}
