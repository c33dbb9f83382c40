import type { TSESTree } from '@typescript-eslint/utils';
import { describeOption } from '../core/describe.js';
import { isCapabilityProbe } from '../core/capability-probe.js';
import { classifyLibraryCall, type LibraryCall } from '../core/library-calls.js';
import { platformsWhereOn } from '../core/guards.js';
import {
  canBeOn,
  describeProvenance,
  isSharedObject,
  lookupOption,
  passesCallersChoice,
  registerFile,
  removeSetting,
  replaceSettingValue,
  type OptionSetting,
} from '../core/value-flow/index.js';
import { reportFinding, reviewElsewhere, type Checker, type SuggestionSpec } from '../core/finding.js';
import { listenExclusiveEdits } from '../core/helper-rewrites.js';
import { looksLikeRestarts, RESTARTS_DOCS_URL } from '../core/restart-intent.js';
import { createRule } from '../core/rule-creator.js';
import { classifySocketCall, isSocketCallCandidate, type SocketCall } from '../core/socket-calls.js';
import { isIgnored, LOAD_BALANCING_PLATFORMS, type Runtime } from '../core/socket-apis.js';
import { resolveTargets, type Targets } from '../core/targets.js';
import { optionNames, type TextFilter } from '../core/text-filter.js';

type Options = [{ reportGuarded?: boolean; reportCallersChoice?: boolean }];
type MessageIds =
  | 'reusePort'
  | 'restartReusePort'
  | 'guardedReusePort'
  | 'callersReusePort'
  | 'removeOption'
  | 'disableOption'
  | 'disableLibraryDefault'
  | 'useListenExclusive';

const INSTEAD: Record<Runtime, string> = {
  node: 'remove it or use listenExclusive() from exclusive-bind; share only behind a platform check',
  bun: 'set it to false; share only behind a platform check',
  deno: 'remove it; share only behind a platform check',
  uws: 'pass LIBUS_LISTEN_EXCLUSIVE_PORT',
};
/** A library that turns reusePort on unless told otherwise (Elysia's adapters): removing it shares. */
const INSTEAD_DEFAULT_ON = 'set it to false; share only behind a platform check';

/** Review reasons shown by the codemod for findings it must not rewrite unattended. */
const REVIEW = {
  guarded: 'sharing behind a platform check: keep it if intended and say why in an eslint-disable comment',
  unknownValue: 'value not known statically: decide whether sharing is meant',
  shared: 'options object shared with other calls: change it by hand',
  branches: 'reusePort set in several branches: change it by hand',
  callers: 'reusePort passed through from callers outside this file: check what they pass',
} as const;

/** The codemod's summary beside a rewrite of a `reusePort` that looks like it is there for restarts. */
export const RESTART_NOTE = {
  useListenExclusive: `for restarts, listenExclusive() adopts the socket handed over under \`exclusive-bind run\` or systemd: see ${RESTARTS_DOCS_URL}`,
  other: `for restarts, hand the socket over with \`exclusive-bind run\` or systemd instead of sharing it: see ${RESTARTS_DOCS_URL}`,
} as const;

/** Every report is about a `reusePort` written in the file. */
const REUSE_PORT = optionNames(['reusePort']);
export const textFilter: TextFilter<Options> = (source) => REUSE_PORT.test(source);

