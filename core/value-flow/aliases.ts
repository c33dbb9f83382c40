/**
 * Local names that stand for a module export under another name: `import { createSocket as udp }
 * from 'dgram'`, `const { serve: start } = require('bun')`, and re-bindings of those
 * (`const mk = createReuseportFd`). Rules pick their candidate calls by name before any scope
 * lookup; this table, built once per file from its top-level statements, lets them see `udp(…)`
 * as a `createSocket(…)` candidate. resolveOrigin then decides what the name really is.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { skipWrappers } from './syntax.js';

const tables = new WeakMap<TSESTree.Program, ReadonlyMap<string, string>>();

function isModuleLoad(node: TSESTree.Node | null | undefined): boolean {
  if (!node) return false;
  const bare = skipWrappers(node);
  if (bare.type === AST_NODE_TYPES.AwaitExpression) return bare.argument.type === AST_NODE_TYPES.ImportExpression;
  if (bare.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipWrappers(bare.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name === 'require';
  return callee.type === AST_NODE_TYPES.MemberExpression && ASTUtils.getPropertyName(callee) === 'getBuiltinModule';
}

function programOfNode(node: TSESTree.Node): TSESTree.Program {
  let current = node;
  while (current.parent) current = current.parent;
  return current as TSESTree.Program;
}

/** local name → the export it stands for, for the file that holds `node`. */
export function exportAliases(node: TSESTree.Node): ReadonlyMap<string, string> {
  const program = programOfNode(node);
  const cached = tables.get(program);
  if (cached) return cached;
  const table = new Map<string, string>();
  const imported = new Set<string>();
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration) {
      for (const specifier of statement.specifiers) {
        if (specifier.type !== AST_NODE_TYPES.ImportSpecifier) continue;
        const name = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : String(specifier.imported.value);
        imported.add(specifier.local.name);
        if (name !== specifier.local.name) table.set(specifier.local.name, name);
      }
      continue;
    }
    const declaration =
      statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
    if (declaration?.type !== AST_NODE_TYPES.VariableDeclaration) continue;
    for (const declarator of declaration.declarations) {
      if (declarator.id.type === AST_NODE_TYPES.ObjectPattern && isModuleLoad(declarator.init)) {
        for (const property of declarator.id.properties) {
          if (property.type !== AST_NODE_TYPES.Property || property.computed) continue;
          const key = ASTUtils.getPropertyName(property);
          const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
          if (key == null || value.type !== AST_NODE_TYPES.Identifier) continue;
          imported.add(value.name);
          if (key !== value.name) table.set(value.name, key);
        }
      } else if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.init) {
        // `const mk = createReuseportFd` / `const mk = udp`: a re-binding of an imported name.
        const init = skipWrappers(declarator.init);
        if (init.type === AST_NODE_TYPES.Identifier && imported.has(init.name)) {
          table.set(declarator.id.name, table.get(init.name) ?? init.name);
          imported.add(declarator.id.name);
        }
      }
    }
  }
  tables.set(program, table);
  return table;
}
