/**
 * Decides whether code is only reachable on some platforms, from the conditions around it:
 * `if (process.platform === 'linux')`, `os.platform()`, `os.type()`, `Deno.build.os`,
 * `['linux', 'freebsd'].includes(process.platform)`, early returns, `switch (process.platform)`,
 * `&&` / ternaries, exclusive-bind's `canSharePort()` capability check, and the gates of test
 * runners: `Deno.test({ ignore })`, node:test `{ skip }` / `{ todo }`, `t.skip()`, and
 * vitest / jest / bun:test `skipIf` / `runIf` / `if`.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { LOAD_BALANCING_PLATFORMS, PLATFORMS, type Platform } from './socket-apis.js';
import { singleValue, staticKey, resolveOrigin, skipWrappers } from './value-flow/index.js';

type Scope = TSESLint.Scope.Scope;
export type PlatformOrOther = Platform | 'other';

const UNIVERSE: readonly PlatformOrOther[] = [...PLATFORMS, 'other'];

/** Upper bounds of the platforms on which a condition is true / false. */
interface Outcome {
  readonly whenTrue: ReadonlySet<PlatformOrOther>;
  readonly whenFalse: ReadonlySet<PlatformOrOther>;
}

const UNKNOWN: Outcome = { whenTrue: new Set(UNIVERSE), whenFalse: new Set(UNIVERSE) };

/** Values that `process.platform`, `os.type()` and `Deno.build.os` report, mapped to ours. */
const PLATFORM_VALUES: Record<string, PlatformOrOther> = {
  linux: 'linux',
  android: 'linux',
  darwin: 'darwin',
  freebsd: 'freebsd',
  win32: 'win32',
  windows: 'win32',
  Linux: 'linux',
  Darwin: 'darwin',
  FreeBSD: 'freebsd',
  Windows_NT: 'win32',
};

function platformOf(value: unknown): PlatformOrOther {
  return typeof value === 'string' ? (PLATFORM_VALUES[value] ?? 'other') : 'other';
}

function only(set: Iterable<PlatformOrOther>): Outcome {
  const whenTrue = new Set(set);
  return { whenTrue, whenFalse: new Set(UNIVERSE.filter((p) => !whenTrue.has(p))) };
}

/** `process.platform`, `os.platform()`, `os.type()`, `Deno.build.os`, or a const holding one. */
function isPlatformSource(input: TSESTree.Node, scope: Scope, depth = 0): boolean {
  const node = skipWrappers(input);
  if (node.type === AST_NODE_TYPES.Identifier && depth < 4) {
    const value = singleValue(node, scope);
    if (value !== undefined) return isPlatformSource(value, scope, depth + 1);
    // No plain initialiser: `const { platform } = process` or `import { platform } from
    // 'node:process'`, which resolveOrigin follows below.
  }
  const origin = resolveOrigin(node, scope);
  if (!origin) return false;
  const path = origin.path.join('.');
  if (origin.root === 'global:process' || origin.root === 'module:process') return path === 'platform';
  if (origin.root === 'module:os') return path === 'platform.()' || path === 'type.()';
  if (origin.root === 'global:Deno') return path === 'build.os';
  return false;
}

function isCapabilityCheck(node: TSESTree.CallExpression, scope: Scope): boolean {
  const origin = resolveOrigin(node.callee, scope);
  return origin?.root === 'module:exclusive-bind' && origin.path.join('.') === 'canSharePort';
}

function staticPlatforms(node: TSESTree.Node, scope: Scope): PlatformOrOther[] | undefined {
  const value = ASTUtils.getStaticValue(node as TSESTree.Expression, scope);
  if (!value) return undefined;
  const list = Array.isArray(value.value) ? value.value : [value.value];
  return list.map(platformOf);
}

