/**
 * uWebSockets.js `listen()` overloads: `(port, cb)`, `(host, port, cb)`, `(port, options, cb)`,
 * `(host, port, options, cb)`. The callback is always last, so arity decides everything but the
 * three-argument form, where uWS itself looks at the first argument: a string is a host. The same
 * question is answered here for arguments that are not literals, from what the expression is
 * (`Number(…)`, `process.env.HOST`, a template, a constant), a TypeScript annotation on the
 * variable, or the name it is held in (`host`, `port`, `flags`).
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { ensureNamedImport, type Edit } from './edits.js';
import { fallbackModuleStyle, type ModuleContext } from './module-style.js';
import { lookupOption, memberKey, singleValue, resolveOrigin, skipWrappers } from './value-flow/index.js';
import { UWS_EXCLUSIVE_FLAG } from './socket-apis.js';
import type { SocketCall } from './socket-calls.js';

type Scope = TSESLint.Scope.Scope;
type Kind = 'string' | 'number' | 'object' | 'function' | 'unknown';

const UWS_MODULE = 'uWebSockets.js';

export interface UwsListen {
  readonly port: TSESTree.Node | undefined;
  /** Index of the options argument, present or where it goes. */
  readonly optionsIndex: number;
  readonly options: TSESTree.Node | undefined;
}

const HOST_NAME = /^(host|hostname|address|addr|ip|interface|iface|bind|bindaddress|listenaddress|listenhost)$/i;
const PORT_NAME = /port$/i;
const FLAGS_NAME = /^(options|opts|flags|listenoptions|listenflags)$/i;
const NUMBER_FUNCTIONS = new Set(['Number', 'parseInt', 'parseFloat']);

function isLibusFlag(node: TSESTree.Node, scope: Scope): boolean {
  const bare = skipWrappers(node);
  if (bare.type === AST_NODE_TYPES.Identifier) return bare.name.startsWith('LIBUS_LISTEN_');
  return bare.type === AST_NODE_TYPES.MemberExpression && (ASTUtils.getPropertyName(bare, scope) ?? '').startsWith('LIBUS_LISTEN_');
}

/** The name an argument is known by: `host`, `this.port`, `config.host`. */
function nameOf(node: TSESTree.Node, scope: Scope): string | undefined {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.MemberExpression) return ASTUtils.getPropertyName(node, scope) ?? undefined;
  return undefined;
}

/** `host: string` / `port: number` on the parameter or variable that holds the value. */
function annotatedKind(node: TSESTree.Identifier, scope: Scope): Kind {
  const variable = ASTUtils.findVariable(scope, node);
  const id = variable?.defs[0]?.name;
  const annotation = id && 'typeAnnotation' in id ? id.typeAnnotation?.typeAnnotation : undefined;
  if (annotation?.type === AST_NODE_TYPES.TSStringKeyword) return 'string';
  if (annotation?.type === AST_NODE_TYPES.TSNumberKeyword) return 'number';
  return 'unknown';
}

