/**
 * Assertion calls in tests: `assert(…)`, `assert.strictEqual(…)`, `expect(…).toBe(…)`, ava's and
 * node:test's `t.is(…)`, should.js. The rules and the codemods use them to tell code that only
 * checks a value (a finder's own tests, a test of sharing) from code that uses it.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { skipWrappers } from './value-flow/index.js';

const ASSERTION_ROOTS = new Set(['assert', 'expect', 't', 'should']);

/** Whether `node` is a call whose callee chain starts at an assertion name. */
export function isAssertionCall(node: TSESTree.Node | undefined): node is TSESTree.CallExpression {
  if (node?.type !== AST_NODE_TYPES.CallExpression) return false;
  let root: TSESTree.Node = skipWrappers(node.callee);
  while (root.type === AST_NODE_TYPES.MemberExpression || root.type === AST_NODE_TYPES.CallExpression) {
    root = skipWrappers(root.type === AST_NODE_TYPES.MemberExpression ? root.object : root.callee);
  }
  return root.type === AST_NODE_TYPES.Identifier && ASSERTION_ROOTS.has(root.name);
}