export function evaluateCondition(input: TSESTree.Node, scope: Scope, depth = 0): Outcome {
  if (depth > 16) return UNKNOWN;
  const node = skipWrappers(input);
  switch (node.type) {
    case AST_NODE_TYPES.UnaryExpression: {
      if (node.operator !== '!') return UNKNOWN;
      const inner = evaluateCondition(node.argument, scope, depth + 1);
      return { whenTrue: inner.whenFalse, whenFalse: inner.whenTrue };
    }
    case AST_NODE_TYPES.LogicalExpression: {
      const left = evaluateCondition(node.left, scope, depth + 1);
      const right = evaluateCondition(node.right, scope, depth + 1);
      const inter = (a: ReadonlySet<PlatformOrOther>, b: ReadonlySet<PlatformOrOther>) =>
        new Set([...a].filter((p) => b.has(p)));
      const union = (a: ReadonlySet<PlatformOrOther>, b: ReadonlySet<PlatformOrOther>) =>
        new Set([...a, ...b]);
      if (node.operator === '&&') {
        return { whenTrue: inter(left.whenTrue, right.whenTrue), whenFalse: union(left.whenFalse, right.whenFalse) };
      }
      if (node.operator === '||') {
        return { whenTrue: union(left.whenTrue, right.whenTrue), whenFalse: inter(left.whenFalse, right.whenFalse) };
      }
      return UNKNOWN;
    }
    case AST_NODE_TYPES.BinaryExpression: {
      const negated = node.operator === '!==' || node.operator === '!=';
      if (!negated && node.operator !== '===' && node.operator !== '==') return UNKNOWN;
      let values: PlatformOrOther[] | undefined;
      if (isPlatformSource(node.left, scope)) values = staticPlatforms(node.right, scope);
      else if (isPlatformSource(node.right, scope)) values = staticPlatforms(node.left, scope);
      if (!values) return UNKNOWN;
      const outcome = only(values);
      return negated ? { whenTrue: outcome.whenFalse, whenFalse: outcome.whenTrue } : outcome;
    }
    case AST_NODE_TYPES.CallExpression: {
      if (isCapabilityCheck(node, scope)) return { whenTrue: new Set(LOAD_BALANCING_PLATFORMS), whenFalse: new Set(UNIVERSE) };
      const callee = skipWrappers(node.callee);
      if (
        callee.type === AST_NODE_TYPES.MemberExpression &&
        ASTUtils.getPropertyName(callee, scope) === 'includes' &&
        node.arguments[0] &&
        isPlatformSource(node.arguments[0], scope)
      ) {
        const values = staticPlatforms(callee.object, scope);
        return values ? only(values) : UNKNOWN;
      }
      return UNKNOWN;
    }
    case AST_NODE_TYPES.Identifier: {
      const value = singleValue(node, scope);
      return value ? evaluateCondition(value, scope, depth + 1) : UNKNOWN;
    }
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.TemplateLiteral: {
      // `skip: isMac && 'no SO_REUSEPORT there'`: the reason string is always truthy.
      const value = ASTUtils.getStaticValue(node, scope);
      if (!value) return UNKNOWN;
      return value.value ? { whenTrue: new Set(UNIVERSE), whenFalse: new Set() } : { whenTrue: new Set(), whenFalse: new Set(UNIVERSE) };
    }
    default:
      return UNKNOWN;
  }
}

function within(set: ReadonlySet<PlatformOrOther>, allowed: readonly PlatformOrOther[]): boolean {
  return [...set].every((p) => allowed.includes(p));
}

/**
 * `t.skip(...)` on a test function's own context parameter (node:test, vitest, Deno's `t`): the
 * author says the rest does not apply. vitest's `ctx.skip()` throws; node:test's marks the test
 * skipped and lets it run on, so what follows is outside what the test checks either way.
 */
