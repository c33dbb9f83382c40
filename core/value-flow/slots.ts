/**
 * Slots: the places a value is kept and read back from, other than a plain variable. A field of a
 * class (`this.server`, `this.#server`, `self.server` after `const self = this`), a property of a
 * module-level object (`app.server` for `const app = { server: … }`), and the entries of a keyed
 * collection (`this.sockets[iface] = s`, `sockets.set(iface, s)` / `sockets.get(iface)`).
 *
 * A slot answers two questions: which expressions write it (what can be read back), and which
 * expressions read it (where a stored value goes next).
 */
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { ADD_METHODS } from './collections.js';
import { fileIndex, memberCallsNamed } from './file-index.js';
import {
  definitionKey,
  enclosingClassBody,
  isExported,
  memberKey,
  programOf,
  skipWrappers,
  type Scope,
  type Variable,
} from './syntax.js';

export type Slot =
  | { readonly kind: 'field'; readonly id: string; readonly owner: TSESTree.ClassBody | TSESTree.Program; readonly key: string }
  | { readonly kind: 'property'; readonly id: string; readonly variable: Variable; readonly object: TSESTree.ObjectExpression; readonly key: string }
  | { readonly kind: 'entries'; readonly id: string; readonly collection: Holder };

/** What holds a collection: a variable or another slot. */
export type Holder = { readonly kind: 'variable'; readonly id: string; readonly variable: Variable } | Slot;

/** Methods of a keyed collection that read back one entry (collections.ts has the ones that store). */
const READ_METHODS = new Set(['get']);

