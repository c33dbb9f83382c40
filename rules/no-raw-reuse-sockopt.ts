/**
 * SO_REUSEADDR / SO_REUSEPORT / SO_REUSEPORT_LB set with a raw `setsockopt` reached through FFI
 * (koffi, ffi-napi, ffi-rs, bun:ffi, Deno.dlopen, node:ffi) or a native package (sockopt,
 * node-unix-socket's createReuseportFd). The constants differ per platform (facts §6) and the
 * options mean different things per platform (facts §1).
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { describePlatforms } from '../core/describe.js';
import { skipTrivia, type Edit } from '../core/edits.js';
import { reportFinding, type Checker, type SuggestionSpec } from '../core/finding.js';
import { isPlatformGuarded } from '../core/guards.js';
import { createRule } from '../core/rule-creator.js';
import {
  FFI_MODULES,
  LOAD_BALANCING_PLATFORMS,
  PLATFORM_NAMES,
  RAW_SOCKOPT_EFFECTS,
  REUSEPORT_FD_FACTORY,
  SOCKOPT_ABIS,
  SOCKOPT_ABI_NAMES,
  SOCKOPT_ABI_PLATFORM,
  SOCKOPT_CONSTANTS,
  abisWithValue,
  formatSockoptValue,
  sockoptOfNumbers,
  type Platform,
  type SockoptAbi,
  type SockoptName,
} from '../core/socket-apis.js';
import { resolveTargets, type Targets } from '../core/targets.js';
import { texts, type TextFilter } from '../core/text-filter.js';
import { exportAliases, lookupOption, moduleRoot, registerFile, resolveOrigin, singleValue, skipWrappers } from '../core/value-flow/index.js';

type Options = readonly [];
type MessageIds = 'hardCoded' | 'reusePortUnguarded' | 'reuseAddrWithoutExclusive' | 'afterBind' | 'removeCall';
type Scope = TSESLint.Scope.Scope;
type ReuseName = 'SO_REUSEADDR' | 'SO_REUSEPORT' | 'SO_REUSEPORT_LB';

const FFI_ROOTS = new Set(FFI_MODULES.map((name) => moduleRoot(name)));
const KNOWN_NAMES = new Set<string>(Object.keys(SOCKOPT_CONSTANTS));
/** Everything but Windows, including platforms the table does not name (`!== 'win32'`). */
const NON_WINDOWS: readonly (Platform | 'other')[] = ['linux', 'darwin', 'freebsd', 'other'];

interface RawCall {
  readonly node: TSESTree.CallExpression;
  /** setsockopt's (fd, level, optname) arguments. */
  readonly fd: TSESTree.Node | undefined;
  readonly level: TSESTree.Node | undefined;
  readonly optname: TSESTree.Node | undefined;
  /** How the message names the call. */
  readonly display: string;
}

interface Constant {
  readonly name: string | undefined;
  readonly value: number | undefined;
}

function isFfiOrigin(origin: { root: string; path: readonly string[] } | undefined): boolean {
  if (!origin) return false;
  return FFI_ROOTS.has(origin.root) || (origin.root === 'global:Deno' && origin.path[0] === 'dlopen');
}

function calleeName(callee: TSESTree.Node): string | undefined {
  const bare = skipWrappers(callee);
  // `import { createReuseportFd as mk }`: `mk` goes by the export's name.
  if (bare.type === AST_NODE_TYPES.Identifier) return exportAliases(bare).get(bare.name) ?? bare.name;
  if (bare.type === AST_NODE_TYPES.MemberExpression) return ASTUtils.getPropertyName(bare) ?? undefined;
  return undefined;
}

/**
 * koffi's `lib.func('int setsockopt(int, int, int, void *, int)')` / `lib.func('setsockopt', …)`,
 * node:ffi's `lib.getFunction('setsockopt', signature)`.
 */
function declaresFunction(call: TSESTree.CallExpression, name: string, scope: Scope): boolean {
  const factory = calleeName(call.callee);
  if (factory !== 'func' && factory !== 'getFunction') return false;
  const pattern = new RegExp(`(^|[\\s*])${name}\\s*\\(`);
  return call.arguments.some((arg) => {
    const value = ASTUtils.getStaticValue(arg as TSESTree.Expression, scope)?.value;
    return typeof value === 'string' && (value === name || pattern.test(value));
  });
}

/**
 * Every way to reach the option names `setsockopt` in the text (a C prototype, a symbol table,
 * ffi-rs's funcName, a call) or calls the fd factory.
 */
const MENTIONS_SOCKOPT = texts(['setsockopt', REUSEPORT_FD_FACTORY.name]);
export const textFilter: TextFilter<Options> = (source) => MENTIONS_SOCKOPT.test(source);

