/**
 * "Where is this option set?": every place that may decide one option of an options argument.
 * The argument is followed with reachingValues (variables, parameters, fields, branches); in each
 * object literal reached the last entry for the key wins, spreads (`...defaults`) and
 * `Object.assign({}, a, b)` are followed in order, and changes made to the object after it was
 * created count too: `o.reusePort = true` (inside an `if`, the `if` is its guard) and
 * `Object.assign(o, { reusePort: true })` before the call.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { fileIndex } from './file-index.js';
import { isGlobalReference } from './origins.js';
import { reachingValues, type ReachedValue } from './reaching.js';
import { holderOf, onlyWrite, type Holder } from './slots.js';
import { isFromAnotherFile, provenanceOf, scopeFinder } from './modules.js';
import { importsProjectFiles, type Provenance } from './project-files.js';
import { followingImports } from './reaching.js';
import { contains, enclosingFunction, memberKey, programOf, skipWrappers, type Scope } from './syntax.js';

interface SettingBase {
  /** The expression the option is set to. */
  readonly value: TSESTree.Expression;
  /** The statically known value, if any (`{ value }` so that `undefined` is representable). */
  readonly known: { readonly value: unknown } | undefined;
  /** The first variable between the call argument and the object; undefined for an inline literal. */
  readonly viaVariable: TSESTree.Identifier | undefined;
  /** Where a report about this setting points: the property, or the assignment. */
  readonly node: TSESTree.Node;
  /**
   * Set when the setting is written in another file of the project (only with lookupOption's
   * `acrossFiles`): `node` and the rest belong to that file, so a report points at the call of
   * its own file and an edit is made there by a person.
   */
  readonly from?: Provenance;
}

/** `{ reusePort: true }`: a property of an object literal. */
export interface PropertySetting extends SettingBase {
  readonly kind: 'property';
  readonly property: TSESTree.Property;
  /** The object literal that holds the property. */
  readonly object: TSESTree.ObjectExpression;
}

/** `o.reusePort = true`: a change made to the object after it was created. */
export interface AssignmentSetting extends SettingBase {
  readonly kind: 'assignment';
  readonly assignment: TSESTree.AssignmentExpression;
  readonly property?: undefined;
  readonly object?: undefined;
}

export type OptionSetting = PropertySetting | AssignmentSetting;

export interface OptionLookup {
  /** Every place that may decide the option's value (one per branch or change). */
  readonly settings: readonly OptionSetting[];
  /** Some branch may leave the option unset. */
  readonly mayBeAbsent: boolean;
  /** Some part of the options could not be followed (another file, a call result, a caller elsewhere). */
  readonly unknown: boolean;
  /** Some part comes from a parameter of a function called from where the file cannot see. */
  readonly fromCaller: boolean;
}

const MAX_DEPTH = 8;

interface Acc {
  settings: OptionSetting[];
  mayBeAbsent: boolean;
  unknown: boolean;
  fromCaller: boolean;
}

const empty = (): Acc => ({ settings: [], mayBeAbsent: false, unknown: false, fromCaller: false });

/** The static key of a property, or undefined when it is computed from something unknown. */
export function staticKey(property: TSESTree.Property, scope: Scope): string | undefined {
  return ASTUtils.getPropertyName(property, scope) ?? undefined;
}

/** A const-like variable's only value: its initialiser, when it is never written again. */
export function singleValue(identifier: TSESTree.Identifier, scope: Scope): TSESTree.Expression | undefined {
  const variable = ASTUtils.findVariable(scope, identifier);
  return variable ? onlyWrite(variable) : undefined;
}

function known(value: TSESTree.Expression, scope: Scope): { value: unknown } | undefined {
  return ASTUtils.getStaticValue(value, scope) ?? undefined;
}

/** `Object.assign(…)` as written, before the scope says whether `Object` is the global. */
function namesObjectAssign(call: TSESTree.CallExpression): boolean {
  const callee = skipWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.Identifier && callee.object.name === 'Object';
}

/** `Object.assign(target, ...sources)`. */
function isObjectAssign(node: TSESTree.Node, scope: Scope): node is TSESTree.CallExpression {
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipWrappers(node.callee);
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    callee.object.name === 'Object' &&
    isGlobalReference(callee.object, scope) &&
    memberKey(callee) === 'assign'
  );
}