export const checker: Checker<MessageIds, Options> = (context, [{ reportGuarded, reportCallersChoice }], emit) => {
  const sourceCode = context.sourceCode;
  registerFile(context);
  const reported = new Set<TSESTree.Node>();
  let targets: Targets | undefined;
  const getTargets = () => (targets ??= resolveTargets(context.settings, context.filename));
  const getScope = (node: TSESTree.Node) => sourceCode.getScope(node);

  function suggestions(call: SocketCall, setting: OptionSetting, settingsCount: number, library: LibraryCall | undefined): SuggestionSpec<MessageIds>[] {
    if (setting.kind === 'property' && isSharedObject(setting, getScope(call.node))) return [];
    const source = sourceCode.text;
    if (call.api.runtime === 'bun') {
      return [{ messageId: 'disableOption', edits: replaceSettingValue(setting, 'false') }];
    }
    // Without the option such a library turns sharing on by itself: only `false` turns it off.
    if (library?.bind.reusePort === 'default-on') {
      return [{ messageId: 'disableLibraryDefault', edits: replaceSettingValue(setting, 'false') }];
    }
    const removal = removeSetting(source, setting);
    if (!removal) return [];
    const result: SuggestionSpec<MessageIds>[] = [{ messageId: 'removeOption', edits: removal }];
    if (call.api.id === 'node:server.listen' && settingsCount === 1) {
      const rewrite = listenExclusiveEdits(source, call, sourceCode.ast, { filename: context.filename, sourceType: context.languageOptions.sourceType });
      if (rewrite) result.push({ messageId: 'useListenExclusive', edits: [...removal, ...rewrite] });
    }
    return result;
  }

  /**
   * The codemod's choice: the helper for a traced Node server; for a `.listen()` whose receiver is
   * not traced (a framework may not return a Node server) only the option goes, which changes
   * nothing but the reuse behaviour; Bun gets `false`, the rest lose the option.
   */
  function rewriteOf(call: SocketCall, guarded: boolean, setting: OptionSetting, found: readonly SuggestionSpec<MessageIds>[]) {
    if (guarded) return { review: REVIEW.guarded };
    if (!setting.known) return { review: REVIEW.unknownValue };
    if (found.length === 0) return { review: REVIEW.shared };
    const has = (id: MessageIds) => found.some((s) => s.messageId === id);
    if (call.api.id === 'node:server.listen' && call.certainty === 'known') {
      return has('useListenExclusive') ? { rewrite: 'useListenExclusive' as const } : { review: REVIEW.branches };
    }
    if (has('disableOption')) return { rewrite: 'disableOption' as const };
    if (has('disableLibraryDefault')) return { rewrite: 'disableLibraryDefault' as const };
    return { rewrite: 'removeOption' as const };
  }

  /**
   * `reusePort: true` in an options object of another file of the project, used here: reported at
   * this call's options, naming where it is set. Only a literal `true` (what the value is there,
   * and which guards hold it, are that file's to say) and never a rewrite: the edit belongs there.
   */
  function checkFromAnotherFile(call: SocketCall, setting: OptionSetting, settingsCount: number, library: LibraryCall | undefined, scope: ReturnType<typeof getScope>): void {
    if (setting.known?.value !== true || settingsCount > 1 || library?.bind.reusePort === 'default-on') return;
    if (isCapabilityProbe(call, scope, sourceCode)) return;
    const reach = platformsWhereOn(call.node, call.node, getScope);
    const all = getTargets();
    const platforms = all.platforms.filter((p) => reach.has(p));
    const facts = call.api.options.reusePort!;
    if (platforms.every((p) => isIgnored(facts.effects[p]))) return;
    const effects = describeOption(call.api, facts, all, platforms);
    if (!effects) return;
    reported.add(setting.node);
    const from = describeProvenance(setting.from!, scope);
    emit({
      node: call.options ?? call.node,
      messageId: 'reusePort',
      data: { api: `${call.api.display} (\`reusePort: true\` from ${from})`, effects, instead: INSTEAD[call.api.runtime] },
      suggestions: [],
      review: reviewElsewhere('reusePort', from),
    });
  }

  function check(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
    if (!isSocketCallCandidate(node)) return;
    const scope = getScope(node);
    // srvx / crossws serve() and Elysia's listen() hand reusePort on to a runtime API.
    const library = node.type === 'CallExpression' ? classifyLibraryCall(node, scope, context.filename) : undefined;
    const call = library?.call ?? classifySocketCall(node, scope);
    const facts = call?.api.options.reusePort;
    if (!call || !facts) return;
    const lookup = lookupOption(call.options, 'reusePort', scope, { acrossFiles: true });
    for (const setting of lookup.settings) {
      if (reported.has(setting.node)) continue;
      if (setting.from) {
        checkFromAnotherFile(call, setting, lookup.settings.length, library, scope);
        continue;
      }
      // `reusePort: options.reusePort` with no call in the file: the callers decide, elsewhere.
      const callers = passesCallersChoice(setting, scope);
      if (callers ? !reportCallersChoice : !canBeOn(setting, facts.valueCheck, scope)) continue;
      // A port-0 probe of whether the option is supported shares nothing.
      if (isCapabilityProbe(call, scope, sourceCode)) continue;
      const reach = platformsWhereOn(call.node, setting.value, getScope);
      // Only where SO_REUSEPORT load-balances (Linux, FreeBSD): sharing on purpose.
      const guarded = [...reach].every((p) => p !== 'other' && LOAD_BALANCING_PLATFORMS.includes(p));
      if (guarded && !reportGuarded) continue;
      const all = getTargets();
      // Messages name only the targeted platforms that can reach the call; where every one of them
      // ignores the option (Deno's reusePort off Linux), there is nothing to say.
      const platforms = all.platforms.filter((p) => reach.has(p));
      if (platforms.every((p) => isIgnored(facts.effects[p]))) continue;
      const effects = describeOption(call.api, facts, all, platforms);
      // Empty when the option does nothing on any targeted platform the runtime runs on
      // (Bun code in a FreeBSD-only project): a report would read "Bun.serve(): . Instead…".
      if (!effects) continue;
      reported.add(setting.node);
      const found = suggestions(call, setting, lookup.settings.length, library);
      if (callers) {
        emit({ node: setting.node, messageId: 'callersReusePort', data: { api: call.api.display, effects }, suggestions: found, review: REVIEW.callers });
        continue;
      }
      const outcome = lookup.settings.length > 1 && !guarded ? { review: REVIEW.branches } : rewriteOf(call, guarded, setting, found);
      // A Node server restarted by overlapping processes wants the hand-off, not just an exclusive bind.
      const restarts = !guarded && call.api.id === 'node:server.listen' && looksLikeRestarts(sourceCode, setting.node, call.node);
      const note = restarts && 'rewrite' in outcome ? RESTART_NOTE[outcome.rewrite === 'useListenExclusive' ? 'useListenExclusive' : 'other'] : undefined;
      emit({
        node: setting.node,
        messageId: guarded ? 'guardedReusePort' : restarts ? 'restartReusePort' : 'reusePort',
        data: { api: call.api.display, effects, instead: library?.bind.reusePort === 'default-on' ? INSTEAD_DEFAULT_ON : INSTEAD[call.api.runtime] },
        suggestions: found,
        ...outcome,
        ...(note ? { note } : {}),
      });
    }
  }

  return { CallExpression: check, NewExpression: check };
};