/** The value a const-like variable always holds: its only write, when there is one. */
export function onlyWrite(variable: Variable): TSESTree.Expression | undefined {
  if (variable.defs.length !== 1) return undefined;
  const def = variable.defs[0]!;
  if (def.type !== 'Variable' || def.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  const writes = variable.references.filter((ref) => ref.isWrite());
  if (writes.length !== 1) return undefined;
  return (writes[0]!.writeExpr as TSESTree.Expression | null) ?? undefined;
}

/** The class (or the file, outside classes) whose instance `this` / `self` stands for. */
function thisOwner(node: TSESTree.Node, scope: Scope, depth = 0): TSESTree.ClassBody | TSESTree.Program | undefined {
  const bare = skipWrappers(node);
  if (bare.type === AST_NODE_TYPES.ThisExpression) return enclosingClassBody(bare) ?? programOf(scope);
  if (bare.type === AST_NODE_TYPES.Identifier && depth < 2) {
    const variable = ASTUtils.findVariable(scope, bare);
    const value = variable && onlyWrite(variable);
    if (value && skipWrappers(value).type === AST_NODE_TYPES.ThisExpression) return thisOwner(value, scope, depth + 1);
  }
  return undefined;
}

/** What holds the object of a member expression: a variable, a field or a property. */
export function holderOf(node: TSESTree.Node, scope: Scope): Holder | undefined {
  const bare = skipWrappers(node);
  if (bare.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(scope, bare);
    if (!variable || variable.defs.length === 0) return undefined;
    if (thisOwner(bare, scope)) return undefined;
    return { kind: 'variable', id: `var:${variable.defs[0]!.name.range[0]}`, variable };
  }
  if (bare.type === AST_NODE_TYPES.MemberExpression) return slotOf(bare, scope);
  return undefined;
}

/** The slot a member expression (or a collection's `get(k)` call) reads or writes. */
export function slotOf(node: TSESTree.Node, scope: Scope): Slot | undefined {
  const bare = skipWrappers(node);
  if (bare.type === AST_NODE_TYPES.CallExpression) {
    const callee = skipWrappers(bare.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || !READ_METHODS.has(memberKey(callee) ?? '')) return undefined;
    const collection = holderOf(callee.object, scope);
    return collection && entries(collection);
  }
  if (bare.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const key = memberKey(bare, scope);
  if (key === undefined) {
    if (!bare.computed) return undefined;
    const collection = holderOf(bare.object, scope);
    return collection && entries(collection);
  }
  const owner = thisOwner(bare.object, scope);
  if (owner) return { kind: 'field', id: `field:${owner.range[0]}:${key}`, owner, key };
  const object = skipWrappers(bare.object);
  if (object.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(scope, object);
  const value = variable && onlyWrite(variable);
  const literal = value && skipWrappers(value);
  if (!variable || literal?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  return { kind: 'property', id: `prop:${variable.defs[0]!.name.range[0]}:${key}`, variable, object: literal, key };
}

/**
 * Whether the object behind a property slot is seen where the file cannot follow it: exported,
 * or used other than by reading and writing its properties (passed on, returned, stored).
 */
export function objectLeaves(slot: Slot): boolean {
  if (slot.kind !== 'property') return false;
  const def = slot.variable.defs[0]!;
  if (def.parent && isExported(def.parent)) return true;
  return slot.variable.references.some((ref) => {
    if (ref.init) return false;
    const parent = ref.identifier.parent;
    return !(parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === ref.identifier);
  });
}

function entries(collection: Holder): Slot {
  return { kind: 'entries', id: `entries:${collection.id}`, collection };
}

function sameHolder(node: TSESTree.Node, holder: Holder, scope: Scope): boolean {
  return holderOf(node, scope)?.id === holder.id;
}

export interface SlotWrites {
  /** The expressions stored into the slot. */
  readonly values: readonly TSESTree.Expression[];
  /** Whether the slot may also be written where this file cannot see (an exported object). */
  readonly open: boolean;
}

/** Everything the file stores into a slot. `getScope` gives the scope of a node. */
const writesCache = new WeakMap<TSESTree.Program, Map<string, SlotWrites>>();

export function slotWrites(slot: Slot, program: TSESTree.Program, getScope: (node: TSESTree.Node) => Scope): SlotWrites {
  let cache = writesCache.get(program);
  if (!cache) writesCache.set(program, (cache = new Map()));
  let result = cache.get(slot.id);
  if (!result) {
    result = collectWrites(slot, program, getScope);
    cache.set(slot.id, result);
  }
  return result;
}

/**
 * Whether a member expression can be the slot at all, from its syntax alone: `a.other` is never
 * the slot of key `name`, and `a.name` never a collection entry. Large files have thousands of
 * members, and the exact check needs their scope.
 */
function mayNameSlot(member: TSESTree.MemberExpression, slot: Slot): boolean {
  const plainName = !member.computed && member.property.type === AST_NODE_TYPES.Identifier ? member.property.name : undefined;
  if (slot.kind === 'entries') return plainName === undefined;
  return plainName === undefined || plainName === slot.key;
}

interface Stores {
  /** `a.key = v` (also `??=`, `||=`) by key. */
  readonly byKey: ReadonlyMap<string, readonly TSESTree.AssignmentExpression[]>;
  /** `a[expr] = v` and private names: their slot needs the scope. */
  readonly computed: readonly TSESTree.AssignmentExpression[];
}

const storesCache = new WeakMap<TSESTree.Program, Stores>();

/** The file's stores into members, grouped by key once per file. */
function storesByKey(program: TSESTree.Program): Stores {
  const cached = storesCache.get(program);
  if (cached) return cached;
  const byKey = new Map<string, TSESTree.AssignmentExpression[]>();
  const computed: TSESTree.AssignmentExpression[] = [];
  for (const assignment of fileIndex(program).memberAssignments) {
    if (assignment.operator !== '=' && assignment.operator !== '??=' && assignment.operator !== '||=') continue;
    const left = assignment.left as TSESTree.MemberExpression;
    if (left.computed || left.property.type !== AST_NODE_TYPES.Identifier) computed.push(assignment);
    else if (byKey.has(left.property.name)) byKey.get(left.property.name)!.push(assignment);
    else byKey.set(left.property.name, [assignment]);
  }
  const stores = { byKey, computed };
  storesCache.set(program, stores);
  return stores;
}

function collectWrites(slot: Slot, program: TSESTree.Program, getScope: (node: TSESTree.Node) => Scope): SlotWrites {
  const values: TSESTree.Expression[] = [];
  let open = false;
  if (slot.kind === 'field' && slot.owner.type === AST_NODE_TYPES.ClassBody) {
    for (const member of slot.owner.body) {
      if (member.type === AST_NODE_TYPES.PropertyDefinition && !member.static && definitionKey(member) === slot.key && member.value) {
        values.push(member.value);
      }
      // `constructor(private server = …)`: a TS parameter property.
      if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor') {
        for (const param of member.value.params) {
          if (param.type === AST_NODE_TYPES.TSParameterProperty) {
            const inner = param.parameter;
            const name = inner.type === AST_NODE_TYPES.AssignmentPattern ? inner.left : inner;
            if (name.type === AST_NODE_TYPES.Identifier && name.name === slot.key) open = true;
          }
        }
      }
    }
  }
  if (slot.kind === 'property') {
    for (const property of slot.object.properties) {
      if (property.type === AST_NODE_TYPES.SpreadElement) open = true;
      else if (definitionKey(property) === slot.key) values.push(property.value as TSESTree.Expression);
    }
    if (objectLeaves(slot)) open = true;
  }
  const stores = storesByKey(program);
  const candidates = slot.kind === 'entries' ? stores.computed : [...(stores.byKey.get(slot.key) ?? []), ...stores.computed];
  for (const assignment of candidates) {
    const left = assignment.left as TSESTree.MemberExpression;
    if (slotOf(left, getScope(assignment))?.id === slot.id) values.push(assignment.right);
  }
  if (slot.kind === 'entries') {
    const adds = [...ADD_METHODS.keys()].flatMap((method) => memberCallsNamed(program, method)).sort((a, b) => a.range[0] - b.range[0]);
    for (const call of adds) {
      const value = call.arguments[ADD_METHODS.get(memberKey(call.callee as TSESTree.MemberExpression) ?? '')!];
      if (!value || value.type === AST_NODE_TYPES.SpreadElement) continue;
      if (sameHolder((call.callee as TSESTree.MemberExpression).object, slot.collection, getScope(call))) values.push(value);
    }
  }
  return { values, open };
}

/** The expressions that read a slot back: `this.key`, `obj.key`, `this.sockets[k]`, `map.get(k)`. */
export function slotReads(slot: Slot, program: TSESTree.Program, getScope: (node: TSESTree.Node) => Scope): TSESTree.Expression[] {
  const index = fileIndex(program);
  const reads: TSESTree.Expression[] = [];
  const isWriteTarget = (member: TSESTree.MemberExpression) =>
    member.parent.type === AST_NODE_TYPES.AssignmentExpression && member.parent.left === member;
  if (slot.kind === 'field') {
    // `this.key`, and `self.key` after `const self = this`.
    const candidates = [...index.thisMembers, ...index.members.filter((m) => m.object.type === AST_NODE_TYPES.Identifier)];
    for (const member of candidates) {
      if (mayNameSlot(member, slot) && !isWriteTarget(member) && slotOf(member, getScope(member))?.id === slot.id) reads.push(member);
    }
  } else if (slot.kind === 'property') {
    for (const ref of slot.variable.references) {
      const member = ref.identifier.parent;
      if (member?.type === AST_NODE_TYPES.MemberExpression && member.object === ref.identifier && !isWriteTarget(member)) {
        if (slotOf(member, getScope(member))?.id === slot.id) reads.push(member);
      }
    }
  } else {
    for (const method of READ_METHODS) {
      for (const call of memberCallsNamed(program, method)) {
        if (sameHolder((call.callee as TSESTree.MemberExpression).object, slot.collection, getScope(call))) reads.push(call);
      }
    }
    for (const member of [...index.thisMembers, ...index.members]) {
      if (member.computed && !isWriteTarget(member) && slotOf(member, getScope(member))?.id === slot.id) reads.push(member);
    }
  }
  return reads;
}

/** The expressions that refer to a collection: its variable's reads, or its slot's reads. */
export function collectionReferences(holder: Holder, program: TSESTree.Program, getScope: (node: TSESTree.Node) => Scope): TSESTree.Node[] {
  if (holder.kind === 'variable') return holder.variable.references.filter((ref) => ref.isRead()).map((ref) => ref.identifier);
  return slotReads(holder, program, getScope);
}