/** Whether `statement` runs, unconditionally, before `anchor`: an earlier statement of a block around it. */
function surelyBefore(statement: TSESTree.Node, anchor: TSESTree.Node): boolean {
  const block = statement.parent;
  return (
    (block?.type === AST_NODE_TYPES.BlockStatement || block?.type === AST_NODE_TYPES.Program) &&
    contains(block, anchor) &&
    statement.range[1] <= anchor.range[0] &&
    enclosingFunction(statement) === enclosingFunction(anchor)
  );
}

/** Whether a change to the held object counts for a call at `anchor`. */
function reachesAnchor(change: TSESTree.Node, anchor: TSESTree.Node, holder: Holder): boolean {
  // A field or property may be changed by any method; a local variable only before the call.
  if (holder.kind !== 'variable') return true;
  return change.range[1] <= anchor.range[0] || enclosingFunction(change) !== enclosingFunction(anchor);
}

const globalObjectAssign = new WeakMap<TSESTree.CallExpression, boolean>();

/** isObjectAssign, once per call: every lookup in the file asks about the same calls. */
function isGlobalObjectAssign(call: TSESTree.CallExpression, find: (node: TSESTree.Node) => Scope): boolean {
  let result = globalObjectAssign.get(call);
  if (result === undefined) globalObjectAssign.set(call, (result = isObjectAssign(call, find(call))));
  return result;
}

interface ChangeCandidates {
  /**
   * `a.key = v` and `a[expr] = v` by key (a computed key resolved once, with its scope): a lookup
   * reads only the assignments that name its option. A key not known statically names none.
   */
  readonly assignmentsByKey: ReadonlyMap<string, readonly TSESTree.AssignmentExpression[]>;
  /** Calls written `Object.assign(…)`. */
  readonly objectAssigns: readonly TSESTree.CallExpression[];
}

const candidatesByProgram = new WeakMap<TSESTree.Program, ChangeCandidates>();

/** The file's possible changes to an object, grouped once per file (a large file has thousands). */
function changeCandidates(program: TSESTree.Program, find: (node: TSESTree.Node) => Scope): ChangeCandidates {
  const cached = candidatesByProgram.get(program);
  if (cached) return cached;
  const index = fileIndex(program);
  const assignmentsByKey = new Map<string, TSESTree.AssignmentExpression[]>();
  for (const assignment of index.memberAssignments) {
    if (assignment.operator !== '=') continue;
    const left = assignment.left as TSESTree.MemberExpression;
    const key = left.computed ? memberKey(left, find(left)) : memberKey(left);
    if (key === undefined) continue;
    const list = assignmentsByKey.get(key);
    if (list) list.push(assignment);
    else assignmentsByKey.set(key, [assignment]);
  }
  const candidates = { assignmentsByKey, objectAssigns: index.memberCalls.filter(namesObjectAssign) };
  candidatesByProgram.set(program, candidates);
  return candidates;
}

/** The changes made to the object held by `holder`: `holder.name = v` and `Object.assign(holder, …)`. */
function applyChanges(
  holder: Holder,
  name: string,
  anchor: TSESTree.Node,
  scope: Scope,
  via: TSESTree.Identifier | undefined,
  depth: number,
  acc: Acc,
): void {
  const find = scopeFinder(scope);
  const candidates = changeCandidates(programOf(scope), find);
  const changes: TSESTree.Node[] = [];
  for (const assignment of candidates.assignmentsByKey.get(name) ?? []) {
    const left = assignment.left as TSESTree.MemberExpression;
    if (holderOf(left.object, find(left))?.id === holder.id && reachesAnchor(assignment, anchor, holder)) changes.push(assignment);
  }
  for (const call of candidates.objectAssigns) {
    const target = call.arguments[0];
    if (!target || !isGlobalObjectAssign(call, find) || holderOf(target, find(call))?.id !== holder.id) continue;
    if (call.parent.type === AST_NODE_TYPES.VariableDeclarator) continue; // the object's own creation
    if (reachesAnchor(call, anchor, holder)) changes.push(call);
  }
  changes.sort((a, b) => a.range[0] - b.range[0]);
  for (const change of changes) {
    const statement = change.parent?.type === AST_NODE_TYPES.ExpressionStatement ? change.parent : undefined;
    const sure = statement !== undefined && holder.kind === 'variable' && surelyBefore(statement, anchor);
    const inner = empty();
    if (change.type === AST_NODE_TYPES.AssignmentExpression) {
      const value = change.right;
      inner.settings.push({ kind: 'assignment', assignment: change, value, known: known(value, find(value)), viaVariable: via, node: change });
    } else {
      const sources = (change as TSESTree.CallExpression).arguments.slice(1);
      inner.mayBeAbsent = true;
      for (const source of sources) {
        const step = empty();
        // A source is an object of its own: `{ reusePort: true }` here is not `o` itself.
        collect(source, name, find(source), undefined, depth + 1, step);
        merge(inner, step, source.type !== AST_NODE_TYPES.SpreadElement);
      }
    }
    if (sure && !inner.mayBeAbsent && !inner.unknown) {
      acc.settings = inner.settings;
      acc.mayBeAbsent = false;
    } else {
      acc.settings.push(...inner.settings);
      acc.unknown ||= inner.unknown;
    }
  }
}

