/**
 * `reuseAddr` (dgram) / `reuseAddress` (Deno.listenDatagram) on a socket that is not a multicast or
 * broadcast receiver: on Linux and Windows the last process to bind takes every unicast datagram,
 * on macOS/BSD libuv sets SO_REUSEPORT; either way a second instance silently takes the port.
 *
 * The socket is followed through the file (variables, aliases, `this.field`, the result of a local
 * function that returns it, methods that return the socket) looking for evidence that it receives
 * multicast or broadcast traffic. When it leaves the file without such evidence the rule cannot
 * know, and reports only with `reportUnproven`.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { describeOption } from '../core/describe.js';
import { ensureNamedImport, removeProperty, skipTrivia, type Edit } from '../core/edits.js';
import { reportFinding, type Checker, type SuggestionSpec } from '../core/finding.js';
import { canBeOn, isSharedObject, lookupOption, singleValue, type OptionSetting } from '../core/options.js';
import { HELPER_MODULE } from '../core/helper-rewrites.js';
import { createRule } from '../core/rule-creator.js';
import { classifySocketCall, type SocketCall } from '../core/socket-calls.js';
import { resolveTargets, type Targets } from '../core/targets.js';
import { SOCKET_APIS } from '../core/socket-apis.js';
import { resolveOrigin, skipWrappers } from '../core/tracking.js';

type Options = readonly [{ reportUnproven?: boolean }];

type MessageIds = 'unicastReuseAddr' | 'unprovenReuseAddr' | 'removeOption' | 'useBindExclusive';
type Scope = TSESLint.Scope.Scope;
type Variable = TSESLint.Scope.Variable;

/** The option that turns address reuse on, per datagram API. */
const REUSE_OPTION: Partial<Record<SocketCall['api']['id'], string>> = {
  'node:dgram.createSocket': 'reuseAddr',
  'deno:listenDatagram': 'reuseAddress',
};

/** Methods that make the socket a group member (Node dgram, Deno DatagramConn). */
const MEMBERSHIP_METHODS = new Set([
  'addMembership',
  'addSourceSpecificMembership',
  'joinMulticastV4',
  'joinMulticastV6',
]);
/** dgram.Socket methods that return the socket itself. */
const CHAINABLE_METHODS = new Set(['bind', 'on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'ref', 'unref', 'setMaxListeners', 'off', 'removeListener']);
const EVIDENCE_METHODS = new Set([...MEMBERSHIP_METHODS, 'setBroadcast', 'bind']);

/** 224.0.0.0/4 and ff00::/8. */
export function isMulticastAddress(address: string): boolean {
  const v4 = /^(\d{1,3})\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.exec(address);
  if (v4) {
    const first = Number(v4[1]);
    return first >= 224 && first <= 239;
  }
  return /^ff[0-9a-f]{0,2}:/i.test(address);
}

function isFunction(node: TSESTree.Node | undefined): boolean {
  const bare = node && skipWrappers(node);
  return (
    bare?.type === AST_NODE_TYPES.ArrowFunctionExpression || bare?.type === AST_NODE_TYPES.FunctionExpression
  );
}

function memberKey(node: TSESTree.MemberExpression): string | undefined {
  if (node.property.type === AST_NODE_TYPES.PrivateIdentifier) return `#${node.property.name}`;
  return ASTUtils.getPropertyName(node) ?? undefined;
}

/** Parent of an expression once TS wrappers, `await` and optional chains are stepped over. */
function valueParent(node: TSESTree.Node): { child: TSESTree.Node; parent: TSESTree.Node | undefined } {
  let child = node;
  let parent = node.parent;
  while (
    parent &&
    (parent.type === AST_NODE_TYPES.TSAsExpression ||
      parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      parent.type === AST_NODE_TYPES.TSSatisfiesExpression ||
      parent.type === AST_NODE_TYPES.TSTypeAssertion ||
      parent.type === AST_NODE_TYPES.ChainExpression ||
      parent.type === AST_NODE_TYPES.AwaitExpression ||
      (parent.type === AST_NODE_TYPES.ConditionalExpression && parent.test !== child) ||
      (parent.type === AST_NODE_TYPES.LogicalExpression && parent.operator !== '&&'))
  ) {
    child = parent;
    parent = parent.parent;
  }
  return { child, parent };
}

function enclosingFunction(node: TSESTree.Node): TSESTree.FunctionLike | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (
      current.type === AST_NODE_TYPES.FunctionDeclaration ||
      current.type === AST_NODE_TYPES.FunctionExpression ||
      current.type === AST_NODE_TYPES.ArrowFunctionExpression
    ) {
      return current;
    }
  }
  return undefined;
}