export default createRule<Options, MessageIds>({
  name: 'no-reuse-port',
  textFilter,
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
          reportCallersChoice: {
            type: 'boolean',
            description:
              'Also report `reusePort` that only passes a caller\'s choice through (`reusePort: options.reusePort` in a wrapper with no call in the file), where a caller may turn sharing on.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ reportGuarded: false, reportCallersChoice: false }],
    messages: {
      reusePort: '`reusePort` in {{api}}: {{effects}}. Instead: {{instead}}.',
      restartReusePort: `\`reusePort\` in {{api}}: {{effects}}. Instead: {{instead}}. For restarts, listenExclusive() adopts the socket handed over by \`exclusive-bind run\` or systemd: ${RESTARTS_DOCS_URL}`,
      guardedReusePort:
        '`reusePort` in {{api}} behind a platform guard: {{effects}}. If sharing is intended, say why in `// eslint-disable-next-line exclusive-bind/no-reuse-port -- <reason>`.',
      callersReusePort:
        '`reusePort` in {{api}} comes from callers outside this file; where one passes true: {{effects}}. Let callers share only behind a platform check, or stop passing it through.',
      removeOption: 'Remove `reusePort`.',
      disableOption: 'Set `reusePort: false` (Bun.serve turns sharing on by itself when `development` is present and falsy).',
      disableLibraryDefault: 'Set `reusePort: false` (the library turns sharing on by itself when the option is absent).',
      useListenExclusive: 'Bind with `listenExclusive()` from exclusive-bind.',
    },
  },
  defaultOptions: [{ reportGuarded: false, reportCallersChoice: false }],
  create(context, options) {
    return checker(context, options, (finding) => reportFinding(context, finding));
  },
});
