/**
 * Finds where an option is set in the options argument of a call, following local variables,
 * spread and conditional expressions as far as they can be known statically.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { skipWrappers } from './tracking.js';

type Scope = TSESLint.Scope.Scope;

export interface OptionSetting {
  /** The `key: value` property that sets the option. */
  readonly property: TSESTree.Property;
  readonly value: TSESTree.Expression;
  /** The statically known value, if any (`{ value }` so that `undefined` is representable). */
  readonly known: { readonly value: unknown } | undefined;
  /** The object literal that holds the property. */
  readonly object: TSESTree.ObjectExpression;
  /** How many hops (variables) lie between the call argument and the object. 0 = inline literal. */
  readonly viaVariable: TSESTree.Identifier | undefined;
}

export interface OptionLookup {
  /** Every property that may decide the option's value (one per branch of a conditional). */
  readonly settings: readonly OptionSetting[];
  /** Some branch may leave the option unset. */
  readonly mayBeAbsent: boolean;
  /** Some part of the options could not be followed (a parameter, a call result). */
  readonly unknown: boolean;
}

const MAX_DEPTH = 8;

interface Acc {
  settings: OptionSetting[];
  mayBeAbsent: boolean;
  unknown: boolean;
}

/** The static key of a property, or undefined when it is computed from something unknown. */
export function staticKey(property: TSESTree.Property, scope: Scope): string | undefined {
  const name = ASTUtils.getPropertyName(property, scope);
  return name ?? undefined;
}

/** A const-like variable's only value: its initialiser, when it is never written again. */
export function singleValue(
  identifier: TSESTree.Identifier,
  scope: Scope,
): TSESTree.Expression | undefined {
  const variable = ASTUtils.findVariable(scope, identifier);
  if (!variable || variable.defs.length !== 1) return undefined;
  const def = variable.defs[0]!;
  if (def.type !== 'Variable' || def.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  const writes = variable.references.filter((ref) => ref.isWrite());
  if (writes.length !== 1) return undefined;
  return (writes[0]!.writeExpr as TSESTree.Expression | null) ?? undefined;
}

function collect(
  input: TSESTree.Node,
  name: string,
  scope: Scope,
  via: TSESTree.Identifier | undefined,
  depth: number,
  acc: Acc,
): void {
  if (depth > MAX_DEPTH) {
    acc.unknown = true;
    return;
  }
  const node = skipWrappers(input);
  switch (node.type) {
    case AST_NODE_TYPES.ObjectExpression: {
      // Later entries win: walk backwards and stop at the first one that surely sets the key.
      for (let i = node.properties.length - 1; i >= 0; i--) {
        const entry = node.properties[i]!;
        if (entry.type === AST_NODE_TYPES.SpreadElement) {
          const inner: Acc = { settings: [], mayBeAbsent: false, unknown: false };
          collect(entry.argument, name, scope, via, depth + 1, inner);
          acc.settings.push(...inner.settings);
          acc.unknown ||= inner.unknown;
          // An unknown spread (a parameter, a call result) may well not hold the key, so the
          // entries before it can still decide the value: keep looking, as for a known spread
          // that leaves it unset. `{ reusePort: true, ...other }` is thus still reported.
          if (!inner.mayBeAbsent && !inner.unknown) return;
          continue;
        }
        const key = staticKey(entry, scope);
        if (key === undefined) {
          acc.unknown = true;
          continue;
        }
        if (key === name) {
          const value = entry.value as TSESTree.Expression;
          const known = ASTUtils.getStaticValue(value, scope) ?? undefined;
          acc.settings.push({ property: entry, value, known, object: node, viaVariable: via });
          return;
        }
      }
      acc.mayBeAbsent = true;
      return;
    }
    case AST_NODE_TYPES.Identifier: {
      if (node.name === 'undefined') {
        acc.mayBeAbsent = true;
        return;
      }
      const value = singleValue(node, scope);
      if (value) collect(value, name, scope, via ?? node, depth + 1, acc);
      else acc.unknown = true;
      return;
    }
    case AST_NODE_TYPES.ConditionalExpression:
      collect(node.consequent, name, scope, via, depth + 1, acc);
      collect(node.alternate, name, scope, via, depth + 1, acc);
      return;
    case AST_NODE_TYPES.LogicalExpression:
      if (node.operator === '&&') acc.mayBeAbsent = true;
      else collect(node.left, name, scope, via, depth + 1, acc);
      collect(node.right, name, scope, via, depth + 1, acc);
      return;
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.FunctionExpression:
      // A port number, a path or a callback: no options object here.
      acc.mayBeAbsent = true;
      return;
    default:
      acc.unknown = true;
  }
}

export function lookupOption(
  options: TSESTree.Node | undefined,
  name: string,
  scope: Scope,
): OptionLookup {
  const acc: Acc = { settings: [], mayBeAbsent: false, unknown: false };
  if (options) collect(options, name, scope, undefined, 0, acc);
  else acc.mayBeAbsent = true;
  return acc;
}

/** Whether the runtime applies the option, given how it reads the value. */
export function canBeOn(setting: OptionSetting, check: 'strict-true' | 'truthy' | 'unknown'): boolean {
  if (!setting.known) return true;
  const value = setting.known.value;
  return check === 'strict-true' ? value === true : Boolean(value);
}

/** True when the object literal is reachable from more than one place (so editing it edits them all). */
export function isSharedObject(setting: OptionSetting, scope: Scope): boolean {
  if (!setting.viaVariable) return false;
  const variable = ASTUtils.findVariable(scope, setting.viaVariable);
  if (!variable) return true;
  return variable.references.filter((ref) => ref.isRead()).length !== 1;
}

/**
 * The object literal an options argument stands for, when a rewrite may edit it: inline, or held
 * by a variable that nothing else reads.
 */
export function editableOptionsObject(
  options: TSESTree.Node | undefined,
  scope: Scope,
): TSESTree.ObjectExpression | undefined {
  if (!options) return undefined;
  const node = skipWrappers(options);
  if (node.type === AST_NODE_TYPES.ObjectExpression) return node;
  if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
  const value = singleValue(node, scope);
  const object = value && skipWrappers(value);
  const variable = ASTUtils.findVariable(scope, node);
  const reads = variable?.references.filter((ref) => ref.isRead()).length ?? 0;
  return object?.type === AST_NODE_TYPES.ObjectExpression && reads === 1 ? object : undefined;
}