/** What type of value an argument surely is, or 'unknown'. */
export function kindOf(input: TSESTree.Node, scope: Scope, depth = 0): Kind {
  if (depth > 6) return 'unknown';
  const node = skipWrappers(input);
  const known = ASTUtils.getStaticValue(node as TSESTree.Expression, scope);
  if (known) {
    const type = typeof known.value;
    return type === 'string' || type === 'number' || type === 'function' || (type === 'object' && known.value !== null)
      ? (type as Kind)
      : 'unknown';
  }
  switch (node.type) {
    case AST_NODE_TYPES.TemplateLiteral:
      return 'string';
    case AST_NODE_TYPES.ObjectExpression:
      return 'object';
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.FunctionExpression:
      return 'function';
    case AST_NODE_TYPES.UnaryExpression:
      return node.operator === '+' || node.operator === '-' || node.operator === '~' ? 'number' : 'unknown';
    case AST_NODE_TYPES.BinaryExpression:
      return ['-', '*', '/', '%', '**', '|', '&', '^', '<<', '>>', '>>>'].includes(node.operator) ? 'number' : 'unknown';
    case AST_NODE_TYPES.LogicalExpression:
    case AST_NODE_TYPES.ConditionalExpression: {
      const [a, b] =
        node.type === AST_NODE_TYPES.LogicalExpression ? [node.left, node.right] : [node.consequent, node.alternate];
      const left = kindOf(a, scope, depth + 1);
      // `process.env.HOST || '0.0.0.0'`: an env value is a string whenever it is truthy.
      return left === kindOf(b, scope, depth + 1) ? left : 'unknown';
    }
    case AST_NODE_TYPES.CallExpression: {
      const callee = skipWrappers(node.callee);
      const name = nameOf(callee, scope);
      if (name === 'String' || name === 'toString') return 'string';
      if (name && NUMBER_FUNCTIONS.has(name)) return 'number';
      return 'unknown';
    }
    case AST_NODE_TYPES.MemberExpression: {
      const origin = resolveOrigin(node, scope);
      if ((origin?.root === 'global:process' || origin?.root === 'module:process') && origin.path[0] === 'env') {
        return 'string';
      }
      return 'unknown';
    }
    case AST_NODE_TYPES.Identifier: {
      const value = singleValue(node, scope);
      const fromValue = value ? kindOf(value, scope, depth + 1) : 'unknown';
      return fromValue !== 'unknown' ? fromValue : annotatedKind(node, scope);
    }
    default:
      return 'unknown';
  }
}

/** Whether an argument reads as a host (true), as a port or flag set (false), or cannot tell. */
function readsAsHost(node: TSESTree.Node, scope: Scope): boolean | undefined {
  const kind = kindOf(node, scope);
  if (kind === 'string') return true;
  if (kind !== 'unknown') return false;
  const name = nameOf(skipWrappers(node), scope) ?? '';
  if (HOST_NAME.test(name)) return true;
  if (PORT_NAME.test(name)) return false;
  return undefined;
}

/** Sorts out which argument is the port and which the options, by arity and callback position. */
export function uwsOverload(args: readonly TSESTree.Node[], scope: Scope): UwsListen | undefined {
  if (args.length === 2) return { port: args[0], optionsIndex: 1, options: undefined };
  if (args.length === 4) return { port: args[1], optionsIndex: 2, options: args[2] };
  if (args.length !== 3) return undefined;
  const [first, second] = args as [TSESTree.Node, TSESTree.Node];
  const hostPort = { port: second, optionsIndex: 2, options: undefined };
  const portOptions = { port: first, optionsIndex: 1, options: second };
  const host = readsAsHost(first, scope);
  if (host !== undefined) return host ? hostPort : portOptions;
  // The first argument says nothing: the second may. A flag or an object is options; a literal
  // number above 1 cannot be a flag set (only bit 0 exists), nor can a value named like a port.
  if (isLibusFlag(second, scope) || kindOf(second, scope) === 'object') return portOptions;
  const known = ASTUtils.getStaticValue(second as TSESTree.Expression, scope);
  if (typeof known?.value === 'number') return known.value > 1 ? hostPort : portOptions;
  const name = nameOf(skipWrappers(second), scope) ?? '';
  if (PORT_NAME.test(name)) return hostPort;
  if (FLAGS_NAME.test(name)) return portOptions;
  return undefined;
}