/**
 * Adds what a later source sets on top of what earlier ones did (later entries win). A source
 * that may not hold the key, cannot be followed, or is a caller's object (`Object.assign({},
 * base, { reusePort: true }, extra)` with `extra` a parameter) leaves the earlier entries
 * standing, as a spread does in an object literal (`{ reusePort: true, ...extra }`).
 */
function merge(acc: Acc, later: Acc, followed: boolean): void {
  if (followed && !later.mayBeAbsent && !later.unknown && !later.fromCaller) {
    acc.settings = [...later.settings];
    acc.mayBeAbsent = false;
  } else {
    acc.settings.push(...later.settings);
    acc.mayBeAbsent &&= later.mayBeAbsent || later.unknown || later.fromCaller;
  }
  acc.unknown ||= later.unknown;
  acc.fromCaller ||= later.fromCaller;
}

function collectObject(object: TSESTree.ObjectExpression, name: string, scope: Scope, via: TSESTree.Identifier | undefined, depth: number, acc: Acc): void {
  const find = scopeFinder(scope);
  // Later entries win: walk backwards and stop at the first one that surely sets the key.
  for (let i = object.properties.length - 1; i >= 0; i--) {
    const entry = object.properties[i]!;
    if (entry.type === AST_NODE_TYPES.SpreadElement) {
      const inner = empty();
      collect(entry.argument, name, scope, via, depth + 1, inner);
      acc.settings.push(...inner.settings);
      acc.unknown ||= inner.unknown;
      acc.fromCaller ||= inner.fromCaller;
      // An unknown spread (a parameter, a call result) may well not hold the key, so the
      // entries before it can still decide the value: keep looking, as for a known spread
      // that leaves it unset. `{ reusePort: true, ...other }` is thus still reported.
      if (!inner.mayBeAbsent && !inner.unknown && !inner.fromCaller) return;
      continue;
    }
    const key = staticKey(entry, scope);
    if (key === undefined) {
      acc.unknown = true;
      continue;
    }
    if (key === name) {
      const value = entry.value as TSESTree.Expression;
      acc.settings.push({ kind: 'property', property: entry, value, known: known(value, find(value)), object, viaVariable: via, node: entry });
      return;
    }
  }
  acc.mayBeAbsent = true;
}

