/**
 * "Where does this object go?": follows a value forward from the expression that makes it (a
 * socket, a server) through the file, and lists every method called on it. Followed: variables
 * and aliases, fields (`this.socket = …`, class field initialisers, `#private`), properties of a
 * module-level object, keyed collections (`this.sockets[k] = s`, `map.set(k, s)` then `get`),
 * arguments of a function of the file (into its parameter), values returned from a function or
 * method of the file (to its calls), and methods that return their receiver (`s.on(…).bind()`).
 * Where the value leaves what the file can see (exported, passed to another module's function,
 * destructured), `escape` says why, in words a message can use.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { ADD_METHODS, entryReaders } from './collections.js';
import { fileIndex } from './file-index.js';
import { callSites, functionOfCallee, parameterIndex } from './functions.js';
import { RECEIVER_RETURNING_METHODS } from './origins.js';
import { collectionReferences, holderOf, objectLeaves, slotOf, slotReads, type Slot } from './slots.js';
import {
  enclosingFunction,
  isExported,
  memberKey,
  skipWrappers,
  valueParent,
  type FunctionNode,
  type SourceCode,
  type Variable,
} from './syntax.js';

export interface MethodUse {
  readonly name: string;
  readonly call: TSESTree.CallExpression;
  /**
   * `outside`: called on the field that holds the value from outside its class
   * (`responder.socket.addMembership()`), so only the key says it is the same value.
   */
  readonly outside: boolean;
}

export interface Uses {
  /** Every method called on the value, in the order found. */
  readonly methods: MethodUse[];
  /** Why the value's fate is not all known (the first reason found), or undefined. */
  escape: string | undefined;
  /** Every expression found to hold the value. */
  readonly holders: TSESTree.Node[];
}

export interface FollowOptions {
  /** Methods that return their receiver; default: EventEmitter's and handles' (RECEIVER_RETURNING_METHODS). */
  readonly chainable?: ReadonlySet<string>;
  /** Method names worth listing when called on a field from outside its class. */
  readonly outsideMethods?: ReadonlySet<string>;
}

/** `name()` for a short callee, `a function` otherwise: for the reason a value is not followed. */
export function calleeText(call: TSESTree.CallExpression | TSESTree.NewExpression, source: string): string {
  const callee = skipWrappers(call.callee);
  const text = source.slice(callee.range[0], callee.range[1]);
  return text.length > 40 || text.includes('\n') ? 'a function' : `${text}()`;
}

/** The calls whose value is what `fn` returns, and why that is not all of them (if it may not be). */
function returnSites(sourceCode: SourceCode, fn: FunctionNode): { unknown: string | undefined; sites: TSESTree.Node[] } {
  const parent = fn.parent;
  const getScope = (node: TSESTree.Node) => sourceCode.getScope(node);
  if (parent?.type === AST_NODE_TYPES.MethodDefinition && parent.value === fn) {
    const key = parent.key.type === AST_NODE_TYPES.PrivateIdentifier ? `#${parent.key.name}` : ASTUtils.getPropertyName(parent);
    const sites = callSites(fn, getScope);
    if (!sites || sites.length === 0) return { unknown: `it is returned from the method ${key ?? ''}()`, sites: [] };
    return { unknown: undefined, sites };
  }
  let name: string | undefined;
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) name = fn.id.name;
  else if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) name = parent.id.name;
  if (name === undefined) return { unknown: 'it is returned from a function this file does not follow', sites: [] };
  const exported = fn.type === AST_NODE_TYPES.FunctionDeclaration ? isExported(fn) : parent?.parent && isExported(parent.parent);
  if (exported) return { unknown: `it is returned from the exported function ${name}()`, sites: [] };
  const sites = callSites(fn, getScope);
  if (!sites || sites.length === 0) return { unknown: `it is returned from ${name}(), which is used outside this file`, sites: sites ?? [] };
  return { unknown: undefined, sites };
}

