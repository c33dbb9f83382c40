import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { describePlatforms } from '../core/describe.js';
import { addProperty, insertArgument, type Edit } from '../core/edits.js';
import { reportFinding, type Checker } from '../core/finding.js';
import { createRule } from '../core/rule-creator.js';
import { texts, words, type TextFilter } from '../core/text-filter.js';
import { classifySocketCall, isSocketCallCandidate, type SocketCall } from '../core/socket-calls.js';
import { BUN_SERVE_IMPLICIT_REUSE_PORT, SOCKET_APIS } from '../core/socket-apis.js';
import { resolveTargets, type Targets } from '../core/targets.js';
import { describeProvenance, editableOptionsObject, lookupOption, registerFile, skipWrappers } from '../core/value-flow/index.js';
import { uwsFlagExpression, uwsOptionsState, uwsOverload } from '../core/uws-listen.js';
import { classifyLibraryCall, type LibraryCall } from '../core/library-calls.js';

type MessageIds =
  | 'bunServe'
  | 'uwsListen'
  | 'elysiaListen'
  | 'hyperExpressListen'
  | 'addReusePortFalse'
  | 'addExclusiveFlag'
  | 'addExclusivePort';
type Scope = TSESLint.Scope.Scope;

/** Whether every way the option can be set leaves it at a known value satisfying `test`. */
function surely(call: SocketCall, name: string, scope: Scope, test: (value: unknown) => boolean): boolean {
  const lookup = lookupOption(call.options, name, scope);
  return (
    !lookup.unknown &&
    !lookup.mayBeAbsent &&
    lookup.settings.every((s) => s.known !== undefined && test(s.known.value))
  );
}

/** Literals that are objects whatever they hold: `development: { hmr: false }` is truthy. */
const ALWAYS_TRUTHY = new Set<string>([
  AST_NODE_TYPES.ObjectExpression,
  AST_NODE_TYPES.ArrayExpression,
  AST_NODE_TYPES.ArrowFunctionExpression,
  AST_NODE_TYPES.FunctionExpression,
  AST_NODE_TYPES.ClassExpression,
  AST_NODE_TYPES.NewExpression,
]);

/**
 * Whether `development` is present with a value that may be falsy. Bun reads the key only when it
 * is there and not `undefined`; an absent key leaves port sharing off whatever NODE_ENV says
 * (facts §3, observed with Bun 1.4.5), so only a present value that can be false turns it on.
 */
function developmentCanBeFalsy(call: SocketCall, scope: Scope): boolean {
  return lookupOption(call.options, 'development', scope).settings.some((setting) => {
    if (setting.known) return setting.known.value !== undefined && !setting.known.value;
    return !ALWAYS_TRUTHY.has(skipWrappers(setting.value).type);
  });
}

function staticValue(node: TSESTree.Node | undefined, scope: Scope): { value: unknown } | undefined {
  return node ? (ASTUtils.getStaticValue(node as TSESTree.Expression, scope) ?? undefined) : undefined;
}

/** The `new X()` that starts a receiver chain, written without arguments, for inserting options. */
function constructorOf(receiver: TSESTree.Node | undefined): TSESTree.NewExpression | undefined {
  let current = receiver && skipWrappers(receiver);
  while (current?.type === AST_NODE_TYPES.CallExpression && current.callee.type === AST_NODE_TYPES.MemberExpression) {
    current = skipWrappers(current.callee.object);
  }
  return current?.type === AST_NODE_TYPES.NewExpression && current.arguments.length === 0 && current.range[1] > current.callee.range[1] + 1
    ? current
    : undefined;
}

/**
 * uWebSockets.js is reached through its module (its first word is enough: a specifier may be
 * built from parts); Bun.serve through the global or the 'bun' module.
 */
const MENTIONS_RUNTIME = [texts(['uWebSockets', 'elysia', 'hyper-express']), words(['Bun', 'bun'])];
export const textFilter: TextFilter<[]> = (source) => MENTIONS_RUNTIME.some((runtime) => runtime.test(source));

/** "…: <effects> (the app is made at `./app.ts:3`)" for an app made in another file of the project. */
function withProvenance(effects: string, call: SocketCall, scope: Scope): string {
  return call.from ? `${effects} (the app is made at ${describeProvenance(call.from, scope)})` : effects;
}

