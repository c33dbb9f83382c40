/**
 * The import edits of the listen-on-0 rewrite: drop the finder's import or require once the
 * rewrite removes its only use, and add `once` from events for awaiting 'listening'. An import
 * that is still used elsewhere, or a `once` that would shadow another, stops the rewrite.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { ensureNamedImport, removeStatement, skipTrivia, type Edit } from '../edits.js';
import { skipWrappers } from '../value-flow/index.js';
import { contains, type SourceCode } from './syntax.js';
import { fallbackModuleStyle, type ModuleContext } from '../module-style.js';

/** The statement that imports / requires the binding a finder call starts from, if only it uses it. */
export function unusedImportEdit(sourceCode: SourceCode, call: TSESTree.CallExpression): Edit | undefined {
  const source = sourceCode.text;
  let root: TSESTree.Node = skipWrappers(call.callee);
  while (root.type === AST_NODE_TYPES.MemberExpression) root = skipWrappers(root.object);
  if (root.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(sourceCode.getScope(call), root);
  if (!variable || variable.defs.length !== 1 || variable.references.some((ref) => ref.identifier !== root && ref.isRead())) {
    return undefined;
  }
  const def = variable.defs[0]!;
  if (def.type === 'ImportBinding') {
    const node = def.node;
    if (node.type === AST_NODE_TYPES.TSImportEqualsDeclaration) return removeStatement(source, node);
    const declaration = node.parent;
    if (declaration?.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
    if (declaration.specifiers.length === 1) return removeStatement(source, declaration);
    return removeSpecifier(source, declaration, node);
  }
  if (def.type === 'Variable') {
    const declarator = def.node;
    const declaration = declarator.parent;
    if (declaration.type !== AST_NODE_TYPES.VariableDeclaration) return undefined;
    if (declarator.id.type === AST_NODE_TYPES.Identifier || declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
      const pattern = declarator.id;
      if (pattern.type === AST_NODE_TYPES.ObjectPattern && pattern.properties.length > 1) {
        const property = pattern.properties.find((p) => contains(p, def.name));
        return property && property.value === def.name ? removeListItem(pattern.properties, property) : undefined;
      }
      return declaration.declarations.length === 1 ? removeStatement(source, declaration) : undefined;
    }
  }
  return undefined;
}

/** Removes one specifier of an import that keeps others: `d, { a }`, `d, * as ns`, `{ a, b }`. */
function removeSpecifier(source: string, declaration: TSESTree.ImportDeclaration, specifier: TSESTree.Node): Edit {
  const named = declaration.specifiers.filter((s) => s.type === AST_NODE_TYPES.ImportSpecifier);
  if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
    if (named.length > 1) return removeListItem(named, specifier);
    // The only named one, after a default: `import d, { a } from` → `import d from`.
    const close = source.indexOf('}', specifier.range[1]);
    return { range: [declaration.specifiers[0]!.range[1], close + 1], text: '' };
  }
  // The default, before `{ … }` or `* as ns`: drop it with its comma.
  const comma = source.indexOf(',', specifier.range[1]);
  return { range: [specifier.range[0], skipTrivia(source, comma + 1)], text: '' };
}

/** Removes one item of a comma-separated list (named import specifiers, pattern properties). */
function removeListItem(items: readonly TSESTree.Node[], item: TSESTree.Node): Edit {
  const index = items.indexOf(item);
  const next = items[index + 1];
  if (next) return { range: [item.range[0], next.range[0]], text: '' };
  const previous = items[index - 1]!;
  return { range: [previous.range[1], item.range[1]], text: '' };
}

/** Adds `once` from events (in the file's module style) unless something else is called `once`. */
export function onceImport(
  sourceCode: SourceCode,
  module: ModuleContext,
  at: TSESTree.Node,
): { expression: string; edits: Edit[] } | undefined {
  const source = sourceCode.text;
  const usesBare = source.includes("'events'") || source.includes('"events"');
  const moduleName = usesBare ? 'events' : 'node:events';
  const result = ensureNamedImport(source, sourceCode.ast, moduleName, 'once', fallbackModuleStyle(module));
  const head = result.expression.split('.')[0]!;
  const existing = ASTUtils.findVariable(sourceCode.getScope(at), head);
  if (existing && existing.defs.length > 0 && result.edits.length > 0) return undefined;
  return result;
}

/** Merges an insertion that falls inside a removed range into that removal. */
export function combine(removal: Edit | undefined, insertions: readonly Edit[]): Edit[] {
  if (!removal) return [...insertions];
  const out: Edit[] = [];
  let merged = removal;
  for (const edit of insertions) {
    const at = edit.range[0];
    if (edit.range[0] === edit.range[1] && at >= removal.range[0] && at <= removal.range[1]) {
      merged = { range: removal.range, text: `${merged.text}${edit.text.replace(/^\n/, '')}\n` };
    } else {
      out.push(edit);
    }
  }
  return [...out, merged];
}