export const checker: Checker<MessageIds, Options> = (context, _options, emit) => {
  const sourceCode = context.sourceCode;
  registerFile(context);
  const source = sourceCode.text;
  const getScope = (node: TSESTree.Node): Scope => sourceCode.getScope(node);
  // koffi and node:ffi hand out functions under any local name: `lib.func('int setsockopt(…)')`.
  const usesFfi = source.includes('ffi');
  const calls: RawCall[] = [];
  const factoryCalls: TSESTree.CallExpression[] = [];
  /** Some native `listen` or a Node listen on a raw fd: the sockets here are listeners. */
  let listens = false;
  let targets: Targets | undefined;
  const getTargets = () => (targets ??= resolveTargets(context.settings, context.filename));

  /** Whether the file mentions SO_EXCLUSIVEADDRUSE in code (a Windows branch or table). */
  const hasExclusiveAddrUse = () =>
    (sourceCode.ast.tokens ?? []).some((token) => token.value.includes('SO_EXCLUSIVEADDRUSE'));

  /** The FFI function declaration a callee identifier holds (koffi `func`, node:ffi `getFunction`). */
  function ffiDeclaration(callee: TSESTree.Node, scope: Scope): TSESTree.CallExpression | undefined {
    const bare = skipWrappers(callee);
    if (!usesFfi || bare.type !== AST_NODE_TYPES.Identifier) return undefined;
    const value = singleValue(bare, scope);
    const init = value && skipWrappers(value);
    if (init?.type !== AST_NODE_TYPES.CallExpression) return undefined;
    return isFfiOrigin(resolveOrigin(init.callee, scope)) ? init : undefined;
  }

  function classify(node: TSESTree.CallExpression): void {
    const scope = getScope(node);
    const name = calleeName(node.callee);
    const args = node.arguments;
    const origin = name === 'setsockopt' || name === 'listen' ? resolveOrigin(node.callee, scope) : undefined;
    // By name only when the FFI hands out the symbol under its C name (`lib.symbols.setsockopt`).
    const named = (symbol: string) => isFfiOrigin(origin) && origin!.path.at(-1) === symbol;
    if (name === 'setsockopt' && named('setsockopt')) {
      calls.push({ node, fd: args[0], level: args[1], optname: args[2], display: 'setsockopt()' });
      return;
    }
    if (name === 'listen' && (named('listen') || lookupOption(args[0], 'fd', scope).settings.length > 0)) {
      listens = true;
      return;
    }
    if (name === REUSEPORT_FD_FACTORY.name) {
      const origin = resolveOrigin(node.callee, scope);
      if (origin?.root === moduleRoot(REUSEPORT_FD_FACTORY.module)) factoryCalls.push(node);
      return;
    }
    if (name === 'load' && resolveOrigin(node.callee, scope)?.root === 'module:ffi-rs') {
      // ffi-rs: load({ funcName: 'setsockopt', paramsValue: [fd, level, optname, …] }).
      const funcName = lookupOption(args[0], 'funcName', scope).settings[0]?.known?.value;
      const params = lookupOption(args[0], 'paramsValue', scope).settings[0]?.value;
      const list = params && skipWrappers(params);
      if (list?.type !== AST_NODE_TYPES.ArrayExpression) return;
      const [fd, level, optname] = list.elements.map((e) => e ?? undefined);
      if (funcName === 'setsockopt') calls.push({ node, fd, level, optname, display: 'setsockopt()' });
      else if (funcName === 'listen') listens = true;
      return;
    }
    const declaration = ffiDeclaration(node.callee, scope);
    if (declaration && declaresFunction(declaration, 'setsockopt', scope)) {
      calls.push({ node, fd: args[0], level: args[1], optname: args[2], display: 'setsockopt()' });
    } else if (declaration && declaresFunction(declaration, 'listen', scope)) {
      listens = true;
    }
  }

  function constantOf(node: TSESTree.Node | undefined): Constant {
    if (!node) return { name: undefined, value: undefined };
    const bare = skipWrappers(node);
    let name: string | undefined;
    if (bare.type === AST_NODE_TYPES.Identifier) name = bare.name;
    else if (bare.type === AST_NODE_TYPES.MemberExpression) name = ASTUtils.getPropertyName(bare, getScope(bare)) ?? undefined;
    const known = ASTUtils.getStaticValue(bare as TSESTree.Expression, getScope(bare))?.value;
    if (typeof known === 'string' && /^(SOL?_|IPPROTO_)/.test(known)) return { name: known, value: undefined };
    return {
      name: name !== undefined && /^(SOL?_|IPPROTO_)/.test(name) ? name : undefined,
      value: typeof known === 'number' ? known : undefined,
    };
  }

  /** Which reuse option a call sets, and through which hard-coded numbers. */
  function identify(call: RawCall): { option: SockoptName; hardCoded: { constant: SockoptName; value: number }[] } | undefined {
    const level = constantOf(call.level);
    const optname = constantOf(call.optname);
    if (level.name !== undefined && level.name !== 'SOL_SOCKET') return undefined;
    if (level.name === undefined && level.value !== undefined && abisWithValue('SOL_SOCKET', level.value).length === 0) {
      return undefined;
    }
    let option: SockoptName | undefined;
    if (optname.name !== undefined) {
      if (!KNOWN_NAMES.has(optname.name) || optname.name === 'SOL_SOCKET') return undefined;
      option = optname.name as SockoptName;
    } else if (optname.value !== undefined && level.value !== undefined) {
      option = sockoptOfNumbers(level.value, optname.value)?.name;
    } else if (optname.value !== undefined && level.name === 'SOL_SOCKET') {
      option = (['SO_REUSEADDR', 'SO_REUSEPORT', 'SO_REUSEPORT_LB', 'SO_EXCLUSIVEADDRUSE'] as const).find(
        (n) => abisWithValue(n, optname.value!).length > 0,
      );
    }
    if (option === undefined) return undefined;
    const hardCoded: { constant: SockoptName; value: number }[] = [];
    if (optname.value !== undefined) hardCoded.push({ constant: option, value: optname.value });
    if (level.value !== undefined) hardCoded.push({ constant: 'SOL_SOCKET', value: level.value });
    return { option, hardCoded };
  }

  /** "Linux 15; Linux mips/sparc/alpha/parisc, macOS and FreeBSD 0x200; Windows: none". */
  function valueTable(constant: SockoptName): string {
    const groups = new Map<string, SockoptAbi[]>();
    for (const abi of SOCKOPT_ABIS) {
      const value = SOCKOPT_CONSTANTS[constant][abi];
      const key = value === undefined ? 'none' : formatSockoptValue(value);
      groups.set(key, [...(groups.get(key) ?? []), abi]);
    }
    const names = (abis: SockoptAbi[]) => {
      const list = abis.map((abi) => SOCKOPT_ABI_NAMES[abi]);
      return list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
    };
    return [...groups].map(([value, abis]) => (value === 'none' ? `${names(abis)}: none` : `${names(abis)} ${value}`)).join('; ');
  }

  function abiNames(abis: readonly SockoptAbi[]): string {
    const list = abis.map((abi) => SOCKOPT_ABI_NAMES[abi]);
    if (list.length === 0) return 'no platform';
    return list.length === 1 ? list[0]! : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
  }

  /** The `server._handle.fd` a call is given, directly or through a const. */
  function boundHandleFd(node: TSESTree.Node | undefined): TSESTree.Node | undefined {
    let current = node && skipWrappers(node);
    if (current?.type === AST_NODE_TYPES.Identifier) {
      const value = singleValue(current, getScope(current));
      current = value && skipWrappers(value);
    }
    if (current?.type !== AST_NODE_TYPES.MemberExpression || ASTUtils.getPropertyName(current) !== 'fd') return undefined;
    const handle = skipWrappers(current.object);
    return handle.type === AST_NODE_TYPES.MemberExpression && ASTUtils.getPropertyName(handle) === '_handle' ? current : undefined;
  }

  function removeCallSuggestion(call: TSESTree.CallExpression): SuggestionSpec<MessageIds>[] {
    let node: TSESTree.Node = call;
    while (node.parent?.type === AST_NODE_TYPES.AwaitExpression) node = node.parent;
    const statement = node.parent;
    if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression !== node) return [];
    const holder = statement.parent;
    if (holder.type !== AST_NODE_TYPES.BlockStatement && holder.type !== AST_NODE_TYPES.Program) return [];
    // Remove the whole line when the statement owns it.
    const start = source.lastIndexOf('\n', statement.range[0] - 1) + 1;
    const lineEnd = source.indexOf('\n', statement.range[1]);
    const end = lineEnd === -1 ? source.length : lineEnd + 1;
    const owns = !source.slice(start, statement.range[0]).trim() && skipTrivia(source, statement.range[1]) >= end - 1;
    const edit: Edit = owns
      ? { range: [start, end], text: '' }
      : { range: [statement.range[0], statement.range[1]], text: '' };
    return [{ messageId: 'removeCall', edits: [edit] }];
  }

  function check(call: RawCall): void {
    const identified = identify(call);
    if (!identified || identified.option === 'SO_EXCLUSIVEADDRUSE' || identified.option === 'SOL_SOCKET') return;
    const option = identified.option as ReuseName;
    const guardedTo = (allowed: readonly (Platform | 'other')[]) => isPlatformGuarded(call.node, getScope, allowed);

    const bound = boundHandleFd(call.fd);
    if (bound) {
      emit({
        node: call.node,
        messageId: 'afterBind',
        data: { option, api: call.display, fd: source.slice(bound.range[0], bound.range[1]) },
        suggestions: removeCallSuggestion(call.node),
        review: 'the call has no effect on the port, but check that nothing relies on its side effects before removing it',
      });
      return;
    }

    for (const { constant, value } of identified.hardCoded) {
      const abis = abisWithValue(constant, value);
      const platforms = [...new Set(abis.filter((abi) => abi !== 'linux-legacy').map((abi) => SOCKOPT_ABI_PLATFORM[abi]))];
      if (platforms.length > 0 && guardedTo(platforms)) continue;
      emit({
        node: call.optname && constant !== 'SOL_SOCKET' ? call.optname : (call.level ?? call.node),
        messageId: 'hardCoded',
        data: {
          api: call.display,
          constant,
          value: formatSockoptValue(value),
          where: abiNames(abis),
          values: valueTable(constant),
        },
        suggestions: [],
        review: 'choose the constants per platform',
      });
      return;
    }

    const all = getTargets().platforms;
    if (option === 'SO_REUSEPORT' || option === 'SO_REUSEPORT_LB') {
      if (guardedTo(LOAD_BALANCING_PLATFORMS)) return;
      emit({
        node: call.node,
        messageId: 'reusePortUnguarded',
        data: { option, api: call.display, effects: describePlatforms(RAW_SOCKOPT_EFFECTS[option], all) },
        suggestions: [],
        review: 'decide whether the port is meant to be shared, and on which platforms',
      });
      return;
    }
    if (!listens || !all.includes('win32') || hasExclusiveAddrUse() || guardedTo(NON_WINDOWS)) return;
    emit({
      node: call.node,
      messageId: 'reuseAddrWithoutExclusive',
      data: {
        api: call.display,
        windows: RAW_SOCKOPT_EFFECTS.SO_REUSEADDR.win32.phrase,
        exclusive: formatSockoptValue(SOCKOPT_CONSTANTS.SO_EXCLUSIVEADDRUSE.win32!),
        windowsName: PLATFORM_NAMES.win32,
      },
      suggestions: [],
      review: 'add a Windows branch that sets SO_EXCLUSIVEADDRUSE',
    });
  }

  function checkFactory(node: TSESTree.CallExpression): void {
    if (isPlatformGuarded(node, getScope, LOAD_BALANCING_PLATFORMS)) return;
    emit({
      node,
      messageId: 'reusePortUnguarded',
      data: {
        option: 'SO_REUSEPORT',
        api: `${REUSEPORT_FD_FACTORY.name}()`,
        effects: describePlatforms(RAW_SOCKOPT_EFFECTS.SO_REUSEPORT, getTargets().platforms),
      },
      suggestions: [],
      review: 'decide whether the port is meant to be shared, and on which platforms',
    });
  }

  return {
    CallExpression(node) {
      const callee = skipWrappers(node.callee);
      if (callee.type !== AST_NODE_TYPES.Identifier && callee.type !== AST_NODE_TYPES.MemberExpression) return;
      classify(node);
    },
    'Program:exit'() {
      for (const call of calls) check(call);
      for (const node of factoryCalls) checkFactory(node);
    },
  };
};

