/**
 * Follows a datagram socket through the file, from the call that creates it: variables, aliases,
 * `this.field`, the result of a local function or method that returns it, and methods that return
 * the socket itself. Each use is inspected for receiver evidence (evidence.ts); a use the file
 * cannot follow (passed away, exported, destructured) records why the socket's fate is unknown.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { lookupOption } from '../options.js';
import type { SocketCall } from '../socket-calls.js';
import { CHAINABLE_METHODS, inspectAddress, inspectMethodCall, markUnknown, type Flow } from './evidence.js';
import { fieldUses, returnSites, type StoredUses } from './stored.js';
import { calleeText, enclosingFunction, isExported, memberKey, valueParent, type SourceCode, type Variable } from './syntax.js';

/** A function that follows the socket a call creates and returns what it found. */
export function socketFollower(sourceCode: SourceCode, uses: StoredUses): (call: SocketCall) => Flow {
  const source = sourceCode.text;

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
          const variable = ASTUtils.findVariable(sourceCode.getScope(left), left);
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
          inspectMethodCall(sourceCode, flow, name, call);
          if (CHAINABLE_METHODS.has(name)) {
            // `function` listeners and bind callbacks run with `this` set to the socket.
            for (const arg of call.arguments) {
              if (arg.type === AST_NODE_TYPES.FunctionExpression) inspectThisCalls(flow, arg.body);
            }
            followValue(flow, call);
          }
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

  /** `this.addMembership(...)` and the like in a function whose `this` is the socket. */
  function inspectThisCalls(flow: Flow, node: TSESTree.Node): void {
    if (node.type === AST_NODE_TYPES.FunctionExpression || node.type === AST_NODE_TYPES.FunctionDeclaration) return;
    if (
      node.type === AST_NODE_TYPES.CallExpression &&
      node.callee.type === AST_NODE_TYPES.MemberExpression &&
      node.callee.object.type === AST_NODE_TYPES.ThisExpression
    ) {
      const name = memberKey(node.callee);
      if (name !== undefined) inspectMethodCall(sourceCode, flow, name, node);
    }
    for (const key of sourceCode.visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (item && typeof item === 'object' && 'type' in item) inspectThisCalls(flow, item as TSESTree.Node);
      }
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
    const field = fieldUses(sourceCode, uses, key, at);
    if (flow.fields.has(field.id)) return;
    flow.fields.add(field.id);
    for (const member of field.reads) followValue(flow, member);
    for (const call of field.outside) {
      inspectMethodCall(sourceCode, flow, memberKey(call.callee as TSESTree.MemberExpression)!, call);
    }
  }

  /** The socket is returned from `fn`: follow the results of the calls of `fn` in this file. */
  function followReturn(flow: Flow, fn: TSESTree.FunctionLike): void {
    if (flow.functions.has(fn)) return;
    flow.functions.add(fn);
    const { unknown, sites } = returnSites(sourceCode, uses, fn);
    if (unknown !== undefined) markUnknown(flow, unknown);
    for (const site of sites) followValue(flow, site);
  }

  return (call) => {
    const flow: Flow = { receiver: false, binds: [], unknown: undefined, variables: new Set(), fields: new Set(), functions: new Set() };
    if (call.api.id === 'deno:listenDatagram') {
      // Deno binds at the call: its `hostname` is the bound address.
      const hostname = lookupOption(call.options, 'hostname', sourceCode.getScope(call.node));
      if (hostname.unknown) markUnknown(flow, 'it binds an address computed at run time');
      for (const setting of hostname.settings) inspectAddress(sourceCode, flow, setting.value);
    }
    followValue(flow, call.node);
    return flow;
  };
}
