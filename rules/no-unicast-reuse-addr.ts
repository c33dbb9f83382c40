/**
 * `reuseAddr` (dgram) / `reuseAddress` (Deno.listenDatagram) on a socket that is not a multicast or
 * broadcast receiver: on Linux and Windows the last process to bind takes every unicast datagram,
 * on macOS/BSD libuv sets SO_REUSEPORT; either way a second instance silently takes the port.
 *
 * The socket is followed through the file (variables, aliases, `this.field`, the result of a local
 * function that returns it, methods that return the socket) looking for evidence that it receives
 * multicast or broadcast traffic. When it leaves the file without such evidence the rule cannot
 * know, and reports only with `reportUnproven`. The following lives in core/udp-receivers/
 * (tracker.ts on core/value-flow's followUses, evidence.ts), the bindExclusive rewrite in
 * bind-exclusive.ts.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { describeOption } from '../core/describe.js';
import { reportFinding, type Checker, type SuggestionSpec } from '../core/finding.js';
import { createRule } from '../core/rule-creator.js';
import { calleeName, classifySocketCall, type SocketCall } from '../core/socket-calls.js';
import { resolveTargets, type Targets } from '../core/targets.js';
import { optionNames, type TextFilter } from '../core/text-filter.js';
import { isIgnored } from '../core/socket-apis.js';
import { platformsWhereOn } from '../core/guards.js';
import { bindExclusiveEdits } from '../core/udp-receivers/bind-exclusive.js';
import { markUnknown, type Flow } from '../core/udp-receivers/evidence.js';
import { takesEphemeralPort } from '../core/udp-receivers/senders.js';
import { broadcastSenders } from '../core/udp-receivers/broadcast.js';
import { socketFollower } from '../core/udp-receivers/tracker.js';
import {
  canBeOn,
  isSharedObject,
  lookupOption,
  registerFile,
  removeSetting,
  type OptionSetting,
} from '../core/value-flow/index.js';

export { isMulticastAddress } from '../core/udp-receivers/evidence.js';

type Options = readonly [{ reportUnproven?: boolean }];

type MessageIds = 'unicastReuseAddr' | 'unprovenReuseAddr' | 'removeOption' | 'useBindExclusive';
type Scope = TSESLint.Scope.Scope;

/** The option that turns address reuse on, per datagram API. */
const REUSE_OPTION: Partial<Record<SocketCall['api']['id'], string>> = {
  'node:dgram.createSocket': 'reuseAddr',
  'deno:listenDatagram': 'reuseAddress',
};

/** Why a socket of a file that sends broadcasts to a port variable of its own is not proven unicast. */
const BROADCAST_UNMATCHED = 'the file sends broadcasts to a port it cannot match with this socket\'s bind';

/** Every report is about one of these options, written in the file. */
const REUSE_OPTIONS = optionNames(Object.values(REUSE_OPTION));
export const textFilter: TextFilter<Options> = (source) => REUSE_OPTIONS.test(source);

