/**
 * Hand-written "is this port free?" checks: a function that binds its port parameter, closes the
 * server and answers true or false. Asked once about a fixed port, such a check picks nothing (a
 * wrong answer makes the real bind fail loudly); called in a loop that tries candidate ports and
 * hands one out, it is a port finder written by hand, like a package's check API in a loop.
 *
 * The bind and the close may be wrapped in small helpers of the same file: `listen(server, port)`
 * (a function that binds its server parameter on its port parameter) and `closeServer(server)`
 * (one that closes its parameter).
 */
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { skipWrappers } from '../value-flow/index.js';
import { picksInLoop } from './finders.js';
import { outputsWithin } from './outputs.js';
import { PROBE_WORDS, type ProbeBind } from './probes.js';
import { contains, enclosingFunction, isFunction, isPromiseExecutor, type FunctionNode, type SourceCode, type Variable } from './syntax.js';

const CLOSE_NAMES = new Set(PROBE_WORDS.closes);

/** The plain parameter `variable` is, as its function and position. */
function parameterOf(variable: Variable): { fn: FunctionNode; index: number } | undefined {
  const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Parameter') return undefined;
  const fn = def.node as TSESTree.Node;
  if (!isFunction(fn)) return undefined;
  const index = fn.params.indexOf(def.name as TSESTree.Identifier);
  return index < 0 ? undefined : { fn, index };
}

/** The variable that names a function: `function f() {}` or `const f = () => {}`. */
function nameOf(sourceCode: SourceCode, fn: FunctionNode): Variable | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) {
    return sourceCode.getDeclaredVariables(fn).find((variable) => variable.name === fn.id!.name);
  }
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === fn && parent.id.type === AST_NODE_TYPES.Identifier) {
    return sourceCode.getDeclaredVariables(parent)[0];
  }
  return undefined;
}

/** The calls of a named function in this file. */
function callsOf(variable: Variable): TSESTree.CallExpression[] {
  return variable.references
    .map((ref) => ref.identifier.parent)
    .filter((parent): parent is TSESTree.CallExpression => parent?.type === AST_NODE_TYPES.CallExpression && parent.callee !== undefined)
    .filter((call) => variable.references.some((ref) => ref.identifier === call.callee));
}

/** The function a node runs in, seeing through Promise executors. */
function runsIn(node: TSESTree.Node): FunctionNode | undefined {
  let fn = enclosingFunction(node);
  while (fn && isPromiseExecutor(fn)) fn = enclosingFunction(fn);
  return fn;
}

/** Whether a function answers true or false somewhere (a return, a resolve, a callback). */
function answersBoolean(sourceCode: SourceCode, fn: FunctionNode): boolean {
  return outputsWithin(sourceCode, fn.body).some((output) => {
    const bare = skipWrappers(output);
    return bare.type === AST_NODE_TYPES.Literal && typeof bare.value === 'boolean';
  });
}

function refersToVariable(sourceCode: SourceCode, node: TSESTree.Node | undefined, variable: Variable): boolean {
  const bare = node && skipWrappers(node);
  return bare?.type === AST_NODE_TYPES.Identifier && ASTUtils.findVariable(sourceCode.getScope(bare), bare) === variable;
}

export interface CheckCall {
  readonly call: TSESTree.CallExpression;
  /** The check function's name, for the message. */
  readonly name: string;
}

/** A wrapper of another file of the project: `listen(server, port)` binds, `closeServer(server)` closes. */
export type ImportedHelper = { readonly kind: 'bind'; readonly server: number; readonly port: number } | { readonly kind: 'close'; readonly server: number };

/** The bind and close wrappers of a file, by function: what another file may import. */
export interface Helpers {
  readonly binds: ReadonlyMap<FunctionNode, { server: number; port: number }>;
  readonly closes: ReadonlyMap<FunctionNode, number>;
}

/**
 * Collects binds and closes while the file is walked; then finds the checks called in loops.
 * `importedHelper` says which calls are of bind or close wrappers imported from another file.
 */
