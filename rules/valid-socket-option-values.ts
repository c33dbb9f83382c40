import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { lookupOption, registerFile, replaceSettingValue, staticKey, type OptionSetting } from '../core/value-flow/index.js';
import { createRule } from '../core/rule-creator.js';
import { classifySocketCall, isSocketCallCandidate, type SocketCall } from '../core/socket-calls.js';
import { SOCKET_APIS, type OptionName, type ValueCheck } from '../core/socket-apis.js';
import { optionNames, type TextFilter } from '../core/text-filter.js';

type MessageIds = 'nonBoolean' | 'replaceKeep' | 'replaceIntent';

const RUNTIME_NAMES = { node: 'Node', bun: 'Bun', deno: 'Deno', uws: 'uWebSockets.js' } as const;
/** Keys that mark an object as listen options when the receiver of `.listen()` is not traced. */
const LISTEN_KEYS = new Set(['port', 'host', 'path', 'reusePort']);

/** What the author most likely meant by a non-boolean value, when it says so. */
export function intendedBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'number') return value !== 0;
  if (typeof value !== 'string') return undefined;
  const word = value.trim().toLowerCase();
  if (['true', 'yes', '1', 'on'].includes(word)) return true;
  if (['false', 'no', '0', 'off', ''].includes(word)) return false;
  return undefined;
}

function readAs(value: unknown, check: Exclude<ValueCheck, 'unknown'>): boolean {
  return check === 'strict-true' ? value === true : Boolean(value);
}

function looksLikeListenOptions(setting: OptionSetting, call: SocketCall, scope: TSESLint.Scope.Scope): boolean {
  if (call.certainty === 'known') return true;
  return !!setting.object?.properties.some(
    (p) => p.type === 'Property' && LISTEN_KEYS.has(staticKey(p, scope) ?? ''),
  );
}

/** Every report is about an option whose reading the table knows, written in the file. */
const CHECKED_OPTIONS = optionNames([
  ...new Set(
    Object.values(SOCKET_APIS).flatMap((api) =>
      Object.entries(api.options)
        .filter(([, facts]) => facts.valueCheck !== 'unknown')
        .map(([option]) => option),
    ),
  ),
]);
export const textFilter: TextFilter<[]> = (source) => CHECKED_OPTIONS.test(source);

export default createRule<[], MessageIds>({
  name: 'valid-socket-option-values',
  textFilter,
  meta: {
    type: 'problem',
    docs: {
      description: 'disallow socket option values that the runtime silently reads differently',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      nonBoolean:
        '`{{option}}: {{value}}` in {{api}} is read as `{{readAs}}` ({{runtime}} {{how}}). Write the boolean you mean.',
      replaceKeep: 'Replace with `{{value}}` (what the runtime does today).',
      replaceIntent: 'Replace with `{{value}}` (what the value says).',
    },
  },
  defaultOptions: [],
  create(context) {
    const sourceCode = context.sourceCode;
    registerFile(context);
    const reported = new Set<TSESTree.Node>();

    function report(call: SocketCall, option: OptionName, setting: OptionSetting, check: Exclude<ValueCheck, 'unknown'>) {
      const value = setting.known!.value;
      const now = readAs(value, check);
      const meant = intendedBoolean(value);
      const fix = (text: string) => (fixer: TSESLint.RuleFixer) =>
        replaceSettingValue(setting, text).map((e) => fixer.replaceTextRange([e.range[0], e.range[1]], e.text));
      const suggest: TSESLint.SuggestionReportDescriptor<MessageIds>[] = [
        { messageId: 'replaceKeep', data: { value: String(now) }, fix: fix(String(now)) },
      ];
      if (meant !== undefined && meant !== now) {
        suggest.push({ messageId: 'replaceIntent', data: { value: String(meant) }, fix: fix(String(meant)) });
      }
      context.report({
        node: setting.value,
        messageId: 'nonBoolean',
        data: {
          option,
          value: sourceCode.getText(setting.value),
          api: call.api.display,
          readAs: String(now),
          runtime: RUNTIME_NAMES[call.api.runtime],
          how: check === 'strict-true' ? 'applies it only when it is exactly `true`' : 'only tests truthiness',
        },
        suggest,
      });
    }

    function check(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
      if (!isSocketCallCandidate(node)) return;
      const scope = sourceCode.getScope(node);
      const call = classifySocketCall(node, scope);
      if (!call) return;
      for (const [option, facts] of Object.entries(call.api.options) as [OptionName, NonNullable<(typeof call.api.options)[OptionName]>][]) {
        const valueCheck = facts.valueCheck;
        if (valueCheck === 'unknown') continue;
        for (const setting of lookupOption(call.options, option, scope).settings) {
          if (!setting.known || reported.has(setting.node)) continue;
          const value = setting.known.value;
          if (typeof value === 'boolean' || value === undefined || value === null) continue;
          if (!looksLikeListenOptions(setting, call, scope)) continue;
          reported.add(setting.node);
          report(call, option, setting, valueCheck);
        }
      }
    }

    return { CallExpression: check, NewExpression: check };
  },
});
