/**
 * A probe's port used after the probe closed, in the same function: bound by a second server,
 * given to a child process (arguments, env), or put in an environment variable. The port was
 * nobody's between the close and that use, exactly as if a finder had returned it.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { classifySocketCall, isSocketCallCandidate } from '../socket-calls.js';
import { resolveOrigin } from '../value-flow/index.js';
import { flowsToChild } from './child-process.js';
import { closedBeforeUse, handleOf, isProbePort, probeBind, probeRoot, type ProbeBind } from './probes.js';
import { isFunction, normalise, type SourceCode } from './syntax.js';

export type PortUse = 'bind' | 'child' | 'env';

/** What the port expression at `node` is used for, up to its statement. */
function useOf(sourceCode: SourceCode, bind: ProbeBind, node: TSESTree.Node): PortUse | undefined {
  if (flowsToChild(sourceCode, node)) return 'child';
  let child: TSESTree.Node = node;
  for (let parent = node.parent; parent && !isFunction(parent); child = parent, parent = parent.parent) {
    if (
      parent.type === AST_NODE_TYPES.CallExpression &&
      parent !== bind.call.node &&
      parent.callee !== child &&
      isSocketCallCandidate(parent)
    ) {
      const call = classifySocketCall(parent, sourceCode.getScope(parent));
      if (!call) continue;
      // The probe's own server bound again is a retry on the next port, not a consumer; a
      // second server that is closed again is a test of release semantics.
      if (handleOf(sourceCode, call) === bind.handle) return undefined;
      const second = probeBind(sourceCode, parent);
      return second && second.closes.length > 0 ? undefined : 'bind';
    }
    if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === child) {
      const target = normalise(resolveOrigin(parent.left, sourceCode.getScope(parent)));
      return target?.root === 'global:process' && target.path[0] === 'env' ? 'env' : undefined;
    }
    if (parent.type.endsWith('Statement') || parent.type === AST_NODE_TYPES.VariableDeclaration) return undefined;
  }
  return undefined;
}

/** The first use of the probe's port after a close of its server, in the function around it. */
export function portUseAfterClose(sourceCode: SourceCode, bind: ProbeBind): PortUse | undefined {
  if (bind.closes.length === 0) return undefined;
  const root = probeRoot(bind);
  const body: TSESTree.Node = root ? root.body : sourceCode.ast;
  // Nothing that ends before the first close can run after one: those subtrees are skipped, and
  // the costly question (is this the probe's port, following values) comes last.
  const firstClose = Math.min(...bind.closes.map((close) => close.range[0]));
  let found: PortUse | undefined;
  const visit = (node: TSESTree.Node): void => {
    if (found || node.range[1] <= firstClose) return;
    if (
      (node.type === AST_NODE_TYPES.Identifier || node.type === AST_NODE_TYPES.MemberExpression) &&
      bind.closes.some((close) => closedBeforeUse(bind, close, node))
    ) {
      const use = useOf(sourceCode, bind, node);
      if (use && isProbePort(sourceCode, bind, node)) {
        found = use;
        return;
      }
    }
    for (const key of sourceCode.visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (item && typeof item === 'object' && 'type' in item) visit(item as TSESTree.Node);
      }
    }
  };
  visit(body);
  return found;
}
