import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  lookupOption,
  registerFile,
  replaceSettingValue,
  singleValue,
  staticKey,
  type OptionSetting,
  skipWrappers,
} from '../core/value-flow/index.js';
import { createRule } from '../core/rule-creator.js';
import { classifySocketCall, isSocketCallCandidate, type SocketCall } from '../core/socket-calls.js';
import { SOCKET_APIS, type OptionName, type ValueCheck } from '../core/socket-apis.js';
import { optionNames, texts, type TextFilter } from '../core/text-filter.js';
import { uwsFlagExpression, uwsOptionsState, uwsOverload } from '../core/uws-listen.js';
import { classifyLibraryCall } from '../core/library-calls.js';

type MessageIds =
  | 'nonBoolean'
  | 'replaceKeep'
  | 'replaceIntent'
  | 'optionsNotFirst'
  | 'removeIgnored'
  | 'moveIntoFirst'
  | 'uwsFlagObject'
  | 'passExclusiveFlag';

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

/** The object literal a node stands for: inline or held by a const-like variable. */
function objectOf(node: TSESTree.Node, scope: TSESLint.Scope.Scope): TSESTree.ObjectExpression | undefined {
  const bare = skipWrappers(node);
  if (bare.type === AST_NODE_TYPES.ObjectExpression) return bare;
  if (bare.type !== AST_NODE_TYPES.Identifier) return undefined;
  const value = singleValue(bare, scope);
  const inner = value && skipWrappers(value);
  return inner?.type === AST_NODE_TYPES.ObjectExpression ? inner : undefined;
}

function isFunction(node: TSESTree.Node): boolean {
  const bare = skipWrappers(node);
  return bare.type === AST_NODE_TYPES.ArrowFunctionExpression || bare.type === AST_NODE_TYPES.FunctionExpression;
}

/** `a`, `a` and `b`, `a`, `b` and `c`. */
function listing(names: readonly string[]): string {
  const quoted = names.map((n) => `\`${n}\``);
  return quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
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
/** A key that asks uWebSockets.js for an exclusive port (`LIBUS_LISTEN_EXCLUSIVE_PORT`, `exclusive`). */
const EXCLUSIVE_KEY = /exclusive/i;
const MENTIONS_EXCLUSIVE = texts(['xclusive', 'XCLUSIVE']);
export const textFilter: TextFilter<[]> = (source) => CHECKED_OPTIONS.test(source) || MENTIONS_EXCLUSIVE.test(source);

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
      optionsNotFirst:
        '{{api}} reads options only from its first argument: {{options}} in this second-position object silently does nothing. Pass one options object first.',
      removeIgnored: 'Remove the ignored object (what Node does today).',
      moveIntoFirst: 'Move it into the first argument as `{{target}}` (what the object says).',
      uwsFlagObject:
        'uWebSockets.js listen() takes its options as a number of LIBUS_LISTEN_* bits, not an object: `{{value}}` never sets the exclusive bit (a build reads it as 0, which shares the port, or rejects it). Pass `LIBUS_LISTEN_EXCLUSIVE_PORT`.',
      passExclusiveFlag: 'Pass `{{flag}}`.',
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

    /**
     * Node's listen takes `(options, cb)` or `(port, host, backlog, cb)`: an object after a port or
     * path is never read (net.js normalizeArgs), so `listen(3000, { reusePort: true }, cb)` binds
     * without it. Reported when that object holds an option the table knows for listen.
     */
    function checkOptionsNotFirst(call: SocketCall, scope: TSESLint.Scope.Scope): void {
      if (call.api.id !== 'node:server.listen') return;
      const args = (call.node as TSESTree.CallExpression).arguments;
      const [first, second] = args;
      if (!first || !second || isFunction(first) || objectOf(first, scope)) return;
      const object = objectOf(second, scope);
      if (!object) return;
      const names = Object.keys(call.api.options).filter(
        (option) => lookupOption(object, option, scope).settings.length > 0,
      );
      if (names.length === 0) return;
      const suggest: TSESLint.SuggestionReportDescriptor<MessageIds>[] = [];
      const inline = skipWrappers(second) === object && object.properties.length > 0;
      if (inline) {
        suggest.push({
          messageId: 'removeIgnored',
          fix: (fixer) => fixer.removeRange([first.range[1], second.range[1]]),
        });
        const firstText = sourceCode.getText(first);
        const known = ASTUtils.getStaticValue(first as TSESTree.Expression, scope);
        // A string that is not a number is a pipe or socket path to Node.
        const key =
          typeof known?.value === 'string' && Number.isNaN(Number(known.value)) ? 'path' : 'port';
        const bare = skipWrappers(first);
        const head = bare.type === AST_NODE_TYPES.Identifier && bare.name === key ? key : `${key}: ${firstText}`;
        const body = sourceCode.text.slice(object.properties[0]!.range[0], object.properties.at(-1)!.range[1]);
        const target = `{ ${head}, ${body} }`;
        suggest.push({
          messageId: 'moveIntoFirst',
          data: { target },
          fix: (fixer) => fixer.replaceTextRange([first.range[0], second.range[1]], target),
        });
      }
      context.report({
        node: second,
        messageId: 'optionsNotFirst',
        data: { api: call.api.display, options: listing(names) },
        suggest,
      });
    }

    /**
     * uWebSockets.js reads its listen options as a number (bit 0 = LIBUS_LISTEN_EXCLUSIVE_PORT).
     * An object that asks for an exclusive port by key is not that number.
     */
    function checkUwsFlagObject(call: SocketCall, scope: TSESLint.Scope.Scope): void {
      if (call.api.id !== 'uws:listen') return;
      const overload = uwsOverload((call.node as TSESTree.CallExpression).arguments, scope);
      const options = overload?.options;
      if (!options || uwsOptionsState(options, scope) !== 'object') return;
      const object = objectOf(options, scope);
      const asksExclusive = object?.properties.some(
        (p) => p.type === AST_NODE_TYPES.Property && EXCLUSIVE_KEY.test(staticKey(p, scope) ?? ''),
      );
      if (!object || !asksExclusive) return;
      const flag = uwsFlagExpression(sourceCode.text, sourceCode.ast, call, scope, {
        filename: context.filename,
        sourceType: context.languageOptions.sourceType,
      });
      context.report({
        node: options,
        messageId: 'uwsFlagObject',
        data: { value: sourceCode.getText(options) },
        suggest: [
          {
            messageId: 'passExclusiveFlag',
            data: { flag: flag.expression },
            fix: (fixer) => [
              ...flag.edits.map((e) => fixer.replaceTextRange([e.range[0], e.range[1]], e.text)),
              fixer.replaceText(options, flag.expression),
            ],
          },
        ],
      });
    }

    function check(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
      if (!isSocketCallCandidate(node)) return;
      const scope = sourceCode.getScope(node);
      const library = node.type === 'CallExpression' ? classifyLibraryCall(node, scope, context.filename) : undefined;
      const call = library?.call ?? classifySocketCall(node, scope);
      if (!call) return;
      checkOptionsNotFirst(call, scope);
      checkUwsFlagObject(call, scope);
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
