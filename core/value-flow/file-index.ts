/**
 * The places in a file where values are stored and read back through an object: `this.x` reads
 * and writes, `obj.key = value` assignments, and method calls on a member (`map.set(k, v)`,
 * `owner.socket.addMembership()`). Built once per file, and only when a flow needs it: most
 * files never get this far.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';

export interface FileIndex {
  /** Every `this.x` (and `this[x]`). */
  readonly thisMembers: readonly TSESTree.MemberExpression[];
  /** Every `a.b = value` / `a[b] = value`. */
  readonly memberAssignments: readonly TSESTree.AssignmentExpression[];
  /** Every call whose callee is a member: `a.b(...)`. */
  readonly memberCalls: readonly TSESTree.CallExpression[];
  /** Every other member expression (`self.x`, `sockets[k]`, `a.b.c`). */
  readonly members: readonly TSESTree.MemberExpression[];
}

const indexes = new WeakMap<TSESTree.Program, FileIndex>();

const SKIPPED_KEYS = new Set(['parent', 'loc', 'range', 'tokens', 'comments', 'typeAnnotation', 'returnType', 'typeArguments', 'typeParameters']);

export function fileIndex(program: TSESTree.Program): FileIndex {
  const cached = indexes.get(program);
  if (cached) return cached;
  const thisMembers: TSESTree.MemberExpression[] = [];
  const memberAssignments: TSESTree.AssignmentExpression[] = [];
  const memberCalls: TSESTree.CallExpression[] = [];
  const members: TSESTree.MemberExpression[] = [];
  const stack: TSESTree.Node[] = [program];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === AST_NODE_TYPES.MemberExpression) {
      if (node.object.type === AST_NODE_TYPES.ThisExpression) thisMembers.push(node);
      else members.push(node);
    } else if (node.type === AST_NODE_TYPES.AssignmentExpression && node.left.type === AST_NODE_TYPES.MemberExpression) {
      memberAssignments.push(node);
    } else if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression) {
      memberCalls.push(node);
    }
    for (const key in node) {
      if (SKIPPED_KEYS.has(key)) continue;
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) {
          const item = value[i] as TSESTree.Node | null;
          if (item && typeof item.type === 'string') stack.push(item);
        }
      } else if (value && typeof (value as TSESTree.Node).type === 'string') {
        stack.push(value as TSESTree.Node);
      }
    }
  }
  // Source order, which the stack walk does not keep for every shape.
  const byStart = (a: TSESTree.Node, b: TSESTree.Node) => a.range[0] - b.range[0];
  const index: FileIndex = {
    thisMembers: thisMembers.sort(byStart),
    memberAssignments: memberAssignments.sort(byStart),
    memberCalls: memberCalls.sort(byStart),
    members: members.sort(byStart),
  };
  indexes.set(program, index);
  return index;
}

/** Groups nodes by a key once per file and list: large files ask about thousands of names. */
function grouped<T extends TSESTree.Node>(
  cache: WeakMap<TSESTree.Program, Map<string, T[]>>,
  program: TSESTree.Program,
  nodes: readonly T[],
  keyOf: (node: T) => string | undefined,
): Map<string, T[]> {
  let groups = cache.get(program);
  if (groups) return groups;
  groups = new Map();
  for (const node of nodes) {
    const key = keyOf(node) ?? '';
    const list = groups.get(key);
    if (list) list.push(node);
    else groups.set(key, [node]);
  }
  cache.set(program, groups);
  return groups;
}

/** The key a member names without a scope (`#b` for a private name); '' when it is computed. */
function writtenKey(member: TSESTree.MemberExpression): string | undefined {
  if (member.property.type === AST_NODE_TYPES.PrivateIdentifier) return `#${member.property.name}`;
  return ASTUtils.getPropertyName(member) ?? undefined;
}

const callsByName = new WeakMap<TSESTree.Program, Map<string, TSESTree.CallExpression[]>>();
const thisByKey = new WeakMap<TSESTree.Program, Map<string, TSESTree.MemberExpression[]>>();

/** The member calls `a.name(…)` / `a['name'](…)` of the file (source order). */
export function memberCallsNamed(program: TSESTree.Program, name: string): readonly TSESTree.CallExpression[] {
  const groups = grouped(callsByName, program, fileIndex(program).memberCalls, (call) => writtenKey(call.callee as TSESTree.MemberExpression));
  return groups.get(name) ?? [];
}

/** The file's `this.key` / `this.#key` members (source order). */
export function thisMembersKeyed(program: TSESTree.Program, key: string): readonly TSESTree.MemberExpression[] {
  return grouped(thisByKey, program, fileIndex(program).thisMembers, writtenKey).get(key) ?? [];
}