/** Whether the options argument is known to include LIBUS_LISTEN_EXCLUSIVE_PORT (bit 1). */
export function uwsOptionsState(
  node: TSESTree.Node,
  scope: Scope,
  depth = 0,
): 'exclusive' | 'default' | 'object' | 'unknown' {
  const bare = skipWrappers(node);
  // `const flags = uWS.LIBUS_LISTEN_DEFAULT`: the constant's value decides.
  const held = bare.type === AST_NODE_TYPES.Identifier && depth < 4 ? singleValue(bare, scope) : undefined;
  if (held) return uwsOptionsState(held, scope, depth + 1);
  const name =
    bare.type === AST_NODE_TYPES.MemberExpression
      ? ASTUtils.getPropertyName(bare, scope)
      : bare.type === AST_NODE_TYPES.Identifier
        ? bare.name
        : undefined;
  if (name === UWS_EXCLUSIVE_FLAG) return 'exclusive';
  if (name === 'LIBUS_LISTEN_DEFAULT') return 'default';
  if (bare.type === AST_NODE_TYPES.ConditionalExpression && depth < 4) {
    const yes = uwsOptionsState(bare.consequent, scope, depth + 1);
    const no = uwsOptionsState(bare.alternate, scope, depth + 1);
    if (yes === no) return yes;
    // `exclusive ? LIBUS_LISTEN_EXCLUSIVE_PORT : 0`: a default for `exclusive` written in the file
    // that picks the sharing branch makes sharing the default, whatever a caller may pass.
    if (yes === 'default' && no === 'exclusive') return defaultMayBe(bare.test, true, scope) ? 'default' : 'unknown';
    if (yes === 'exclusive' && no === 'default') return defaultMayBe(bare.test, false, scope) ? 'default' : 'unknown';
    return 'unknown';
  }
  if (kindOf(node, scope) === 'object') return 'object';
  const known = ASTUtils.getStaticValue(node as TSESTree.Expression, scope);
  if (typeof known?.value !== 'number') return 'unknown';
  return (known.value & 1) === 1 ? 'exclusive' : 'default';
}

/**
 * Whether a default written in the file gives `test` the truthiness `wanted`: `this.options.exclusive`
 * where the options are made as `{ exclusive: false, ...opts }` or `Object.assign({ exclusive:
 * false }, opts)`, also through `!`. Only a known value counts: an option the file never sets
 * is the callers' to choose.
 */
function defaultMayBe(test: TSESTree.Node, wanted: boolean, scope: Scope): boolean {
  const bare = skipWrappers(test);
  if (bare.type === AST_NODE_TYPES.UnaryExpression && bare.operator === '!') return defaultMayBe(bare.argument, !wanted, scope);
  if (bare.type !== AST_NODE_TYPES.MemberExpression) return false;
  const key = memberKey(bare, scope);
  if (key === undefined) return false;
  return lookupOption(bare.object, key, scope).settings.some((setting) => setting.known !== undefined && Boolean(setting.known.value) === wanted);
}

/** How this file reaches uWebSockets.js: for `uWS.FLAG`, a named import, or an inline require. */
export function uwsFlagExpression(
  source: string,
  program: TSESTree.Program,
  call: SocketCall,
  scope: Scope,
  module: ModuleContext,
): { expression: string; edits: Edit[] } {
  let root: TSESTree.Node = call.node.callee;
  while (root.type === AST_NODE_TYPES.MemberExpression || root.type === AST_NODE_TYPES.CallExpression) {
    root = root.type === AST_NODE_TYPES.MemberExpression ? root.object : root.callee;
  }
  if (root.type === AST_NODE_TYPES.Identifier) {
    // `require('uWebSockets.js').App()` stops at `require`; `App()` stops at the named import.
    const origin = resolveOrigin(root, scope);
    if (origin?.root === `module:${UWS_MODULE}` && origin.path.length === 0) {
      return { expression: `${root.name}.${UWS_EXCLUSIVE_FLAG}`, edits: [] };
    }
  }
  const inline = root.parent?.type === AST_NODE_TYPES.CallExpression && root.parent.callee === root ? root.parent : undefined;
  if (inline && root.type === AST_NODE_TYPES.Identifier && root.name === 'require') {
    return { expression: `${source.slice(inline.range[0], inline.range[1])}.${UWS_EXCLUSIVE_FLAG}`, edits: [] };
  }
  return ensureNamedImport(source, program, UWS_MODULE, UWS_EXCLUSIVE_FLAG, fallbackModuleStyle(module), true);
}
