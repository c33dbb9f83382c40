/**
 * Whether a finder's port goes to a child process (its arguments, or `process.env` it inherits).
 * The child binds the port later, so the parent cannot bind port 0 for it: the child must bind
 * port 0 itself and report its port, which the rule says instead of offering a rewrite.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { resolveOrigin } from '../value-flow/index.js';
import { enclosingFunction, isFunction, normalise, type Scope, type SourceCode } from './syntax.js';

const CHILD_PROCESS_FUNCTIONS = new Set(['spawn', 'spawnSync', 'fork', 'exec', 'execSync', 'execFile', 'execFileSync']);
const EXECA_FUNCTIONS = new Set(['execa', 'execaSync', 'execaNode', 'execaCommand', 'execaCommandSync', '$']);

function isChildProcessCall(node: TSESTree.CallExpression | TSESTree.NewExpression, scope: Scope): boolean {
  const origin = normalise(resolveOrigin(node.callee, scope));
  if (!origin) return false;
  const [first, ...rest] = origin.path;
  if (rest.length > 0) return false;
  if (node.type === AST_NODE_TYPES.NewExpression) return origin.root === 'global:Deno' && first === 'Command';
  switch (origin.root) {
    case 'module:child_process':
      return first !== undefined && CHILD_PROCESS_FUNCTIONS.has(first);
    case 'module:execa':
      return first === undefined || EXECA_FUNCTIONS.has(first);
    case 'module:cross-spawn':
      return first === undefined || first === 'sync';
    case 'global:Bun':
    case 'module:bun':
      return first === 'spawn' || first === 'spawnSync';
    default:
      return false;
  }
}

/** Whether a child process is started after `node`, in the function (or module) that holds it. */
function spawnsAfter(sourceCode: SourceCode, node: TSESTree.Node): boolean {
  const root: TSESTree.Node = enclosingFunction(node)?.body ?? sourceCode.ast;
  const visit = (current: TSESTree.Node): boolean => {
    if (current.range[1] <= node.range[1]) return false;
    if (
      (current.type === AST_NODE_TYPES.CallExpression || current.type === AST_NODE_TYPES.NewExpression) &&
      current.range[0] >= node.range[1] &&
      isChildProcessCall(current, sourceCode.getScope(current))
    ) {
      return true;
    }
    for (const key of sourceCode.visitorKeys[current.type] ?? []) {
      const child = (current as unknown as Record<string, unknown>)[key];
      const children = Array.isArray(child) ? child : [child];
      for (const item of children) {
        if (item && typeof item === 'object' && 'type' in item && visit(item as TSESTree.Node)) return true;
      }
    }
    return false;
  };
  return visit(root);
}

/** Whether the value at `start` ends up in a child process's arguments or environment. */
export function flowsToChild(sourceCode: SourceCode, start: TSESTree.Node, depth = 0): boolean {
  let node: TSESTree.Node = start;
  for (let parent = node.parent; parent && !isFunction(parent); node = parent, parent = parent.parent) {
    if (
      (parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression) &&
      parent.callee !== node &&
      isChildProcessCall(parent, sourceCode.getScope(parent))
    ) {
      return true;
    }
    if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === node) {
      const target = normalise(resolveOrigin(parent.left, sourceCode.getScope(parent)));
      const toEnv = target?.root === 'global:process' && target.path.length === 2 && target.path[0] === 'env';
      // `process.env.PORT = port` reaches a child only if one is started afterwards; read in
      // this process (a config loader, the server itself), it is an in-process consumer.
      return toEnv && spawnsAfter(sourceCode, parent);
    }
    if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node) {
      if (depth >= 3) return false;
      return sourceCode
        .getDeclaredVariables(parent)
        .some((variable) =>
          variable.references.some((ref) => ref.isRead() && flowsToChild(sourceCode, ref.identifier, depth + 1)),
        );
    }
    if (parent.type.endsWith('Statement') || parent.type === AST_NODE_TYPES.VariableDeclaration) return false;
  }
  return false;
}
