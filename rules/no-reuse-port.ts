import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { describeOption } from '../core/describe.js';
import { ensureNamedImport, removeProperty, replaceValue, skipTrivia, type Edit } from '../core/edits.js';
import { isPlatformConditionalValue, isPlatformGuarded } from '../core/guards.js';
import { canBeOn, isSharedObject, lookupOption, type OptionSetting } from '../core/options.js';
import { createRule } from '../core/rule-creator.js';
import { classifySocketCall, isSocketCallCandidate, type SocketCall } from '../core/socket-calls.js';
import { LOAD_BALANCING_PLATFORMS, type Runtime } from '../core/socket-apis.js';
import { resolveTargets, type Targets } from '../core/targets.js';

export const HELPER_MODULE = 'exclusive-bind';

type Options = [{ reportGuarded?: boolean }];
type MessageIds = 'reusePort' | 'guardedReusePort' | 'removeOption' | 'disableOption' | 'useListenExclusive';

const INSTEAD: Record<Runtime, string> = {
  node: 'remove it or use listenExclusive() from exclusive-bind; share only behind a platform check',
  bun: 'set it to false; share only behind a platform check',
  deno: 'remove it; share only behind a platform check',
  uws: 'pass LIBUS_LISTEN_EXCLUSIVE_PORT',
};

/** The `x.listen(` part of a call, to be replaced by `listenExclusive(x, `. */
function listenExclusiveEdits(
  source: string,
  call: SocketCall,
  program: TSESTree.Program,
  sourceType: 'module' | 'script' | 'commonjs' | undefined,
): Edit[] | undefined {
  const node = call.node;
  if (node.type !== 'CallExpression' || node.optional || !call.receiver) return undefined;
  if (node.callee.type !== 'MemberExpression' || node.callee.computed || node.callee.optional) return undefined;
  const open = skipTrivia(source, node.callee.range[1]);
  if (source[open] !== '(' || node.typeArguments) return undefined;
  const { expression, edits } = ensureNamedImport(
    source,
    program,
    HELPER_MODULE,
    'listenExclusive',
    sourceType === 'module' ? 'esm' : 'cjs',
  );
  const receiver = source.slice(call.receiver.range[0], call.receiver.range[1]);
  const separator = node.arguments.length > 0 ? ', ' : '';
  return [...edits, { range: [node.callee.range[0], open + 1], text: `${expression}(${receiver}${separator}` }];
}

export default createRule<Options, MessageIds>({
  name: 'no-reuse-port',
  meta: {
    type: 'problem',
    docs: {
      description:
        'disallow `reusePort` that shares a live port on Linux and fails or does nothing elsewhere',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          reportGuarded: {
            type: 'boolean',
            description:
              'Also report `reusePort` behind a Linux/FreeBSD guard, so that intended sharing is declared with an eslint-disable comment that says why.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ reportGuarded: false }],
    messages: {
      reusePort: '`reusePort` in {{api}}: {{effects}}. Instead: {{instead}}.',
      guardedReusePort:
        '`reusePort` in {{api}} behind a platform guard: {{effects}}. If sharing is intended, say why in `// eslint-disable-next-line exclusive-bind/no-reuse-port -- <reason>`.',
      removeOption: 'Remove `reusePort`.',
      disableOption: 'Set `reusePort: false` (Bun.serve turns sharing on by itself when `development` is false).',
      useListenExclusive: 'Bind with `listenExclusive()` from exclusive-bind.',
    },
  },
  defaultOptions: [{ reportGuarded: false }],
  create(context, [{ reportGuarded }]) {
    const sourceCode = context.sourceCode;
    const reported = new Set<TSESTree.Node>();
    let targets: Targets | undefined;
    const getTargets = () => (targets ??= resolveTargets(context.settings, context.filename));
    const getScope = (node: TSESTree.Node) => sourceCode.getScope(node);

    function isGuarded(call: SocketCall, setting: OptionSetting): boolean {
      return (
        isPlatformGuarded(call.node, getScope) ||
        isPlatformGuarded(setting.value, getScope) ||
        isPlatformConditionalValue(setting.value, getScope(setting.value))
      );
    }

    function suggestions(call: SocketCall, setting: OptionSetting, settingsCount: number) {
      if (isSharedObject(setting, getScope(call.node))) return [];
      const source = sourceCode.text;
      const toFix = (edits: Edit[]) => (fixer: TSESLint.RuleFixer) =>
        edits.map((edit) => fixer.replaceTextRange([edit.range[0], edit.range[1]], edit.text));
      if (call.api.runtime === 'bun') {
        return [{ messageId: 'disableOption' as const, fix: toFix(replaceValue(setting.property, 'false')) }];
      }
      const removal = removeProperty(source, setting.object, setting.property);
      const result: TSESLint.SuggestionReportDescriptor<MessageIds>[] = [
        { messageId: 'removeOption', fix: toFix(removal) },
      ];
      if (call.api.id === 'node:server.listen' && settingsCount === 1) {
        const sourceType = context.languageOptions.sourceType;
        const rewrite = listenExclusiveEdits(source, call, sourceCode.ast, sourceType);
        if (rewrite) result.push({ messageId: 'useListenExclusive', fix: toFix([...removal, ...rewrite]) });
      }
      return result;
    }

    function check(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
      if (!isSocketCallCandidate(node)) return;
      const scope = getScope(node);
      const call = classifySocketCall(node, scope);
      const facts = call?.api.options.reusePort;
      if (!call || !facts) return;
      const lookup = lookupOption(call.options, 'reusePort', scope);
      for (const setting of lookup.settings) {
        if (reported.has(setting.property) || !canBeOn(setting, facts.valueCheck)) continue;
        const guarded = isGuarded(call, setting);
        if (guarded && !reportGuarded) continue;
        reported.add(setting.property);
        const all = getTargets();
        const platforms = guarded
          ? all.platforms.filter((p) => LOAD_BALANCING_PLATFORMS.includes(p))
          : all.platforms;
        context.report({
          node: setting.property,
          messageId: guarded ? 'guardedReusePort' : 'reusePort',
          data: {
            api: call.api.display,
            effects: describeOption(call.api, facts, all, platforms),
            instead: INSTEAD[call.api.runtime],
          },
          suggest: suggestions(call, setting, lookup.settings.length),
        });
      }
    }

    return { CallExpression: check, NewExpression: check };
  },
});
