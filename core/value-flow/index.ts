/**
 * The value-flow layer: what the rules know about how values move inside one file. Every rule
 * and codemod asks it instead of following values itself, so a flow learnt once helps them all.
 *
 * Three questions, one module each:
 * - "What is this?" — resolveOrigin (origins.ts): the module export or global an expression
 *   comes from, through imports of every form, variables, fields, factories, parameters and
 *   receiver-returning chains. Answers "which receiver is this `listen()` called on".
 * - "Which values can reach this expression?" — reachingValues (reaching.ts), and for options
 *   objects lookupOption (options.ts): the object literals, literals and calls a value may be,
 *   including changes made to an object after it was created.
 * - "Where does this object go?" — followUses (uses.ts): every method called on a socket or
 *   server the file makes, and why it leaves the file when it does.
 *
 * Underneath: slots.ts (fields, module-level object properties, keyed collections), functions.ts
 * (call sites, parameters, return values), modules.ts (module identity and the `modules`
 * setting), file-index.ts (the per-file index of member reads and writes, built on demand).
 *
 * Across files (project-modules.ts, project-files.ts, imports.ts): an import of the project's own
 * module (relative, tsconfig `paths`, workspace package) is answered from that file, parsed once
 * per content and analysed by the same questions; origins carry `from` (the file and line), and
 * lookupOption follows imported options only when asked (`acrossFiles`), for rules that report
 * such settings in their own file.
 *
 * Values from packages, from callers in other files, and from run-time computation are
 * "unknown", and each rule decides what unknown means for it (in `recommended`, staying quiet).
 * docs/what-the-rules-follow.md lists what is followed and what is not.
 */
export {
  RECEIVER_RETURNING_METHODS,
  isGlobalReference,
  loadedModule,
  resolveOrigin,
  type Origin,
} from './origins.js';
export { moduleName, moduleRoot, readsOtherFiles, registerFile, scopeFinder, scopeOfNode } from './modules.js';
export { reachingValues, type Reach, type ReachedValue } from './reaching.js';
export {
  canBeOn,
  editableOptionsObject,
  isSharedObject,
  passesCallersChoice,
  lookupOption,
  singleValue,
  staticKey,
  type AssignmentSetting,
  type OptionLookup,
  type OptionSetting,
  type PropertySetting,
} from './options.js';
export { calleeText, followUses, type FollowOptions, type MethodUse, type Uses } from './uses.js';
export { callSites, functionOfCallee, returnedValues } from './functions.js';
export { holderOf, slotOf, slotReads, slotWrites, type Holder, type Slot } from './slots.js';
export {
  contains,
  enclosingFunction,
  isExported,
  isFunction,
  isInlineFunction,
  isPromiseExecutor,
  memberKey,
  skipWrappers,
  valueParent,
  type FunctionNode,
  type Scope,
  type SourceCode,
  type Variable,
} from './syntax.js';
export { removeSetting, replaceSettingValue } from './setting-edits.js';
export { exportAliases } from './aliases.js';
export { describeProvenance, type Provenance } from './project-files.js';
export { importedFunction, importedValue } from './imports.js';
