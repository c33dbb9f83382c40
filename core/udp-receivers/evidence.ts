/**
 * What a socket's uses prove: joining a multicast group, enabling broadcast or binding a multicast
 * address makes it a receiver that needs address reuse; a bind address or options computed at run
 * time leave its fate unknown. Both are recorded in a Flow, with every `bind()` seen on the way
 * (the bindExclusive rewrite needs exactly one).
 */
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import {
  RECEIVER_RETURNING_METHODS,
  isInlineFunction as isFunction, lookupOption, memberKey, singleValue, skipWrappers, type SourceCode } from '../value-flow/index.js';

/** What following one socket found. */
export interface Flow {
  receiver: boolean;
  /** Every `bind()` call on the socket. */
  readonly binds: TSESTree.CallExpression[];
  /** Why the socket's fate is unknown (first reason found). */
  unknown: string | undefined;
}

/** Methods that make the socket a group member (Node dgram, Deno DatagramConn). */
const MEMBERSHIP_METHODS = new Set([
  'addMembership',
  'addSourceSpecificMembership',
  'joinMulticastV4',
  'joinMulticastV6',
]);
/** dgram.Socket methods that return the socket itself: the emitter's and handle's ones, and `bind`. */
export const CHAINABLE_METHODS: ReadonlySet<string> = new Set([...RECEIVER_RETURNING_METHODS, 'bind']);
/** Methods whose calls count as evidence, also when called on a field from outside its class. */
export const EVIDENCE_METHODS = new Set([...MEMBERSHIP_METHODS, 'setBroadcast', 'bind']);

/** 224.0.0.0/4 and ff00::/8. */
export function isMulticastAddress(address: string): boolean {
  const v4 = /^(\d{1,3})\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.exec(address);
  if (v4) {
    const first = Number(v4[1]);
    return first >= 224 && first <= 239;
  }
  return /^ff[0-9a-f]{0,2}:/i.test(address);
}

export function markUnknown(flow: Flow, why: string): void {
  flow.unknown ??= why;
}

function staticValue(sourceCode: SourceCode, node: TSESTree.Node): { value: unknown } | undefined {
  return ASTUtils.getStaticValue(node as TSESTree.Expression, sourceCode.getScope(node)) ?? undefined;
}

/** The address a `bind(...)` call binds, as far as it can be known. */
export function inspectAddress(sourceCode: SourceCode, flow: Flow, address: TSESTree.Node | undefined): void {
  if (!address || isFunction(address)) return;
  const known = staticValue(sourceCode, address);
  if (known === undefined) markUnknown(flow, 'it binds an address computed at run time');
  else if (typeof known.value === 'string' && isMulticastAddress(known.value)) flow.receiver = true;
}

function inspectBind(sourceCode: SourceCode, flow: Flow, call: TSESTree.CallExpression): void {
  flow.binds.push(call);
  const [first, second] = call.arguments;
  if (!first || isFunction(first)) return;
  const bare = skipWrappers(first);
  const holder = bare.type === AST_NODE_TYPES.Identifier ? singleValue(bare, sourceCode.getScope(bare)) : undefined;
  if (bare.type === AST_NODE_TYPES.ObjectExpression || holder?.type === AST_NODE_TYPES.ObjectExpression) {
    const lookup = lookupOption(first, 'address', sourceCode.getScope(call));
    if (lookup.unknown) markUnknown(flow, 'it binds an address computed at run time');
    for (const setting of lookup.settings) inspectAddress(sourceCode, flow, setting.value);
    return;
  }
  const looksLikePort =
    staticValue(sourceCode, first) !== undefined ||
    (bare.type === AST_NODE_TYPES.Identifier && /port/i.test(bare.name)) ||
    (bare.type === AST_NODE_TYPES.MemberExpression && /port/i.test(memberKey(bare) ?? ''));
  if (!looksLikePort && (!second || isFunction(second))) {
    markUnknown(flow, 'it binds with options computed at run time');
    return;
  }
  inspectAddress(sourceCode, flow, second);
}

/** A method called on the socket: group membership, broadcast, or a bind. */
export function inspectMethodCall(sourceCode: SourceCode, flow: Flow, name: string, call: TSESTree.CallExpression): void {
  if (MEMBERSHIP_METHODS.has(name)) flow.receiver = true;
  else if (name === 'setBroadcast') {
    const arg = call.arguments[0];
    const known = arg && staticValue(sourceCode, arg);
    if (!known || known.value) flow.receiver = true;
  } else if (name === 'bind') inspectBind(sourceCode, flow, call);
}
