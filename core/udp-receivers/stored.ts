/**
 * Where a socket is read again after it is stored in a class field (`this.socket = …`) or returned
 * from a function or method: the `this.key` reads in the same class, the key's evidence calls from
 * outside it, and the call sites that receive the return value. A function that is exported, or
 * called from where this file cannot see, gives the reason the socket's fate is unknown.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { skipWrappers } from '../tracking.js';
import { isExported, memberKey, type SourceCode, type Variable } from './syntax.js';

/** The expressions in the file that refer to the socket through a field or a return value. */
export interface StoredUses {
  /** Every `this.x` in the file. */
  readonly thisMembers: readonly TSESTree.MemberExpression[];
  /** `anything.x.addMembership(...)` and the like: evidence for a field used from outside its class. */
  readonly memberEvidence: readonly TSESTree.CallExpression[];
}

export interface FieldUses {
  /** The field, as its class (or the file) and key. */
  readonly id: string;
  /** Reads of `this.key` in the class that holds the store (or anywhere outside a class). */
  readonly reads: TSESTree.MemberExpression[];
  /** `responder.socket.addMembership(...)` from outside the class. */
  readonly outside: TSESTree.CallExpression[];
}

/** `this.key` in the class that holds `at` (or anywhere in the file outside a class). */
export function fieldUses(sourceCode: SourceCode, uses: StoredUses, key: string, at: TSESTree.Node): FieldUses {
  let container: TSESTree.Node = sourceCode.ast;
  for (let current = at.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassBody) {
      container = current;
      break;
    }
  }
  const reads = uses.thisMembers.filter((member) => {
    if (member.range[0] < container.range[0] || member.range[1] > container.range[1]) return false;
    if (memberKey(member) !== key) return false;
    const parent = member.parent;
    return !(parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === member);
  });
  const outside = uses.memberEvidence.filter((call) => {
    const callee = call.callee as TSESTree.MemberExpression;
    const object = skipWrappers(callee.object);
    if (object.type !== AST_NODE_TYPES.MemberExpression || object.object.type === AST_NODE_TYPES.ThisExpression) return false;
    return memberKey(object) === key;
  });
  return { id: `${container.range[0]}:${key}`, reads, outside };
}

/** The calls whose value is what `fn` returns, and why that is not all of them (if it may not be). */
export function returnSites(
  sourceCode: SourceCode,
  uses: StoredUses,
  fn: TSESTree.FunctionLike,
): { unknown: string | undefined; sites: TSESTree.Node[] } {
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.MethodDefinition && parent.value === fn) {
    const key = parent.key.type === AST_NODE_TYPES.PrivateIdentifier ? `#${parent.key.name}` : ASTUtils.getPropertyName(parent);
    const body = parent.parent;
    const calls = uses.thisMembers.filter(
      (m) =>
        m.range[0] >= body.range[0] &&
        m.range[1] <= body.range[1] &&
        memberKey(m) === key &&
        m.parent.type === AST_NODE_TYPES.CallExpression &&
        m.parent.callee === m,
    );
    if (parent.static || calls.length === 0) {
      return { unknown: `it is returned from the method ${key ?? ''}()`, sites: [] };
    }
    return { unknown: undefined, sites: calls.map((use) => use.parent) };
  }
  let variable: Variable | undefined;
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) {
    if (isExported(fn)) {
      return { unknown: `it is returned from the exported function ${fn.id.name}()`, sites: [] };
    }
    variable = sourceCode.getDeclaredVariables(fn).find((v) => v.name === fn.id!.name);
  } else if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) {
    if (isExported(parent.parent)) {
      return { unknown: `it is returned from the exported function ${parent.id.name}()`, sites: [] };
    }
    variable = sourceCode.getDeclaredVariables(parent)[0];
  }
  if (!variable) {
    return { unknown: 'it is returned from a function this file does not follow', sites: [] };
  }
  const reads = variable.references.filter((r) => r.isRead());
  const callers = reads.filter(
    (r) => r.identifier.parent.type === AST_NODE_TYPES.CallExpression && r.identifier.parent.callee === r.identifier,
  );
  const unknown =
    callers.length === 0 || callers.length !== reads.length
      ? `it is returned from ${variable.name}(), which is used outside this file`
      : undefined;
  return { unknown, sites: callers.map((caller) => caller.identifier.parent) };
}