function contextSkip(statement: TSESTree.Statement, scope: Scope): TSESTree.CallExpression | undefined {
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return undefined;
  const call = skipWrappers(statement.expression);
  if (call.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const callee = skipWrappers(call.callee);
  if (
    callee.type !== AST_NODE_TYPES.MemberExpression ||
    ASTUtils.getPropertyName(callee, scope) !== 'skip' ||
    callee.object.type !== AST_NODE_TYPES.Identifier
  ) {
    return undefined;
  }
  const variable = ASTUtils.findVariable(scope, callee.object);
  return variable?.defs.some((def) => def.type === 'Parameter') ? call : undefined;
}

function alwaysExits(statement: TSESTree.Statement, scope: Scope): boolean {
  switch (statement.type) {
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ThrowStatement:
    case AST_NODE_TYPES.ContinueStatement:
    case AST_NODE_TYPES.BreakStatement:
      return true;
    case AST_NODE_TYPES.BlockStatement:
      return statement.body.some((inner) => alwaysExits(inner, scope));
    case AST_NODE_TYPES.ExpressionStatement: {
      // `t.skip()` / `t.skip('reason')`; `t.skip(cond)` (vitest) is a condition, see earlyExitGuards.
      const call = contextSkip(statement, scope);
      return call !== undefined && (call.arguments.length === 0 || isStringArgument(call.arguments[0]!, scope));
    }
    default:
      return false;
  }
}

function isStringArgument(node: TSESTree.Node, scope: Scope): boolean {
  const value = ASTUtils.getStaticValue(node as TSESTree.Expression, scope);
  return typeof value?.value === 'string';
}

/** Platforms left after the statements before `child` in its block that leave early unless a condition holds. */
function afterEarlyExits(child: TSESTree.Node, parent: TSESTree.Node, scope: Scope, reach: Set<PlatformOrOther>): void {
  const body =
    parent.type === AST_NODE_TYPES.BlockStatement || parent.type === AST_NODE_TYPES.Program
      ? parent.body
      : parent.type === AST_NODE_TYPES.SwitchCase
        ? parent.consequent
        : undefined;
  if (!body) return;
  for (const statement of body) {
    if (statement === child) return;
    if (statement.type === AST_NODE_TYPES.IfStatement && !statement.alternate && alwaysExits(statement.consequent, scope)) {
      keep(reach, evaluateCondition(statement.test, scope).whenFalse);
    }
    // vitest's `ctx.skip(condition)`: the rest runs only where the condition is false.
    const skip = contextSkip(statement, scope);
    const condition = skip?.arguments[0];
    if (condition && !isStringArgument(condition, scope)) keep(reach, evaluateCondition(condition, scope).whenFalse);
  }
}

/** The platforms that reach a `case` of `switch (process.platform)`, or undefined for other switches. */
function switchCasePlatforms(switchCase: TSESTree.SwitchCase, scope: Scope): PlatformOrOther[] | undefined {
  const statement = switchCase.parent;
  if (!isPlatformSource(statement.discriminant, scope) || !switchCase.test) return undefined;
  // Cases that fall through into this one count too.
  const reaching: PlatformOrOther[] = [];
  const index = statement.cases.indexOf(switchCase);
  for (let i = index; i >= 0; i--) {
    const current = statement.cases[i]!;
    if (i < index && current.consequent.length > 0) break;
    if (!current.test) return undefined;
    const values = staticPlatforms(current.test, scope);
    if (!values) return undefined;
    reaching.push(...values);
  }
  return reaching;
}

/** Narrows `reach` to the platforms also in `set`. */
function keep(reach: Set<PlatformOrOther>, set: Iterable<PlatformOrOther>): void {
  const allowed = new Set(set);
  for (const platform of reach) if (!allowed.has(platform)) reach.delete(platform);
}

/** Names under which test runners declare a test or a group (node:test, vitest, jest, bun:test, Deno). */
const TEST_NAMES = new Set(['test', 'it', 'describe', 'suite', 'specify', 'step', 'bench']);
/** Options that keep a test from running (Deno `ignore`, node:test `skip` / `todo`). */
const SKIP_OPTIONS = new Set(['ignore', 'skip', 'todo']);

/** The name at the root of `test`, `it.concurrent`, `Deno.test`, `t.test`, `describe.each(...)`. */
function testName(node: TSESTree.Node, scope: Scope): string | undefined {
  const callee = skipWrappers(node);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = ASTUtils.getPropertyName(callee, scope);
  if (name && TEST_NAMES.has(name)) return name;
  // `it.concurrent`, `test.serial`: the runner's name sits on the object.
  return testName(callee.object, scope);
}

/**
 * The platforms on which the functions passed to this call run, when the call is a test-runner
 * gate: `test.skipIf(c)(name, fn)`, `describe.runIf(c)`, bun's `test.if(c)`, `test(name, { skip: c }, fn)`,
 * `Deno.test({ ignore: c, fn })`. Undefined when the call is no gate.
 */
function testGate(call: TSESTree.CallExpression, scope: Scope): ReadonlySet<PlatformOrOther> | undefined {
  let callee = skipWrappers(call.callee);
  // `test.skipIf(c).each(rows)(name, fn)`: step over `.each(rows)`.
  if (
    callee.type === AST_NODE_TYPES.CallExpression &&
    callee.callee.type === AST_NODE_TYPES.MemberExpression &&
    ASTUtils.getPropertyName(callee.callee, scope) === 'each'
  ) {
    callee = skipWrappers(callee.callee.object);
  }
  if (callee.type === AST_NODE_TYPES.CallExpression && callee.callee.type === AST_NODE_TYPES.MemberExpression) {
    const method = ASTUtils.getPropertyName(callee.callee, scope);
    const condition = callee.arguments[0];
    if (!condition || !TEST_NAMES.has(testName(callee.callee.object, scope) ?? '')) return undefined;
    if (method === 'skipIf') return evaluateCondition(condition, scope).whenFalse;
    if (method === 'runIf' || method === 'if') return evaluateCondition(condition, scope).whenTrue;
    return undefined;
  }
  if (!TEST_NAMES.has(testName(callee, scope) ?? '')) return undefined;
  let runs: Set<PlatformOrOther> | undefined;
  for (const argument of call.arguments) {
    if (argument.type !== AST_NODE_TYPES.ObjectExpression) continue;
    for (const property of argument.properties) {
      if (property.type !== AST_NODE_TYPES.Property || !SKIP_OPTIONS.has(staticKey(property, scope) ?? '')) continue;
      const whenFalse = evaluateCondition(property.value, scope).whenFalse;
      runs = new Set([...(runs ?? UNIVERSE)].filter((p) => whenFalse.has(p)));
    }
  }
  return runs;
}

/**
 * The platforms on which `node` can run, from every guard around it: `if` / ternary / `&&` tests,
 * early exits, `switch (process.platform)` cases and test-runner gates. 'other' stands for
 * platforms the table does not name (`!== 'win32'` keeps it). `getScope` gives the scope of an
 * ancestor (ESLint's sourceCode.getScope).
 */
export function reachablePlatforms(
  node: TSESTree.Node,
  getScope: (node: TSESTree.Node) => Scope,
): ReadonlySet<PlatformOrOther> {
  const reach = new Set<PlatformOrOther>(UNIVERSE);
  let child: TSESTree.Node = node;
  let parent = node.parent;
  while (parent && reach.size > 0) {
    switch (parent.type) {
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
        if (child !== parent.test) {
          const outcome = evaluateCondition(parent.test, getScope(parent));
          keep(reach, child === parent.consequent ? outcome.whenTrue : outcome.whenFalse);
        }
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (child === parent.right && (parent.operator === '&&' || parent.operator === '||')) {
          const outcome = evaluateCondition(parent.left, getScope(parent));
          keep(reach, parent.operator === '&&' ? outcome.whenTrue : outcome.whenFalse);
        }
        break;
      case AST_NODE_TYPES.SwitchCase:
        if (child !== parent.test) {
          const platforms = switchCasePlatforms(parent, getScope(parent));
          if (platforms) keep(reach, platforms);
        }
        break;
      case AST_NODE_TYPES.CallExpression:
        // The test body (or Deno's `{ fn }` object) passed to a gated test.
        if (child !== parent.callee) {
          const runs = testGate(parent, getScope(parent));
          if (runs) keep(reach, runs);
        }
        break;
      default:
        break;
    }
    afterEarlyExits(child, parent, getScope(parent), reach);
    child = parent;
    parent = parent.parent;
  }
  return reach;
}

/**
 * Whether `node` only runs on `allowed` platforms (default: where SO_REUSEPORT load-balances).
 * Include 'other' in `allowed` to accept platforms the table does not name (`!== 'win32'`).
 */
export function isPlatformGuarded(
  node: TSESTree.Node,
  getScope: (node: TSESTree.Node) => Scope,
  allowed: readonly PlatformOrOther[] = LOAD_BALANCING_PLATFORMS,
): boolean {
  return within(reachablePlatforms(node, getScope), allowed);
}

/**
 * The platforms on which an option set at `value` for the call `call` is on: those that reach the
 * call and the value (guards, test-runner gates), narrowed by a value that is itself a platform
 * check (`reusePort: os.platform() === 'linux'`, `reuseAddr: !isWindows`).
 */
export function platformsWhereOn(
  call: TSESTree.Node,
  value: TSESTree.Node,
  getScope: (node: TSESTree.Node) => Scope,
): Set<PlatformOrOther> {
  const reach = new Set(reachablePlatforms(call, getScope));
  keep(reach, reachablePlatforms(value, getScope));
  keep(reach, evaluateCondition(value, getScope(value)).whenTrue);
  return reach;
}

/** Whether an option's value is itself a platform check that is only true on `allowed`. */
export function isPlatformConditionalValue(
  value: TSESTree.Node,
  scope: Scope,
  allowed: readonly Platform[] = LOAD_BALANCING_PLATFORMS,
): boolean {
  return within(evaluateCondition(value, scope).whenTrue, allowed);
}