export function portChecks(sourceCode: SourceCode, importedHelper?: (call: TSESTree.CallExpression) => ImportedHelper | undefined) {
  const binds: ProbeBind[] = [];
  /** `x.close()` / `x.stop()` / `x.shutdown()` on a plain variable. */
  const closeCalls: { call: TSESTree.CallExpression; variable: Variable }[] = [];
  /** Calls of wrappers imported from another file. */
  const importedCalls: { call: TSESTree.CallExpression; helper: ImportedHelper }[] = [];

  /** Functions that close their parameter: `closeServer(server)`. */
  function closeHelpers(): Map<FunctionNode, number> {
    const helpers = new Map<FunctionNode, number>();
    for (const { variable } of closeCalls) {
      const param = parameterOf(variable);
      if (param) helpers.set(param.fn, param.index);
    }
    return helpers;
  }

  function closesIn(fn: FunctionNode, server: Variable, helpers: ReadonlyMap<FunctionNode, number>): boolean {
    return (
      closeCalls.some(({ call, variable }) => variable === server && contains(fn, call)) ||
      [...helpers].some(([helper, index]) => {
        const name = nameOf(sourceCode, helper);
        return name !== undefined && callsOf(name).some((call) => contains(fn, call) && refersToVariable(sourceCode, call.arguments[index], server));
      }) ||
      importedCalls.some(
        ({ call, helper }) => helper.kind === 'close' && contains(fn, call) && refersToVariable(sourceCode, call.arguments[helper.server], server),
      )
    );
  }

  /** Callers of a bind wrapper that close the server they bound: checks, by their port parameter. */
  function callersThatClose(calls: readonly TSESTree.CallExpression[], server: number, port: number, helpers: ReadonlyMap<FunctionNode, number>, checks: Map<FunctionNode, number>): void {
    for (const call of calls) {
      const fn = runsIn(call);
      const serverArg = skipWrappers(call.arguments[server] ?? call);
      const portArg = call.arguments[port];
      if (!fn || serverArg.type !== AST_NODE_TYPES.Identifier) continue;
      const callerServer = ASTUtils.findVariable(sourceCode.getScope(serverArg), serverArg);
      const portVariable = portArg && skipWrappers(portArg).type === AST_NODE_TYPES.Identifier
        ? ASTUtils.findVariable(sourceCode.getScope(portArg), skipWrappers(portArg) as TSESTree.Identifier)
        : null;
      const callerPort = portVariable && parameterOf(portVariable);
      if (callerServer && callerPort?.fn === fn && closesIn(fn, callerServer, helpers)) checks.set(fn, callerPort.index);
    }
  }

  return {
    /** A bind of the file; a probe already reported (it hands on its port) makes no check. */
    seeBind(bind: ProbeBind, reported: boolean): void {
      if (!reported) binds.push(bind);
    },
    seeCall(node: TSESTree.CallExpression): void {
      const callee = node.callee;
      if (importedHelper && callee.type === AST_NODE_TYPES.Identifier) {
        const helper = importedHelper(node);
        if (helper) importedCalls.push({ call: node, helper });
        return;
      }
      if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed) return;
      if (callee.property.type !== AST_NODE_TYPES.Identifier || !CLOSE_NAMES.has(callee.property.name)) return;
      const object = skipWrappers(callee.object);
      if (object.type !== AST_NODE_TYPES.Identifier) return;
      const variable = ASTUtils.findVariable(sourceCode.getScope(object), object);
      if (variable) closeCalls.push({ call: node, variable });
    },
    callsInLoops(): CheckCall[] {
      const found: CheckCall[] = [];
      for (const [fn, index] of this.checkFunctions()) {
        const name = nameOf(sourceCode, fn);
        if (!name) continue;
        for (const call of callsOf(name)) {
          if (picksInLoop(sourceCode, call, index)) found.push({ call, name: name.name });
        }
      }
      return found;
    },
    /** The file's bind wrappers (bind a server parameter on a port parameter, close nothing) and close wrappers. */
    helpers(): Helpers {
      const closes = closeHelpers();
      const bindHelpers = new Map<FunctionNode, { server: number; port: number }>();
      for (const bind of binds) {
        if (!('variable' in bind.port) || bind.port.key !== undefined) continue;
        const port = parameterOf(bind.port.variable);
        const server = parameterOf(bind.handle);
        if (port && server?.fn === port.fn && !closesIn(port.fn, bind.handle, closes)) bindHelpers.set(port.fn, { server: server.index, port: port.index });
      }
      return { binds: bindHelpers, closes };
    },
    /** The file's check functions (they answer true or false), by the index of their port parameter. */
    checkFunctions(): Map<FunctionNode, number> {
      if (binds.length === 0 && importedCalls.length === 0) return new Map();
      const helpers = closeHelpers();

      /** Check functions, by the index of their port parameter. */
      const checks = new Map<FunctionNode, number>();
      for (const bind of binds) {
        if (!('variable' in bind.port) || bind.port.key !== undefined) continue;
        const port = parameterOf(bind.port.variable);
        if (!port) continue;
        const server = parameterOf(bind.handle);
        if (server?.fn === port.fn && !closesIn(port.fn, bind.handle, helpers)) {
          // A bind helper, `listen(server, port)`: its callers that close the server are checks.
          const helper = nameOf(sourceCode, port.fn);
          callersThatClose(helper ? callsOf(helper) : [], server.index, port.index, helpers, checks);
        } else if (contains(port.fn, bind.call.node) && bind.closes.some((close) => contains(port.fn, close))) {
          checks.set(port.fn, port.index);
        }
      }
      // Bind wrappers of another file (`listen(server, port)` from helper.js), called here.
      for (const { call, helper } of importedCalls) {
        if (helper.kind === 'bind') callersThatClose([call], helper.server, helper.port, helpers, checks);
      }

      for (const fn of checks.keys()) if (!answersBoolean(sourceCode, fn)) checks.delete(fn);
      return checks;
    },
  };
}