function isExported(node: TSESTree.Node): boolean {
  const parent = node.parent;
  return (
    parent?.type === AST_NODE_TYPES.ExportNamedDeclaration || parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration
  );
}

function calleeText(call: TSESTree.CallExpression | TSESTree.NewExpression, source: string): string {
  const callee = skipWrappers(call.callee);
  const text = source.slice(callee.range[0], callee.range[1]);
  return text.length > 40 || text.includes('\n') ? 'a function' : `${text}()`;
}

interface Flow {
  receiver: boolean;
  /** Every `bind()` call on the socket. */
  readonly binds: TSESTree.CallExpression[];
  /** Why the socket's fate is unknown (first reason found). */
  unknown: string | undefined;
  readonly variables: Set<Variable>;
  readonly fields: Set<string>;
  readonly functions: Set<TSESTree.Node>;
}

export const checker: Checker<MessageIds, Options> = (context, [{ reportUnproven }], emit) => {
  const sourceCode = context.sourceCode;
  const source = sourceCode.text;
  const getScope = (node: TSESTree.Node): Scope => sourceCode.getScope(node);
  const calls: { call: SocketCall; option: string }[] = [];
  /** Every `this.x` in the file, for fields that hold a socket. */
  const thisMembers: TSESTree.MemberExpression[] = [];
  /** `anything.x.addMembership(...)`: evidence for a field used from outside its class. */
  const memberEvidence: TSESTree.CallExpression[] = [];
  const reported = new Set<TSESTree.Node>();
  const mentionsDgram = source.includes('dgram');
  let targets: Targets | undefined;
  const getTargets = () => (targets ??= resolveTargets(context.settings, context.filename));

  function markUnknown(flow: Flow, why: string): void {
    flow.unknown ??= why;
  }

  function staticValue(node: TSESTree.Node): { value: unknown } | undefined {
    return ASTUtils.getStaticValue(node as TSESTree.Expression, getScope(node)) ?? undefined;
  }

  /** The address a `bind(...)` call binds, as far as it can be known. */
  function inspectAddress(flow: Flow, address: TSESTree.Node | undefined): void {
    if (!address || isFunction(address)) return;
    const known = staticValue(address);
    if (known === undefined) markUnknown(flow, 'it binds an address computed at run time');
    else if (typeof known.value === 'string' && isMulticastAddress(known.value)) flow.receiver = true;
  }

  function inspectBind(flow: Flow, call: TSESTree.CallExpression): void {
    flow.binds.push(call);
    const [first, second] = call.arguments;
    if (!first || isFunction(first)) return;
    const bare = skipWrappers(first);
    const holder = bare.type === AST_NODE_TYPES.Identifier ? singleValue(bare, getScope(bare)) : undefined;
    if (bare.type === AST_NODE_TYPES.ObjectExpression || holder?.type === AST_NODE_TYPES.ObjectExpression) {
      const lookup = lookupOption(first, 'address', getScope(call));
      if (lookup.unknown) markUnknown(flow, 'it binds an address computed at run time');
      for (const setting of lookup.settings) inspectAddress(flow, setting.value);
      return;
    }
    const looksLikePort =
      staticValue(first) !== undefined ||
      (bare.type === AST_NODE_TYPES.Identifier && /port/i.test(bare.name)) ||
      (bare.type === AST_NODE_TYPES.MemberExpression && /port/i.test(memberKey(bare) ?? ''));
    if (!looksLikePort && (!second || isFunction(second))) {
      markUnknown(flow, 'it binds with options computed at run time');
      return;
    }
    inspectAddress(flow, second);
  }

  function inspectMethodCall(flow: Flow, name: string, call: TSESTree.CallExpression): void {
    if (MEMBERSHIP_METHODS.has(name)) flow.receiver = true;
    else if (name === 'setBroadcast') {
      const arg = call.arguments[0];
      const known = arg && staticValue(arg);
      if (!known || known.value) flow.receiver = true;
    } else if (name === 'bind') inspectBind(flow, call);
  }

  /** Where the socket value at `node` goes next. */
  function followValue(flow: Flow, node: TSESTree.Node): void {
    const { child, parent } = valueParent(node);
    if (!parent) return;
    switch (parent.type) {
      case AST_NODE_TYPES.ExpressionStatement:
        return;
      case AST_NODE_TYPES.VariableDeclarator:
        if (parent.init === child && parent.id.type === AST_NODE_TYPES.Identifier) {
          if (isExported(parent.parent)) markUnknown(flow, 'it is exported');
          for (const variable of sourceCode.getDeclaredVariables(parent)) followVariable(flow, variable);
        } else markUnknown(flow, 'it is destructured');
        return;
      case AST_NODE_TYPES.AssignmentExpression: {
        if (parent.right !== child || parent.operator !== '=') return;
        const left = parent.left;
        if (left.type === AST_NODE_TYPES.Identifier) {
          const variable = ASTUtils.findVariable(getScope(left), left);
          if (variable && variable.defs.length > 0) followVariable(flow, variable);
          else markUnknown(flow, `it is stored in the global ${left.name}`);
        } else if (left.type === AST_NODE_TYPES.MemberExpression && left.object.type === AST_NODE_TYPES.ThisExpression) {
          const key = memberKey(left);
          if (key === undefined) markUnknown(flow, 'it is stored under a computed key');
          else followField(flow, key, left);
        } else {
          markUnknown(flow, 'it is stored on an object this file does not follow');
        }
        return;
      }
      case AST_NODE_TYPES.PropertyDefinition: {
        if (parent.value !== child || parent.static || parent.computed) return;
        const key =
          parent.key.type === AST_NODE_TYPES.PrivateIdentifier
            ? `#${parent.key.name}`
            : (ASTUtils.getPropertyName(parent) ?? undefined);
        if (key === undefined) markUnknown(flow, 'it is stored under a computed key');
        else followField(flow, key, parent);
        return;
      }
      case AST_NODE_TYPES.MemberExpression: {
        if (parent.object !== child) return;
        const name = memberKey(parent);
        const call = parent.parent;
        if (name !== undefined && call?.type === AST_NODE_TYPES.CallExpression && call.callee === parent) {
          inspectMethodCall(flow, name, call);
          if (CHAINABLE_METHODS.has(name)) followValue(flow, call);
        }
        return;
      }
      case AST_NODE_TYPES.ReturnStatement: {
        const fn = enclosingFunction(parent);
        if (fn) followReturn(flow, fn);
        else markUnknown(flow, 'it is returned');
        return;
      }
      case AST_NODE_TYPES.ArrowFunctionExpression:
        if (parent.body === child) followReturn(flow, parent);
        return;
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression:
        if (parent.callee !== child) markUnknown(flow, `it is passed to ${calleeText(parent, source)}`);
        return;
      case AST_NODE_TYPES.ForOfStatement:
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.BinaryExpression:
      case AST_NODE_TYPES.UnaryExpression:
      case AST_NODE_TYPES.TemplateLiteral:
        // Iterating a Deno DatagramConn, testing or printing the socket: it stays here.
        return;
      case AST_NODE_TYPES.Property:
      case AST_NODE_TYPES.ArrayExpression:
        markUnknown(flow, 'it is stored on an object this file does not follow');
        return;
      default:
        markUnknown(flow, 'it is used in a way this file does not follow');
    }
  }

  function followVariable(flow: Flow, variable: Variable): void {
    if (flow.variables.has(variable)) return;
    flow.variables.add(variable);
    for (const reference of variable.references) {
      if (!reference.isRead()) continue;
      followValue(flow, reference.identifier);
    }
  }

  /** `this.key` in the class that holds `at` (or anywhere in the file outside a class). */
  function followField(flow: Flow, key: string, at: TSESTree.Node): void {
    let container: TSESTree.Node = sourceCode.ast;
    for (let current = at.parent; current; current = current.parent) {
      if (current.type === AST_NODE_TYPES.ClassBody) {
        container = current;
        break;
      }
    }
    const id = `${container.range[0]}:${key}`;
    if (flow.fields.has(id)) return;
    flow.fields.add(id);
    for (const member of thisMembers) {
      if (member.range[0] < container.range[0] || member.range[1] > container.range[1]) continue;
      if (memberKey(member) !== key) continue;
      const parent = member.parent;
      if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === member) continue;
      followValue(flow, member);
    }
    // `responder.socket.addMembership(...)` from outside the class.
    for (const call of memberEvidence) {
      const callee = call.callee as TSESTree.MemberExpression;
      const object = skipWrappers(callee.object);
      if (object.type !== AST_NODE_TYPES.MemberExpression || object.object.type === AST_NODE_TYPES.ThisExpression) continue;
      if (memberKey(object) === key) inspectMethodCall(flow, memberKey(callee)!, call);
    }
  }

  /** The socket is returned from `fn`: follow the results of the calls of `fn` in this file. */
  function followReturn(flow: Flow, fn: TSESTree.FunctionLike): void {
    if (flow.functions.has(fn)) return;
    flow.functions.add(fn);
    const parent = fn.parent;
    if (parent?.type === AST_NODE_TYPES.MethodDefinition && parent.value === fn) {
      const key = parent.key.type === AST_NODE_TYPES.PrivateIdentifier ? `#${parent.key.name}` : ASTUtils.getPropertyName(parent);
      const body = parent.parent;
      const uses = thisMembers.filter(
        (m) =>
          m.range[0] >= body.range[0] &&
          m.range[1] <= body.range[1] &&
          memberKey(m) === key &&
          m.parent.type === AST_NODE_TYPES.CallExpression &&
          m.parent.callee === m,
      );
      if (parent.static || uses.length === 0) {
        markUnknown(flow, `it is returned from the method ${key ?? ''}()`);
        return;
      }
      for (const use of uses) followValue(flow, use.parent);
      return;
    }
    let variable: Variable | undefined;
    if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) {
      if (isExported(fn)) {
        markUnknown(flow, `it is returned from the exported function ${fn.id.name}()`);
        return;
      }
      variable = sourceCode.getDeclaredVariables(fn).find((v) => v.name === fn.id!.name);
    } else if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) {
      if (isExported(parent.parent)) {
        markUnknown(flow, `it is returned from the exported function ${parent.id.name}()`);
        return;
      }
      variable = sourceCode.getDeclaredVariables(parent)[0];
    }
    if (!variable) {
      markUnknown(flow, 'it is returned from a function this file does not follow');
      return;
    }
    const reads = variable.references.filter((r) => r.isRead());
    const callers = reads.filter(
      (r) => r.identifier.parent.type === AST_NODE_TYPES.CallExpression && r.identifier.parent.callee === r.identifier,
    );
    if (callers.length === 0 || callers.length !== reads.length) {
      markUnknown(flow, `it is returned from ${variable.name}(), which is used outside this file`);
    }
    for (const caller of callers) followValue(flow, caller.identifier.parent);
  }

  function analyse(call: SocketCall): Flow {
    const flow: Flow = { receiver: false, binds: [], unknown: undefined, variables: new Set(), fields: new Set(), functions: new Set() };
    if (call.api.id === 'deno:listenDatagram') {
      // Deno binds at the call: its `hostname` is the bound address.
      const hostname = lookupOption(call.options, 'hostname', getScope(call.node));
      if (hostname.unknown) markUnknown(flow, 'it binds an address computed at run time');
      for (const setting of hostname.settings) inspectAddress(flow, setting.value);
    }
    followValue(flow, call.node);
    return flow;
  }

  /**
   * `socket.bind(port[, address])` / `socket.bind({ port, address })` as a statement of its own, with
   * no callback → `bindExclusive(socket, { port, address })` (exclusive-bind's unicast helper, which
   * refuses reuseAddr, retries EADDRINUSE briefly for a departing owner and returns a promise).
   */
  function bindExclusiveEdits(flow: Flow): Edit[] | undefined {
    if (flow.binds.length !== 1) return undefined;
    const bind = flow.binds[0]!;
    const callee = bind.callee;
    if (bind.parent.type !== AST_NODE_TYPES.ExpressionStatement || bind.optional || bind.typeArguments) return undefined;
    if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed || callee.optional) return undefined;
    const args = bind.arguments;
    if (args.length > 2 || args.some((arg) => isFunction(arg) || arg.type === AST_NODE_TYPES.SpreadElement)) return undefined;
    const text = (node: TSESTree.Node) => source.slice(node.range[0], node.range[1]);
    const entry = (key: string, node: TSESTree.Node) => (text(node) === key ? key : `${key}: ${text(node)}`);
    let bindOptions: string | undefined;
    const first = args[0] && skipWrappers(args[0]);
    if (first?.type === AST_NODE_TYPES.ObjectExpression) {
      const plain = first.properties.every(
        (p) =>
          p.type === AST_NODE_TYPES.Property &&
          !p.computed &&
          (ASTUtils.getPropertyName(p) === 'port' || ASTUtils.getPropertyName(p) === 'address'),
      );
      if (!plain || args.length > 1) return undefined;
      bindOptions = text(args[0]!);
    } else if (args[0]) {
      bindOptions = `{ ${[entry('port', args[0]), ...(args[1] ? [entry('address', args[1])] : [])].join(', ')} }`;
    }
    const { expression, edits } = ensureNamedImport(
      source,
      sourceCode.ast,
      HELPER_MODULE,
      'bindExclusive',
      context.languageOptions.sourceType === 'module' ? 'esm' : 'cjs',
    );
    const close = bind.range[1];
    if (source[close - 1] !== ')' || skipTrivia(source, callee.object.range[1]) !== callee.property.range[0] - 1) return undefined;
    return [
      ...edits,
      { range: [callee.range[0], callee.range[0]], text: `${expression}(` },
      { range: [callee.object.range[1], close], text: bindOptions ? `, ${bindOptions})` : ')' },
    ];
  }

  function suggestionsFor(
    call: SocketCall,
    setting: OptionSetting,
    option: string,
    flow: Flow,
    proven: boolean,
  ): SuggestionSpec<MessageIds>[] {
    if (isSharedObject(setting, getScope(call.node))) return [];
    const removal = removeProperty(source, setting.object, setting.property);
    const result: SuggestionSpec<MessageIds>[] = [{ messageId: 'removeOption', data: { option }, edits: removal }];
    const rewrite = proven && call.api.id === 'node:dgram.createSocket' ? bindExclusiveEdits(flow) : undefined;
    if (rewrite) result.push({ messageId: 'useBindExclusive', edits: [...removal, ...rewrite] });
    return result;
  }

  function report(call: SocketCall, option: string, flow: Flow): void {
    const facts = call.api.options[option as 'reuseAddr' | 'reuseAddress']!;
    const lookup = lookupOption(call.options, option, getScope(call.node));
    for (const setting of lookup.settings) {
      // Options shared by several sockets: one report for the property.
      if (reported.has(setting.property) || !canBeOn(setting, facts.valueCheck)) continue;
      reported.add(setting.property);
      const proven = flow.unknown === undefined;
      const suggestions = suggestionsFor(call, setting, option, flow, proven && lookup.settings.length === 1);
      const literalOn = setting.known !== undefined && Boolean(setting.known.value);
      let review: string | undefined;
      if (!proven) review = `the socket may be a multicast or broadcast receiver elsewhere: ${flow.unknown}`;
      else if (suggestions.length === 0) review = 'the options object is shared with other calls';
      else if (!literalOn) review = `\`${option}\` is computed at run time; decide whether any configuration needs it`;
      else if (lookup.settings.length > 1) review = `\`${option}\` is set in several branches`;
      emit({
        node: setting.property,
        messageId: proven ? 'unicastReuseAddr' : 'unprovenReuseAddr',
        data: {
          option,
          api: call.api.display,
          effects: describeOption(call.api, facts, getTargets()),
          ...(proven ? {} : { why: flow.unknown! }),
        },
        suggestions,
        ...(review === undefined ? { rewrite: 'removeOption' as const } : { review }),
      });
    }
  }

  return {
    CallExpression(node) {
      const callee = skipWrappers(node.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        const name = memberKey(callee);
        if (name !== undefined && EVIDENCE_METHODS.has(name)) memberEvidence.push(node);
        if (name !== 'createSocket' && name !== 'listenDatagram') return;
      } else if (callee.type !== AST_NODE_TYPES.Identifier) {
        return;
      } else if (callee.name !== 'createSocket') {
        // `import { createSocket as udp } from 'dgram'`: classifySocketCall goes by the local name.
        if (!mentionsDgram) return;
        const origin = resolveOrigin(callee, getScope(node));
        if (origin?.root === 'module:dgram' && origin.path.join('.') === 'createSocket') {
          const api = SOCKET_APIS['node:dgram.createSocket'];
          calls.push({ call: { api, node, options: node.arguments[0], receiver: undefined, certainty: 'known' }, option: 'reuseAddr' });
        }
        return;
      }
      const call = classifySocketCall(node, getScope(node));
      const option = call && REUSE_OPTION[call.api.id];
      if (call && option) calls.push({ call, option });
    },
    'MemberExpression[object.type="ThisExpression"]'(node: TSESTree.MemberExpression) {
      thisMembers.push(node);
    },
    'Program:exit'() {
      for (const { call, option } of calls) {
        const lookup = lookupOption(call.options, option, getScope(call.node));
        if (lookup.settings.length === 0) continue;
        const flow = analyse(call);
        if (flow.receiver) continue;
        if (flow.unknown !== undefined && !reportUnproven) continue;
        report(call, option, flow);
      }
    },
  };
};

export default createRule<Options, MessageIds>({
  name: 'no-unicast-reuse-addr',
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