export const checker: Checker<MessageIds, []> = (context, _options, emit) => {
  const sourceCode = context.sourceCode;
  registerFile(context);
  let targets: Targets | undefined;
  const getTargets = () => (targets ??= resolveTargets(context.settings, context.filename));

  function checkBunServe(call: SocketCall, scope: Scope): void {
    if (!call.options) return;
    const reusePort = lookupOption(call.options, 'reusePort', scope);
    // Any explicit reusePort (or options we cannot see) is no-reuse-port's business.
    if (reusePort.unknown || reusePort.settings.length > 0) return;
    if (lookupOption(call.options, 'unix', scope).settings.length > 0) return;
    if (surely(call, 'port', scope, (value) => value === 0 || value === '0')) return;
    if (!developmentCanBeFalsy(call, scope)) return;
    const effects = describePlatforms(BUN_SERVE_IMPLICIT_REUSE_PORT.effects, getTargets().platforms);
    // Empty when no targeted platform runs Bun (a FreeBSD-only project): nothing to warn about.
    if (!effects) return;
    const object = editableOptionsObject(call.options, scope);
    emit({
      node: call.node,
      messageId: 'bunServe',
      data: { effects },
      ...(object
        ? {
            suggestions: [{ messageId: 'addReusePortFalse', edits: addProperty(sourceCode.text, object, 'reusePort: false') }],
            rewrite: 'addReusePortFalse',
          }
        : { suggestions: [], review: 'options object not editable here (shared or built elsewhere): add reusePort: false by hand' }),
    });
  }

  function checkUws(call: SocketCall, scope: Scope): void {
    const node = call.node as TSESTree.CallExpression;
    const overload = uwsOverload(node.arguments, scope);
    if (!overload) return;
    const port = staticValue(overload.port, scope);
    if (port && Number(port.value) === 0) return;
    if (overload.options && uwsOptionsState(overload.options, scope) !== 'default') return;
    const flag = uwsFlagExpression(sourceCode.text, sourceCode.ast, call, scope, { filename: context.filename, sourceType: context.languageOptions.sourceType });
    const edits = overload.options
      ? [{ range: overload.options.range, text: flag.expression } as Edit]
      : insertArgument(sourceCode.text, node, overload.optionsIndex, flag.expression);
    emit({
      // The chain before `.listen` can span many lines: point at the call itself.
      node: node.callee.type === 'MemberExpression' ? node.callee.property : node,
      messageId: 'uwsListen',
      data: { effects: withProvenance(describePlatforms(SOCKET_APIS['uws:listen'].defaults, getTargets().platforms), call, scope) },
      suggestions: [{ messageId: 'addExclusiveFlag', edits: [...flag.edits, ...edits] }],
      rewrite: 'addExclusiveFlag',
    });
  }

  /** Elysia on Bun: `reusePort: true` unless the listen options or the `serve` config say otherwise. */
  function checkElysia({ call, config }: LibraryCall, scope: Scope): void {
    const node = call.node as TSESTree.CallExpression;
    const first = node.arguments[0];
    if (!first) return;
    const bare = skipWrappers(first);
    const objectForm = bare.type === AST_NODE_TYPES.ObjectExpression || bare.type === AST_NODE_TYPES.Identifier;
    if (objectForm) {
      const reusePort = lookupOption(first, 'reusePort', scope);
      // Set (to anything) or not visible: no-reuse-port's business, or unknown.
      if (reusePort.unknown || reusePort.settings.length > 0) return;
      if (lookupOption(first, 'unix', scope).settings.length > 0) return;
      if (surely(call, 'port', scope, (value) => Number(value) === 0)) return;
    } else {
      const port = staticValue(first, scope);
      if (port && Number(port.value) === 0) return;
    }
    if (config) {
      // `new Elysia({ serve: { reusePort } })` decides too; a config that cannot be read may well.
      const serve = lookupOption(config, 'serve', scope);
      if (serve.unknown) return;
      for (const setting of serve.settings) {
        const inner = lookupOption(setting.value, 'reusePort', scope);
        if (inner.unknown || inner.settings.length > 0) return;
      }
      if (lookupOption(config, 'adapter', scope).settings.length > 0) return;
    }
    const effects = describePlatforms(SOCKET_APIS['bun:serve'].options.reusePort!.effects, getTargets().platforms);
    if (!effects) return;
    const object = editableOptionsObject(first, scope);
    const edits: Edit[] | undefined = object
      ? addProperty(sourceCode.text, object, 'reusePort: false')
      : objectForm
        ? undefined
        : [{ range: first.range, text: `{ port: ${sourceCode.getText(first)}, reusePort: false }` }];
    emit({
      node: node.callee.type === 'MemberExpression' ? node.callee.property : node,
      messageId: 'elysiaListen',
      data: { effects },
      ...(edits
        ? { suggestions: [{ messageId: 'addReusePortFalse', edits }], rewrite: 'addReusePortFalse' }
        : { suggestions: [], review: 'listen options not editable here: add reusePort: false by hand' }),
    });
  }

  /** hyper-express: uWebSockets.js without the exclusive flag unless `exclusive_port: true`. */
  function checkHyperExpress({ call, config }: LibraryCall, scope: Scope): void {
    const node = call.node as TSESTree.CallExpression;
    const [port, second] = node.arguments;
    if (!port) return;
    const known = staticValue(port, scope);
    // Port 0, or a Unix socket path.
    if (known && (Number(known.value) === 0 || (typeof known.value === 'string' && Number.isNaN(Number(known.value))))) return;
    if (config) {
      const exclusive = lookupOption(config, 'exclusive_port', scope);
      if (exclusive.unknown || exclusive.settings.some((s) => !s.known || Boolean(s.known.value))) return;
    }
    const effects = describePlatforms(SOCKET_APIS['uws:listen'].defaults, getTargets().platforms);
    // hyper-express refuses exclusive_port with a custom host: no edit then.
    const withHost = second !== undefined && !['ArrowFunctionExpression', 'FunctionExpression'].includes(skipWrappers(second).type);
    const constructor = constructorOf(call.receiver);
    const object = config ? editableOptionsObject(config, scope) : undefined;
    const edits: Edit[] | undefined = withHost
      ? undefined
      : object
        ? addProperty(sourceCode.text, object, 'exclusive_port: true')
        : !config && constructor
          ? [{ range: [constructor.range[1] - 1, constructor.range[1] - 1], text: '{ exclusive_port: true }' }]
          : undefined;
    emit({
      node: node.callee.type === 'MemberExpression' ? node.callee.property : node,
      messageId: 'hyperExpressListen',
      data: { effects },
      ...(edits
        ? { suggestions: [{ messageId: 'addExclusivePort', edits }], rewrite: 'addExclusivePort' }
        : { suggestions: [], review: withHost ? 'hyper-express refuses exclusive_port with a custom host' : 'server options not editable here: add exclusive_port: true by hand' }),
    });
  }

  return {
    CallExpression(node) {
      if (!isSocketCallCandidate(node)) return;
      const scope = sourceCode.getScope(node);
      const library = classifyLibraryCall(node, scope, context.filename);
      if (library?.bind.id === 'elysia:listen:bun') return checkElysia(library, scope);
      if (library?.bind.id === 'hyper-express:listen') return checkHyperExpress(library, scope);
      const call = classifySocketCall(node, scope);
      if (call?.api.id === 'bun:serve') checkBunServe(call, scope);
      else if (call?.api.id === 'uws:listen') checkUws(call, scope);
    },
  };
};