/** Follows the value made at `start` through the file (see the file comment). */
export function followUses(sourceCode: SourceCode, start: TSESTree.Node, options: FollowOptions = {}): Uses {
  const chainable = options.chainable ?? RECEIVER_RETURNING_METHODS;
  const source = sourceCode.text;
  const getScope = (node: TSESTree.Node) => sourceCode.getScope(node);
  const uses: Uses = { methods: [], escape: undefined, holders: [] };
  const seenVariables = new Set<Variable>();
  const seenSlots = new Set<string>();
  const seenFunctions = new Set<TSESTree.Node>();
  const escape = (why: string) => {
    uses.escape ??= why;
  };

  function followValue(node: TSESTree.Node): void {
    uses.holders.push(node);
    const { child, parent } = valueParent(node);
    if (!parent) return;
    switch (parent.type) {
      case AST_NODE_TYPES.ExpressionStatement:
        return;
      case AST_NODE_TYPES.VariableDeclarator:
        if (parent.init === child && parent.id.type === AST_NODE_TYPES.Identifier) {
          if (isExported(parent.parent)) escape('it is exported');
          for (const variable of sourceCode.getDeclaredVariables(parent)) followVariable(variable);
        } else escape('it is destructured');
        return;
      case AST_NODE_TYPES.AssignmentExpression: {
        if (parent.right !== child || parent.operator !== '=') return;
        const left = parent.left;
        if (left.type === AST_NODE_TYPES.Identifier) {
          const variable = ASTUtils.findVariable(getScope(left), left);
          if (variable && variable.defs.length > 0) followVariable(variable);
          else escape(`it is stored in the global ${left.name}`);
        } else if (left.type === AST_NODE_TYPES.MemberExpression) {
          const slot = slotOf(left, getScope(left));
          if (slot && objectLeaves(slot)) escape('it is stored on an object this file does not follow');
          else if (slot) followSlot(slot);
          else if (left.object.type === AST_NODE_TYPES.ThisExpression) escape('it is stored under a computed key');
          else escape('it is stored on an object this file does not follow');
        } else {
          escape('it is stored on an object this file does not follow');
        }
        return;
      }
      case AST_NODE_TYPES.PropertyDefinition: {
        if (parent.value !== child || parent.static || parent.computed) return;
        const key =
          parent.key.type === AST_NODE_TYPES.PrivateIdentifier ? `#${parent.key.name}` : (ASTUtils.getPropertyName(parent) ?? undefined);
        if (key === undefined) escape('it is stored under a computed key');
        else followSlot({ kind: 'field', id: `field:${parent.parent.range[0]}:${key}`, owner: parent.parent, key });
        return;
      }
      case AST_NODE_TYPES.MemberExpression: {
        if (parent.object !== child) return;
        const name = memberKey(parent);
        const call = parent.parent;
        if (name !== undefined && call?.type === AST_NODE_TYPES.CallExpression && call.callee === parent) {
          uses.methods.push({ name, call, outside: false });
          if (chainable.has(name)) followValue(call);
        }
        return;
      }
      case AST_NODE_TYPES.ReturnStatement: {
        const fn = enclosingFunction(parent);
        if (fn) followReturn(fn);
        else escape('it is returned');
        return;
      }
      case AST_NODE_TYPES.ArrowFunctionExpression:
        if (parent.body === child) followReturn(parent);
        return;
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression:
        if (parent.callee !== child) followArgument(parent, child);
        return;
      case AST_NODE_TYPES.Property:
        // `{ server }` in a module-level object literal is a property slot; anything else leaves.
        if (parent.value === child && parent.parent.type === AST_NODE_TYPES.ObjectExpression) {
          const holder = parent.parent.parent;
          if (holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.init === parent.parent && holder.id.type === AST_NODE_TYPES.Identifier) {
            const variable = sourceCode.getDeclaredVariables(holder)[0];
            const key = ASTUtils.getPropertyName(parent);
            const slot: Slot | undefined =
              variable && key != null ? { kind: 'property', id: `prop:${variable.defs[0]!.name.range[0]}:${key}`, variable, object: parent.parent, key } : undefined;
            if (slot && !objectLeaves(slot)) {
              followSlot(slot);
              return;
            }
          }
        }
        escape('it is stored on an object this file does not follow');
        return;
      case AST_NODE_TYPES.ForOfStatement:
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.BinaryExpression:
      case AST_NODE_TYPES.UnaryExpression:
      case AST_NODE_TYPES.TemplateLiteral:
        // Iterating a Deno DatagramConn, testing or printing the value: it stays here.
        return;
      case AST_NODE_TYPES.ArrayExpression:
        escape('it is stored on an object this file does not follow');
        return;
      default:
        escape('it is used in a way this file does not follow');
    }
  }

  /** Passed to a function: `map.set(k, value)`, or a function of the file (into its parameter). */
  function followArgument(call: TSESTree.CallExpression | TSESTree.NewExpression, argument: TSESTree.Node): void {
    const callee = skipWrappers(call.callee);
    const index = call.arguments.indexOf(argument as TSESTree.CallExpressionArgument);
    if (call.type === AST_NODE_TYPES.CallExpression && callee.type === AST_NODE_TYPES.MemberExpression && ADD_METHODS.get(memberKey(callee) ?? '') === index) {
      const collection = holderOf(callee.object, getScope(call));
      if (collection) {
        followSlot({ kind: 'entries', id: `entries:${collection.id}`, collection });
        return;
      }
    }
    const fn = functionOfCallee(callee, getScope(call));
    const param = fn && index >= 0 ? fn.params[index] : undefined;
    const name = param?.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
    if (fn && name?.type === AST_NODE_TYPES.Identifier && parameterIndex(fn, name) === index) {
      const variable = sourceCode.getDeclaredVariables(fn).find((v) => v.name === name.name);
      if (variable) {
        followVariable(variable);
        return;
      }
    }
    escape(`it is passed to ${calleeText(call, source)}`);
  }

  function followVariable(variable: Variable): void {
    if (seenVariables.has(variable)) return;
    seenVariables.add(variable);
    for (const reference of variable.references) {
      if (reference.isRead()) followValue(reference.identifier);
    }
  }

  function followSlot(slot: Slot): void {
    if (seenSlots.has(slot.id)) return;
    seenSlots.add(slot.id);
    for (const read of slotReads(slot, sourceCode.ast, getScope)) followValue(read);
    if (slot.kind === 'entries') {
      // Iterations over the collection, and uses that hand its entries on (collections.ts).
      const readers = entryReaders(sourceCode, slot.collection, collectionReferences(slot.collection, sourceCode.ast, getScope));
      for (const variable of readers.variables) followVariable(variable);
      if (readers.escape !== undefined) escape(readers.escape);
    }
    if (slot.kind === 'field' && options.outsideMethods) {
      // `responder.socket.addMembership()` from outside the class: only the key says it is ours.
      for (const call of fileIndex(sourceCode.ast).memberCalls) {
        const callee = call.callee as TSESTree.MemberExpression;
        const name = memberKey(callee);
        if (name === undefined || !options.outsideMethods.has(name)) continue;
        const object = skipWrappers(callee.object);
        if (object.type !== AST_NODE_TYPES.MemberExpression || object.object.type === AST_NODE_TYPES.ThisExpression) continue;
        if (memberKey(object) === slot.key && slotOf(object, getScope(object))?.id !== slot.id) {
          uses.methods.push({ name, call, outside: true });
        }
      }
    }
  }

  /** The value is returned from `fn`: follow the results of the calls of `fn` in this file. */
  function followReturn(fn: FunctionNode): void {
    if (seenFunctions.has(fn)) return;
    seenFunctions.add(fn);
    const { unknown, sites } = returnSites(sourceCode, fn);
    if (unknown !== undefined) escape(unknown);
    for (const site of sites) followValue(site);
  }

  followValue(start);
  return uses;
}
