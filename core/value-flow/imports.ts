/**
 * What a name imported from one of the project's own modules stands for: the export's node in
 * the file it comes from (project-files.ts), found from the importing side. Import declarations
 * (named, default, namespace members), `require('./x')` (whole, destructured, or `.name`), and
 * TypeScript `import x = require('./x')`.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { isProjectSpecifier, scopeFinder } from './modules.js';
import { exportedValue, hasWholeModuleExport, importedFile, type ExportedValue, type ProjectFile } from './project-files.js';
import { isFunction, memberKey, skipWrappers, type FunctionNode, type Scope } from './syntax.js';

/** The project file a `require('./x')` call loads, if it is one. */
export function requiredFile(node: TSESTree.Node, scope: Scope): ProjectFile | undefined {
  const bare = skipWrappers(node);
  if (bare.type !== AST_NODE_TYPES.CallExpression || bare.callee.type !== AST_NODE_TYPES.Identifier || bare.callee.name !== 'require') return undefined;
  if (ASTUtils.findVariable(scope, bare.callee)?.defs.length) return undefined;
  const argument = bare.arguments[0];
  if (argument?.type !== AST_NODE_TYPES.Literal || typeof argument.value !== 'string') return undefined;
  return projectSource(argument.value, scope);
}

function projectSource(specifier: string, scope: Scope): ProjectFile | undefined {
  return isProjectSpecifier(specifier, scope) ? importedFile(specifier, scope) : undefined;
}

/** A whole project module bound to `identifier`: a namespace import, `import x = require()`, or `const x = require('./x')`. */
export function namespaceFile(identifier: TSESTree.Identifier, scope: Scope): ProjectFile | undefined {
  const variable = ASTUtils.findVariable(scope, identifier);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!def) return undefined;
  if (def.type === 'ImportBinding') {
    const node = def.node;
    if (node.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return projectSource(node.parent.source.value, scope);
    if (node.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
      const ref = node.moduleReference;
      if (ref.type === AST_NODE_TYPES.TSExternalModuleReference && ref.expression.type === AST_NODE_TYPES.Literal) {
        const project = projectSource(String(ref.expression.value), scope);
        return project && !hasWholeModuleExport(project) ? project : undefined;
      }
    }
    return undefined;
  }
  if (def.type === 'Variable' && def.node.id === def.name && def.node.init && variable!.references.every((ref) => !ref.isWrite() || ref.init)) {
    const project = requiredFile(def.node.init, scope);
    return project && !hasWholeModuleExport(project) ? project : undefined;
  }
  return undefined;
}

/** The export an identifier is bound to: `import { a }`, `import a from`, `const { a } = require()`, `const a = require()`. */
function importedBinding(identifier: TSESTree.Identifier, scope: Scope): { project: ProjectFile; name: string } | undefined {
  const variable = ASTUtils.findVariable(scope, identifier);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!def) return undefined;
  if (def.type === 'ImportBinding') {
    const node = def.node;
    if (node.type === AST_NODE_TYPES.ImportSpecifier || node.type === AST_NODE_TYPES.ImportDefaultSpecifier) {
      const source = node.parent.type === AST_NODE_TYPES.ImportDeclaration ? node.parent.source.value : undefined;
      const project = source === undefined ? undefined : projectSource(source, scope);
      if (!project) return undefined;
      if (node.type === AST_NODE_TYPES.ImportDefaultSpecifier) return { project, name: 'default' };
      return { project, name: node.imported.type === AST_NODE_TYPES.Identifier ? node.imported.name : String(node.imported.value) };
    }
    if (node.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
      const ref = node.moduleReference;
      if (ref.type !== AST_NODE_TYPES.TSExternalModuleReference || ref.expression.type !== AST_NODE_TYPES.Literal) return undefined;
      const project = projectSource(String(ref.expression.value), scope);
      return project && hasWholeModuleExport(project) ? { project, name: 'default' } : undefined;
    }
    return undefined;
  }
  if (def.type !== 'Variable' || !def.node.init || variable!.references.some((ref) => ref.isWrite() && !ref.init)) return undefined;
  const project = requiredFile(def.node.init, scope);
  if (!project) return undefined;
  if (def.node.id === def.name) return hasWholeModuleExport(project) ? { project, name: 'default' } : undefined;
  const property = def.name.parent;
  if (property?.type === AST_NODE_TYPES.Property && property.value === def.name && property.parent === def.node.id && !property.computed) {
    const key = ASTUtils.getPropertyName(property);
    return key == null ? undefined : { project, name: key };
  }
  return undefined;
}

/** What an imported name (or `ns.name` of an imported namespace) stands for in its own file. */
export function importedValue(node: TSESTree.Node, scope: Scope): ExportedValue | undefined {
  const bare = skipWrappers(node);
  if (bare.type === AST_NODE_TYPES.Identifier) {
    const binding = importedBinding(bare, scope);
    return binding && exportedValue(binding.project, binding.name);
  }
  if (bare.type === AST_NODE_TYPES.MemberExpression) {
    const key = memberKey(bare);
    if (key === undefined) return undefined;
    const object = skipWrappers(bare.object);
    const project = object.type === AST_NODE_TYPES.Identifier ? namespaceFile(object, scope) : requiredFile(object, scope);
    return project && exportedValue(project, key);
  }
  return undefined;
}

/** The function an exported value is: `export function f`, `export const f = () => …`, `export default function`. */
export function functionOfValue(value: ExportedValue, depth = 0): FunctionNode | undefined {
  if (depth > 4) return undefined;
  const node = skipWrappers(value.node);
  if (isFunction(node)) return node;
  if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(value.scope, node);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type === 'FunctionName' && isFunction(def.node)) return def.node;
  if (def?.type === 'Variable' && def.node.init && variable!.references.every((ref) => !ref.isWrite() || ref.init)) {
    const init = skipWrappers(def.node.init);
    if (isFunction(init)) return init;
    // `export const f = g` / `export { g as f }` of a function declared in the file.
    if (init.type === AST_NODE_TYPES.Identifier) return functionOfValue({ ...value, node: init, scope: scopeFinder(value.scope)(init) }, depth + 1);
  }
  return undefined;
}

/** The function an imported callee stands for in its own file, with where it is. */
export function importedFunction(callee: TSESTree.Node, scope: Scope): { fn: FunctionNode; value: ExportedValue } | undefined {
  const value = importedValue(callee, scope);
  const fn = value && functionOfValue(value);
  return fn && value ? { fn, value } : undefined;
}
