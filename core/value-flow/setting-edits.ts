/**
 * Edits for an option setting found by lookupOption, whichever form it has: a property of an
 * object literal, or a later assignment `o.reusePort = true` (removed with its statement, or with
 * the `if` that only exists to make it, when the `if`'s test has no side effects).
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { removeProperty, removeStatement, replaceValue, type Edit } from '../edits.js';
import type { OptionSetting } from './options.js';

/** Whether evaluating `node` can change anything (calls, assignments, `await`, …). */
function hasSideEffects(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.ThisExpression:
      return false;
    case AST_NODE_TYPES.MemberExpression:
      return hasSideEffects(node.object) || (node.computed && hasSideEffects(node.property));
    case AST_NODE_TYPES.UnaryExpression:
      return node.operator === 'delete' || hasSideEffects(node.argument);
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.LogicalExpression:
      return hasSideEffects(node.left) || hasSideEffects(node.right);
    case AST_NODE_TYPES.ConditionalExpression:
      return hasSideEffects(node.test) || hasSideEffects(node.consequent) || hasSideEffects(node.alternate);
    case AST_NODE_TYPES.ArrayExpression:
      return node.elements.some((element) => element !== null && hasSideEffects(element));
    case AST_NODE_TYPES.TemplateLiteral:
      return node.expressions.some(hasSideEffects);
    default:
      return true;
  }
}

/** The statement that only exists to make the assignment: itself, or an `if` around it alone. */
function assignmentStatement(assignment: TSESTree.AssignmentExpression): TSESTree.Node | undefined {
  const statement = assignment.parent;
  if (statement?.type !== AST_NODE_TYPES.ExpressionStatement) return undefined;
  let current: TSESTree.Node = statement;
  let parent = current.parent;
  if (parent?.type === AST_NODE_TYPES.BlockStatement && parent.body.length === 1 && parent.parent?.type === AST_NODE_TYPES.IfStatement) {
    current = parent;
    parent = parent.parent;
  }
  if (parent?.type === AST_NODE_TYPES.IfStatement) {
    if (parent.consequent !== current || parent.alternate || hasSideEffects(parent.test)) return undefined;
    current = parent;
    parent = current.parent;
  }
  return parent?.type === AST_NODE_TYPES.BlockStatement ||
    parent?.type === AST_NODE_TYPES.Program ||
    parent?.type === AST_NODE_TYPES.StaticBlock
    ? current
    : undefined;
}

/** The edits that remove the setting, or undefined when it cannot go on its own. */
export function removeSetting(source: string, setting: OptionSetting): Edit[] | undefined {
  if (setting.kind === 'property') return removeProperty(source, setting.object, setting.property);
  const statement = assignmentStatement(setting.assignment);
  return statement ? [removeStatement(source, statement)] : undefined;
}

/** The edits that set the setting's value to `text`. */
export function replaceSettingValue(setting: OptionSetting, text: string): Edit[] {
  if (setting.kind === 'property') return replaceValue(setting.property, text);
  return [{ range: setting.value.range, text }];
}