function collectValue(reached: ReachedValue, name: string, anchor: TSESTree.Node, depth: number, acc: Acc, scope: Scope): void {
  const node = reached.node;
  const find = scopeFinder(scope);
  const own = find(node);
  const via = reached.via;
  switch (node.type) {
    case AST_NODE_TYPES.ObjectExpression: {
      const inner = empty();
      collectObject(node, name, own, via, depth, inner);
      if (reached.holder) applyChanges(reached.holder, name, anchor, scope, via, depth, inner);
      acc.settings.push(...inner.settings);
      acc.mayBeAbsent ||= inner.mayBeAbsent;
      acc.unknown ||= inner.unknown;
      acc.fromCaller ||= inner.fromCaller;
      return;
    }
    case AST_NODE_TYPES.CallExpression:
      if (isObjectAssign(node, own)) {
        const inner = empty();
        inner.mayBeAbsent = true;
        for (const source of node.arguments) {
          const step = empty();
          collect(source, name, own, via, depth + 1, step);
          merge(inner, step, source.type !== AST_NODE_TYPES.SpreadElement);
        }
        if (reached.holder) applyChanges(reached.holder, name, anchor, scope, via, depth, inner);
        acc.settings.push(...inner.settings);
        acc.mayBeAbsent ||= inner.mayBeAbsent;
        acc.unknown ||= inner.unknown;
        acc.fromCaller ||= inner.fromCaller;
        return;
      }
      acc.unknown = true;
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

function collect(input: TSESTree.Node, name: string, scope: Scope, via: TSESTree.Identifier | undefined, depth: number, acc: Acc): void {
  if (depth > MAX_DEPTH) {
    acc.unknown = true;
    return;
  }
  const node = input.type === AST_NODE_TYPES.SpreadElement ? input.argument : input;
  const reach = reachingValues(node, scope);
  acc.unknown ||= reach.unknown;
  acc.mayBeAbsent ||= reach.mayBeAbsent;
  acc.fromCaller ||= reach.fromCaller;
  for (const reached of reach.values) {
    collectValue({ ...reached, via: via ?? reached.via }, name, input, depth, acc, scope);
  }
}

/**
 * Every place that may set option `name` in the options argument `options`. With `acrossFiles`,
 * options imported from the project's own modules are followed too, and their settings carry
 * `from` (the caller reports them in its own file).
 */
export function lookupOption(options: TSESTree.Node | undefined, name: string, scope: Scope, { acrossFiles = false } = {}): OptionLookup {
  if (acrossFiles && importsProjectFiles(scope)) {
    const found = followingImports(() => lookupOption(options, name, scope));
    const settings = found.settings.map((setting) => {
      const from = isFromAnotherFile(setting.node, scope) ? provenanceOf(setting.node) : undefined;
      return from ? { ...setting, from } : setting;
    });
    // A setting from another file that cannot be placed is not reported.
    return settings.some((setting) => isFromAnotherFile(setting.node, scope) && !setting.from)
      ? { ...found, settings: settings.filter((setting) => !isFromAnotherFile(setting.node, scope)), unknown: true }
      : { ...found, settings };
  }
  const acc = lookupOptionDetailed(options, name, scope);
  // Callers elsewhere may set anything: for "is it surely set / absent" that is unknown.
  return { ...acc, unknown: acc.unknown || acc.fromCaller };
}

/** lookupOption, keeping a caller's choice (`fromCaller`) apart from what cannot be followed. */
export function lookupOptionDetailed(options: TSESTree.Node | undefined, name: string, scope: Scope): OptionLookup {
  const acc = empty();
  if (options) collect(options, name, scope, undefined, 0, acc);
  else acc.mayBeAbsent = true;
  return acc;
}

/**
 * Whether the runtime may apply the option, given how it reads the value. A value not known
 * statically is followed to what reaches it: when every value that reaches it is known, they
 * decide; a value that only passes a caller's choice through, with no caller in the file, is the
 * caller's business.
 */
export function canBeOn(setting: OptionSetting, check: 'strict-true' | 'truthy' | 'unknown', scope?: Scope): boolean {
  const test = (value: unknown) => (check === 'strict-true' ? value === true : Boolean(value));
  if (setting.known) return test(setting.known.value);
  if (!scope) return true;
  const find = scopeFinder(scope);
  const reach = reachingValues(setting.value, find(setting.value));
  if (reach.unknown) return true;
  if (reach.values.length === 0) return !reach.fromCaller && !reach.mayBeAbsent;
  // The values the file passes decide; callers elsewhere are theirs to answer for.
  return reach.values.some((reached) => {
    const value = known(reached.node, find(reached.node));
    return value === undefined || test(value.value);
  });
}

/**
 * Whether the setting only passes a caller's choice through (`reusePort: options.reusePort` in a
 * wrapper whose `options` is a parameter) and the file has no call that decides it: the callers,
 * elsewhere, do.
 */
export function passesCallersChoice(setting: OptionSetting, scope: Scope): boolean {
  if (setting.known) return false;
  const find = scopeFinder(scope);
  const reach = reachingValues(setting.value, find(setting.value));
  return reach.values.length === 0 && reach.fromCaller && !reach.unknown;
}

/** True when the object is reachable from more than one place (so editing it edits them all). */
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
export function editableOptionsObject(options: TSESTree.Node | undefined, scope: Scope): TSESTree.ObjectExpression | undefined {
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
