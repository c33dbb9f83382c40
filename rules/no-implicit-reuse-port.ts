import { ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { describePlatforms } from '../core/describe.js';
import { addProperty, insertArgument, type Edit } from '../core/edits.js';
import { editableOptionsObject, lookupOption } from '../core/options.js';
import { reportFinding, type Checker } from '../core/finding.js';
import { createRule } from '../core/rule-creator.js';
import { texts, words, type TextFilter } from '../core/text-filter.js';
import { classifySocketCall, isSocketCallCandidate, type SocketCall } from '../core/socket-calls.js';
import { BUN_SERVE_IMPLICIT_REUSE_PORT, SOCKET_APIS } from '../core/socket-apis.js';
import { resolveTargets, type Targets } from '../core/targets.js';
import { uwsFlagExpression, uwsOptionsState, uwsOverload } from '../core/uws-listen.js';

type MessageIds = 'bunServe' | 'uwsListen' | 'addReusePortFalse' | 'addExclusiveFlag';
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

function staticValue(node: TSESTree.Node | undefined, scope: Scope): { value: unknown } | undefined {
  return node ? (ASTUtils.getStaticValue(node as TSESTree.Expression, scope) ?? undefined) : undefined;
}

/**
 * uWebSockets.js is reached through its module (its first word is enough: a specifier may be
 * built from parts); Bun.serve through the global or the 'bun' module.
 */
const MENTIONS_RUNTIME = [texts(['uWebSockets']), words(['Bun', 'bun'])];
export const textFilter: TextFilter<[]> = (source) => MENTIONS_RUNTIME.some((runtime) => runtime.test(source));

export const checker: Checker<MessageIds, []> = (context, _options, emit) => {
  const sourceCode = context.sourceCode;
  let targets: Targets | undefined;
  const getTargets = () => (targets ??= resolveTargets(context.settings, context.filename));

  function checkBunServe(call: SocketCall, scope: Scope): void {
    if (!call.options) return;
    const reusePort = lookupOption(call.options, 'reusePort', scope);
    // Any explicit reusePort (or options we cannot see) is no-reuse-port's business.
    if (reusePort.unknown || reusePort.settings.length > 0) return;
    if (lookupOption(call.options, 'unix', scope).settings.length > 0) return;
    if (surely(call, 'port', scope, (value) => value === 0 || value === '0')) return;
    if (surely(call, 'development', scope, (value) => Boolean(value))) return;
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
      data: { effects: describePlatforms(SOCKET_APIS['uws:listen'].defaults, getTargets().platforms) },
      suggestions: [{ messageId: 'addExclusiveFlag', edits: [...flag.edits, ...edits] }],
      rewrite: 'addExclusiveFlag',
    });
  }

  return {
    CallExpression(node) {
      if (!isSocketCallCandidate(node)) return;
      const scope = sourceCode.getScope(node);
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
        'Bun.serve() turns on SO_REUSEPORT by itself when `development` is false (the default under NODE_ENV=production): {{effects}}. Add `reusePort: false`.',
      uwsListen:
        'uWebSockets.js listen() on a non-zero port shares the port by default: {{effects}}. Pass LIBUS_LISTEN_EXCLUSIVE_PORT.',
      addReusePortFalse: 'Add `reusePort: false`.',
      addExclusiveFlag: 'Pass `LIBUS_LISTEN_EXCLUSIVE_PORT`.',
    },
  },
  defaultOptions: [],
  create(context, options) {
    return checker(context, options, (finding) => reportFinding(context, finding));
  },
});
