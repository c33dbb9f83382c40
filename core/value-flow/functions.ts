/**
 * Functions of the file as steps of a flow: the calls that run a function (so a parameter holds
 * what those calls pass), the function a callee names, and the values a function returns (so a
 * factory's call holds what it returns). A function that leaves the file (exported, passed on,
 * stored) has calls this file cannot see: `callSites` says so with undefined.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { thisMembersKeyed } from './file-index.js';
import { slotOf } from './slots.js';
import { definitionKey, enclosingClassBody, isExported, isFunction, programOf, skipWrappers, type FunctionNode, type Scope, type Variable } from './syntax.js';
import { ASTUtils } from '@typescript-eslint/utils';

type Call = TSESTree.CallExpression | TSESTree.NewExpression;

/** The variable that names a function declaration or a `const f = () => …`. */
function nameOf(fn: TSESTree.FunctionLike, getScope: (node: TSESTree.Node) => Scope): Variable | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) {
    if (isExported(fn)) return undefined;
    return ASTUtils.findVariable(getScope(fn.parent), fn.id) ?? undefined;
  }
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === fn && parent.id.type === AST_NODE_TYPES.Identifier) {
    if (isExported(parent.parent)) return undefined;
    return ASTUtils.findVariable(getScope(parent), parent.id) ?? undefined;
  }
  return undefined;
}

/** The method definition a function is the value of, if any. */
function methodOf(fn: TSESTree.FunctionLike): TSESTree.MethodDefinition | undefined {
  const parent = fn.parent;
  return parent?.type === AST_NODE_TYPES.MethodDefinition && parent.value === fn ? parent : undefined;
}

/**
 * Every call of `fn` in the file, or undefined when it may also be called from where the file
 * cannot see (exported, passed as a value, stored).
 */
export function callSites(fn: TSESTree.FunctionLike, getScope: (node: TSESTree.Node) => Scope): Call[] | undefined {
  const method = methodOf(fn);
  if (method) {
    const key = definitionKey(method);
    if (method.static || method.kind !== 'method' || key === undefined) return undefined;
    const body = method.parent;
    const calls = thisMembersKeyed(programOf(getScope(fn)), key)
      .filter((member) => slotKey(member) === key && enclosingClassBody(member) === body)
      .map((member) => member.parent);
    if (calls.some((parent) => parent.type !== AST_NODE_TYPES.CallExpression)) return undefined;
    return calls as Call[];
  }
  const variable = nameOf(fn, getScope);
  if (!variable) return undefined;
  const reads = variable.references.filter((ref) => ref.isRead());
  const calls: Call[] = [];
  for (const ref of reads) {
    const parent = ref.identifier.parent;
    if ((parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) && parent.callee === ref.identifier) {
      calls.push(parent);
    } else {
      return undefined;
    }
  }
  return calls;
}

/** The calls of `fn` the file makes, whether or not it is also called from elsewhere. */
export function knownCalls(fn: TSESTree.FunctionLike, getScope: (node: TSESTree.Node) => Scope): Call[] {
  const complete = callSites(fn, getScope);
  if (complete) return complete;
  if (methodOf(fn)) return [];
  let id: TSESTree.Identifier | undefined;
  let at: TSESTree.Node | undefined;
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) {
    id = fn.id;
    at = fn.parent;
  } else if (fn.parent?.type === AST_NODE_TYPES.VariableDeclarator && fn.parent.id.type === AST_NODE_TYPES.Identifier) {
    id = fn.parent.id;
    at = fn.parent;
  }
  const variable = id && at ? ASTUtils.findVariable(getScope(at), id) : undefined;
  if (!variable) return [];
  return variable.references
    .map((ref) => ref.identifier.parent)
    .filter(
      (parent): parent is Call =>
        (parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) &&
        variable.references.some((ref) => ref.identifier === parent.callee),
    );
}

function slotKey(member: TSESTree.MemberExpression): string | undefined {
  if (member.property.type === AST_NODE_TYPES.PrivateIdentifier) return `#${member.property.name}`;
  return member.computed ? undefined : (member.property as TSESTree.Identifier).name;
}

/** The function of this file that a callee names: `f`, `this.method`, `self.method`. */
export function functionOfCallee(callee: TSESTree.Node, scope: Scope): FunctionNode | undefined {
  const bare = skipWrappers(callee);
  if (isFunction(bare)) return bare;
  if (bare.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(scope, bare);
    if (!variable || variable.defs.length !== 1) return undefined;
    const def = variable.defs[0]!;
    if (def.type === 'FunctionName' && isFunction(def.node)) return def.node;
    if (def.type === 'Variable' && def.node.id.type === AST_NODE_TYPES.Identifier) {
      const init = def.node.init && skipWrappers(def.node.init);
      const writes = variable.references.filter((ref) => ref.isWrite());
      if (init && isFunction(init) && writes.length <= 1) return init;
    }
    return undefined;
  }
  if (bare.type === AST_NODE_TYPES.MemberExpression) {
    const slot = slotOf(bare, scope);
    if (slot?.kind !== 'field' || slot.owner.type !== AST_NODE_TYPES.ClassBody) return undefined;
    for (const member of slot.owner.body) {
      // An overload signature (`get(i: number): T;`) has no body: the implementation follows it.
      if (member.type === AST_NODE_TYPES.MethodDefinition && !member.static && member.kind === 'method' && member.value.body && definitionKey(member) === slot.key) {
        return member.value as FunctionNode;
      }
    }
  }
  return undefined;
}

const returns = new WeakMap<FunctionNode, TSESTree.Expression[]>();

/** The expressions a function returns (its own `return`s, or an arrow's expression body). */
export function returnedValues(fn: FunctionNode): TSESTree.Expression[] {
  let values = returns.get(fn);
  if (!values) {
    values = collectReturns(fn);
    returns.set(fn, values);
  }
  return values;
}

function collectReturns(fn: FunctionNode): TSESTree.Expression[] {
  // `declare function f(): T;` and overload signatures: no body, nothing returned here.
  if (!fn.body) return [];
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
  const values: TSESTree.Expression[] = [];
  const visit = (node: TSESTree.Node) => {
    if (node.type === AST_NODE_TYPES.ReturnStatement) {
      if (node.argument) values.push(node.argument);
      return;
    }
    if (isFunction(node) || node.type === AST_NODE_TYPES.ClassBody) return;
    for (const key in node) {
      if (key === 'parent') continue;
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const item of value) if (item && typeof (item as TSESTree.Node).type === 'string') visit(item as TSESTree.Node);
      } else if (value && typeof (value as TSESTree.Node).type === 'string' && key !== 'loc' && key !== 'range') {
        visit(value as TSESTree.Node);
      }
    }
  };
  for (const statement of fn.body.body) visit(statement);
  return values;
}

/** The index of a parameter in its function, when it is a plain (possibly defaulted) name. */
export function parameterIndex(fn: TSESTree.FunctionLike, name: TSESTree.Node): number {
  return fn.params.findIndex(
    (param) => param === name || (param.type === AST_NODE_TYPES.AssignmentPattern && param.left === name),
  );
}