export default createRule<Options, MessageIds>({
  name: 'no-raw-reuse-sockopt',
  textFilter,
  meta: {
    type: 'problem',
    docs: {
      description:
        'disallow raw `setsockopt` reuse options (through FFI or native packages) with hard-coded constants, without a platform guard, or after bind',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      hardCoded:
        '{{api}} hard-codes {{constant}} as {{value}}, which means {{constant}} only on {{where}} ({{values}}); elsewhere it sets another option or fails. Choose the constants per platform (switch on process.platform).',
      reusePortUnguarded:
        '{{option}} through {{api}} without a Linux/FreeBSD guard: {{effects}}. Set it only behind `if (process.platform === …)` where sharing is intended, or bind exclusively.',
      reuseAddrWithoutExclusive:
        'SO_REUSEADDR through {{api}} on a listening socket with no {{windowsName}} branch: on {{windowsName}} {{windows}}. Set SO_EXCLUSIVEADDRUSE ({{exclusive}}) there instead.',
      afterBind:
        '{{option}} through {{api}} on `{{fd}}`, a socket Node has already bound: reuse options only count before bind, so this call does nothing. Set it before bind or remove it.',
      removeCall: 'Remove this call.',
    },
  },
  defaultOptions: [],
  create(context, options) {
    return checker(context, options, (finding) => reportFinding(context, finding));
  },
});