export default createRule<[], MessageIds>({
  name: 'no-implicit-reuse-port',
  textFilter,
  meta: {
    type: 'problem',
    docs: {
      description: 'disallow binds that turn port sharing on without any reuse option in sight',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      bunServe:
        'Bun.serve() turns on SO_REUSEPORT by itself when a `development` key is present and falsy: {{effects}}. Add `reusePort: false`.',
      elysiaListen:
        "Elysia's listen() on Bun passes `reusePort: true` to Bun.serve() unless told otherwise (Elysia >= 0.8): {{effects}}. Pass `reusePort: false`.",
      hyperExpressListen:
        'hyper-express Server.listen() binds through uWebSockets.js without LIBUS_LISTEN_EXCLUSIVE_PORT unless the Server is created with `exclusive_port: true`: {{effects}}. Create it with `exclusive_port: true`.',
      uwsListen:
        'uWebSockets.js listen() on a non-zero port shares the port by default: {{effects}}. Pass LIBUS_LISTEN_EXCLUSIVE_PORT.',
      addReusePortFalse: 'Add `reusePort: false`.',
      addExclusiveFlag: 'Pass `LIBUS_LISTEN_EXCLUSIVE_PORT`.',
      addExclusivePort: 'Create the Server with `exclusive_port: true`.',
    },
  },
  defaultOptions: [],
  create(context, options) {
    return checker(context, options, (finding) => reportFinding(context, finding));
  },
});