export const checker: Checker<MessageIds, Options> = (context, [{ reportUnproven }], emit) => {
  const sourceCode = context.sourceCode;
  const source = sourceCode.text;
  const getScope = (node: TSESTree.Node): Scope => sourceCode.getScope(node);
  const calls: { call: SocketCall; option: string }[] = [];
  const reported = new Set<TSESTree.Node>();
  let targets: Targets | undefined;
  const getTargets = () => (targets ??= resolveTargets(context.settings, context.filename));
  registerFile(context);
  const analyse = socketFollower(sourceCode);
  const broadcast = broadcastSenders(sourceCode);

  function suggestionsFor(
    call: SocketCall,
    setting: OptionSetting,
    option: string,
    flow: Flow,
    proven: boolean,
  ): SuggestionSpec<MessageIds>[] {
    if (setting.kind === 'property' && isSharedObject(setting, getScope(call.node))) return [];
    const removal = removeSetting(source, setting);
    if (!removal) return [];
    const result: SuggestionSpec<MessageIds>[] = [{ messageId: 'removeOption', data: { option }, edits: removal }];
    const rewrite =
      proven && call.api.id === 'node:dgram.createSocket'
        ? bindExclusiveEdits(sourceCode, { filename: context.filename, sourceType: context.languageOptions.sourceType }, flow.binds)
        : undefined;
    if (rewrite) result.push({ messageId: 'useBindExclusive', edits: [...removal, ...rewrite] });
    return result;
  }

  function report(call: SocketCall, option: string, flow: Flow): void {
    const facts = call.api.options[option as 'reuseAddr' | 'reuseAddress']!;
    const lookup = lookupOption(call.options, option, getScope(call.node));
    for (const setting of lookup.settings) {
      // Options shared by several sockets: one report for the property.
      if (reported.has(setting.node) || !canBeOn(setting, facts.valueCheck, getScope(call.node))) continue;
      // Only the targeted platforms on which the option can be on (guards, `reuseAddr: !isWindows`).
      const targets = getTargets();
      const reach = platformsWhereOn(call.node, setting.value, getScope);
      const platforms = targets.platforms.filter((p) => reach.has(p));
      if (platforms.every((p) => isIgnored(facts.effects[p]))) continue;
      reported.add(setting.node);
      const proven = flow.unknown === undefined;
      const suggestions = suggestionsFor(call, setting, option, flow, proven && lookup.settings.length === 1);
      const literalOn = setting.known !== undefined && Boolean(setting.known.value);
      let review: string | undefined;
      if (!proven) review = `the socket may be a multicast or broadcast receiver elsewhere: ${flow.unknown}`;
      else if (suggestions.length === 0) review = 'the options object is shared with other calls';
      else if (!literalOn) review = `\`${option}\` is computed at run time; decide whether any configuration needs it`;
      else if (lookup.settings.length > 1) review = `\`${option}\` is set in several branches`;
      emit({
        node: setting.node,
        messageId: proven ? 'unicastReuseAddr' : 'unprovenReuseAddr',
        data: {
          option,
          api: call.api.display,
          effects: describeOption(call.api, facts, targets, platforms),
          ...(proven ? {} : { why: flow.unknown! }),
        },
        suggestions,
        ...(review === undefined ? { rewrite: 'removeOption' as const } : { review }),
      });
    }
  }

  return {
    CallExpression(node) {
      // `import { createSocket as udp } from 'dgram'` too: calleeName goes by the export's name.
      const name = calleeName(node);
      if ((name === 'send' || name === 'setBroadcast') && node.callee.type === AST_NODE_TYPES.MemberExpression) broadcast.see(node, name);
      if (name !== 'createSocket' && name !== 'listenDatagram') return;
      const call = classifySocketCall(node, getScope(node));
      const option = call && REUSE_OPTION[call.api.id];
      if (call && option) calls.push({ call, option });
    },
    'Program:exit'() {
      for (const { call, option } of calls) {
        const lookup = lookupOption(call.options, option, getScope(call.node));
        if (lookup.settings.length === 0) continue;
        const flow = analyse(call);
        const broadcasts = broadcast.receives(flow.binds);
        if (flow.receiver || broadcasts === 'yes') continue;
        // Only a sender: bound implicitly on its first send, or explicitly to port 0, it gets an
        // ephemeral port nobody else asks for, so address reuse takes nothing from anyone.
        if (flow.unknown === undefined && takesEphemeralPort(sourceCode, call, flow)) continue;
        // The file sends broadcasts to a port this socket's bind cannot be matched with: the
        // evidence sits on the sender, and the socket may be the receiver of that protocol.
        if (broadcasts === 'maybe') markUnknown(flow, BROADCAST_UNMATCHED);
        if (flow.unknown !== undefined && !reportUnproven) continue;
        report(call, option, flow);
      }
    },
  };
};

export default createRule<Options, MessageIds>({
  name: 'no-unicast-reuse-addr',
  textFilter,
  meta: {
    type: 'problem',
    docs: {
      description:
        'disallow `reuseAddr` on a datagram socket that is not a multicast or broadcast receiver, where a second instance silently steals the port',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          reportUnproven: {
            type: 'boolean',
            description:
              'Also report sockets that leave the file (returned, exported, passed to another function) without any sign in the file that they receive multicast or broadcast traffic.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ reportUnproven: false }],
    messages: {
      unicastReuseAddr:
        '`{{option}}` in {{api}} on a socket that joins no multicast group and enables no broadcast: {{effects}}. A second instance silently steals the port and no platform check avoids it; remove the option (only multicast and broadcast receivers need it).',
      unprovenReuseAddr:
        '`{{option}}` in {{api}} on a socket this file cannot follow ({{why}}): {{effects}}. Unless the socket joins a multicast group or enables broadcast, remove the option.',
      removeOption: 'Remove `{{option}}`.',
      useBindExclusive: 'Remove `reuseAddr` and bind with `bindExclusive()` from exclusive-bind.',
    },
  },
  defaultOptions: [{ reportUnproven: false }],
  create(context, options) {
    return checker(context, options, (finding) => reportFinding(context, finding));
  },
});
