/**
 * Source edits shared by the rules' suggestions and the codemods, so both make the same rewrite
 * for the same code. Edits are plain `{ range, text }` records over the original source text.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

export interface Edit {
  readonly range: readonly [number, number];
  readonly text: string;
}

/** Applies non-overlapping edits to `source`. */
export function applyEdits(source: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.range[0] - a.range[0]);
  let out = source;
  let limit = Infinity;
  for (const edit of sorted) {
    if (edit.range[1] > limit) throw new Error('overlapping edits');
    out = out.slice(0, edit.range[0]) + edit.text + out.slice(edit.range[1]);
    limit = edit.range[0];
  }
  return out;
}

/** Index of the first character at or after `from` that is not white space or a comment. */
export function skipTrivia(source: string, from: number): number {
  let i = from;
  for (;;) {
    while (i < source.length && /\s/.test(source[i]!)) i++;
    if (source.startsWith('//', i)) {
      const end = source.indexOf('\n', i);
      i = end === -1 ? source.length : end;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? source.length : end + 2;
    } else {
      return i;
    }
  }
}

/** Index just after the last non-trivia character before `to`, skipping spaces only. */
function skipSpacesBack(source: string, to: number): number {
  let i = to;
  while (i > 0 && (source[i - 1] === ' ' || source[i - 1] === '\t')) i--;
  return i;
}

function lineStart(source: string, index: number): number {
  return source.lastIndexOf('\n', index - 1) + 1;
}

function lineEnd(source: string, index: number): number {
  const end = source.indexOf('\n', index);
  return end === -1 ? source.length : end;
}

function indentOf(source: string, index: number): string {
  const start = lineStart(source, index);
  return /^[ \t]*/.exec(source.slice(start))![0];
}

/** Removes a property from an object literal, with its comma, keeping the rest as it was laid out. */
export function removeProperty(
  source: string,
  object: TSESTree.ObjectExpression,
  property: TSESTree.Node,
): Edit[] {
  if (object.properties.length === 1) {
    return [{ range: [object.range[0] + 1, object.range[1] - 1], text: '' }];
  }
  const [start, end] = property.range;
  const next = skipTrivia(source, end);
  const hasComma = source[next] === ',';
  const removalEnd = hasComma ? next + 1 : end;
  const before = source.slice(lineStart(source, start), start);
  const after = source.slice(removalEnd, lineEnd(source, removalEnd));
  if (/^\s*$/.test(before) && /^\s*$/.test(after)) {
    // The property owns its line(s): remove them whole.
    const from = lineStart(source, start);
    const to = Math.min(lineEnd(source, removalEnd) + 1, source.length);
    const index = object.properties.indexOf(property as TSESTree.ObjectLiteralElement);
    if (!hasComma && index === object.properties.length - 1) {
      // Last property without a trailing comma: the previous one's comma must go as well.
      const previous = object.properties[index - 1]!;
      const comma = skipTrivia(source, previous.range[1]);
      return [
        { range: [comma, comma + 1], text: '' },
        { range: [from, to], text: '' },
      ];
    }
    return [{ range: [from, to], text: '' }];
  }
  if (hasComma) {
    return [{ range: [start, skipTrivia(source, removalEnd) === removalEnd ? removalEnd : spacesAfter(source, removalEnd)], text: '' }];
  }
  // Last on a shared line: take the preceding comma and spaces instead.
  const index = object.properties.indexOf(property as TSESTree.ObjectLiteralElement);
  const previous = object.properties[index - 1]!;
  const comma = skipTrivia(source, previous.range[1]);
  return [{ range: [source[comma] === ',' ? comma : skipSpacesBack(source, start), end], text: '' }];
}

function spacesAfter(source: string, index: number): number {
  let i = index;
  while (source[i] === ' ' || source[i] === '\t') i++;
  return i;
}

/** Replaces a property's value. */
export function replaceValue(property: TSESTree.Property, text: string): Edit[] {
  return [{ range: property.value.range, text }];
}

/** Adds `key: value` at the end of an object literal, following its layout. */
export function addProperty(source: string, object: TSESTree.ObjectExpression, entry: string): Edit[] {
  const last = object.properties.at(-1);
  if (!last) return [{ range: [object.range[0], object.range[1]], text: `{ ${entry} }` }];
  const afterLast = skipTrivia(source, last.range[1]);
  const trailingComma = source[afterLast] === ',';
  const multiline = source.slice(object.range[0], last.range[0]).includes('\n');
  if (multiline) {
    const indent = indentOf(source, last.range[0]);
    return trailingComma
      ? [{ range: [afterLast + 1, afterLast + 1], text: `\n${indent}${entry},` }]
      : [{ range: [last.range[1], last.range[1]], text: `,\n${indent}${entry}` }];
  }
  return trailingComma
    ? [{ range: [afterLast + 1, afterLast + 1], text: ` ${entry},` }]
    : [{ range: [last.range[1], last.range[1]], text: `, ${entry}` }];
}

/** Inserts an argument before the argument at `index` (or at the end). */
export function insertArgument(
  source: string,
  call: TSESTree.CallExpression,
  index: number,
  text: string,
): Edit[] {
  const before = call.arguments[index];
  if (before) return [{ range: [before.range[0], before.range[0]], text: `${text}, ` }];
  const last = call.arguments.at(-1);
  if (last) return [{ range: [last.range[1], last.range[1]], text: `, ${text}` }];
  const open = source.indexOf('(', call.callee.range[1]);
  return [{ range: [open + 1, open + 1], text }];
}

export type ModuleStyle = 'esm' | 'cjs';

interface Layout {
  quote: string;
  semi: string;
}

function layoutOf(source: string, program: TSESTree.Program): Layout {
  const firstString = program.body
    .map((s) => source.slice(s.range[0], s.range[1]))
    .join('\n')
    .match(/['"]/);
  const first = program.body[0];
  const semi = first && source.slice(first.range[0], first.range[1]).trimEnd().endsWith(';') ? ';' : '';
  return { quote: firstString?.[0] ?? "'", semi: first ? semi : ';' };
}

function isRequireOf(node: TSESTree.Node | null | undefined, moduleName: string): boolean {
  return (
    node?.type === AST_NODE_TYPES.CallExpression &&
    node.callee.type === AST_NODE_TYPES.Identifier &&
    node.callee.name === 'require' &&
    node.arguments[0]?.type === AST_NODE_TYPES.Literal &&
    node.arguments[0].value === moduleName
  );
}

function isRequireDeclaration(statement: TSESTree.Node): boolean {
  return (
    statement.type === AST_NODE_TYPES.VariableDeclaration &&
    statement.declarations.some(
      (d) =>
        d.init?.type === AST_NODE_TYPES.CallExpression &&
        d.init.callee.type === AST_NODE_TYPES.Identifier &&
        d.init.callee.name === 'require',
    )
  );
}

/** ESM if the file imports or exports; CommonJS if it requires at the top level; else `fallback`. */
export function moduleStyleOf(program: TSESTree.Program, fallback: ModuleStyle): ModuleStyle {
  if (
    program.body.some(
      (s) =>
        s.type === AST_NODE_TYPES.ImportDeclaration ||
        s.type === AST_NODE_TYPES.ExportNamedDeclaration ||
        s.type === AST_NODE_TYPES.ExportDefaultDeclaration ||
        s.type === AST_NODE_TYPES.ExportAllDeclaration,
    )
  ) {
    return 'esm';
  }
  if (program.body.some(isRequireDeclaration)) return 'cjs';
  return usesCommonJs(program) ? 'cjs' : fallback;
}

/** A top-level `require(…)` call, `module.exports` or `exports.x =` anywhere at the top level. */
function usesCommonJs(program: TSESTree.Program): boolean {
  const isCjsNode = (node: TSESTree.Node | null | undefined): boolean => {
    if (!node) return false;
    if (node.type === AST_NODE_TYPES.CallExpression) {
      return (node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'require') || isCjsNode(node.callee);
    }
    if (node.type === AST_NODE_TYPES.MemberExpression) {
      if (node.object.type === AST_NODE_TYPES.Identifier && (node.object.name === 'module' || node.object.name === 'exports')) return true;
      return isCjsNode(node.object);
    }
    if (node.type === AST_NODE_TYPES.AssignmentExpression) return isCjsNode(node.left) || isCjsNode(node.right);
    return false;
  };
  return program.body.some((statement) => statement.type === AST_NODE_TYPES.ExpressionStatement && isCjsNode(statement.expression));
}

/**
 * Makes `name` from `moduleName` available in the file: reuses an existing binding, merges into an
 * existing import / destructured require, or adds a statement in the file's module style.
 * Returns the expression to use and the edits.
 */
export function ensureNamedImport(
  source: string,
  program: TSESTree.Program,
  moduleName: string,
  name: string,
  fallback: ModuleStyle,
  defaultIsExports = false,
): { expression: string; edits: Edit[] } {
  for (const statement of program.body) {
    if (
      statement.type === AST_NODE_TYPES.ImportDeclaration &&
      statement.source.value === moduleName &&
      statement.importKind !== 'type'
    ) {
      const named = statement.specifiers.filter(
        (s): s is TSESTree.ImportSpecifier => s.type === AST_NODE_TYPES.ImportSpecifier,
      );
      const existing = named.find(
        (s) =>
          s.importKind !== 'type' &&
          (s.imported.type === AST_NODE_TYPES.Identifier ? s.imported.name : s.imported.value) === name,
      );
      if (existing) return { expression: existing.local.name, edits: [] };
      // A CommonJS package's default import is its exports object.
      const namespace = statement.specifiers.find(
        (s) =>
          s.type === AST_NODE_TYPES.ImportNamespaceSpecifier ||
          (s.type === AST_NODE_TYPES.ImportDefaultSpecifier && defaultIsExports),
      );
      if (namespace) return { expression: `${namespace.local.name}.${name}`, edits: [] };
      const lastNamed = named.at(-1);
      if (lastNamed) {
        return { expression: name, edits: [{ range: [lastNamed.range[1], lastNamed.range[1]], text: `, ${name}` }] };
      }
    }
    if (statement.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of statement.declarations) {
        if (!isRequireOf(declarator.init, moduleName)) continue;
        if (declarator.id.type === AST_NODE_TYPES.Identifier) {
          return { expression: `${declarator.id.name}.${name}`, edits: [] };
        }
        if (declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
          const props = declarator.id.properties;
          const existing = props.find(
            (p) =>
              p.type === AST_NODE_TYPES.Property &&
              p.key.type === AST_NODE_TYPES.Identifier &&
              p.key.name === name &&
              p.value.type === AST_NODE_TYPES.Identifier,
          ) as TSESTree.Property | undefined;
          if (existing) return { expression: (existing.value as TSESTree.Identifier).name, edits: [] };
          const lastProp = props.at(-1);
          if (lastProp && lastProp.type !== AST_NODE_TYPES.RestElement) {
            return { expression: name, edits: [{ range: [lastProp.range[1], lastProp.range[1]], text: `, ${name}` }] };
          }
        }
      }
    }
  }
  const style = moduleStyleOf(program, fallback);
  const { quote, semi } = layoutOf(source, program);
  const line =
    style === 'esm'
      ? `import { ${name} } from ${quote}${moduleName}${quote}${semi}`
      : `const { ${name} } = require(${quote}${moduleName}${quote})${semi}`;
  const anchors = program.body.filter((s) =>
    style === 'esm' ? s.type === AST_NODE_TYPES.ImportDeclaration : isRequireDeclaration(s),
  );
  const lastAnchor = anchors.at(-1);
  if (lastAnchor) {
    return { expression: name, edits: [{ range: [lastAnchor.range[1], lastAnchor.range[1]], text: `\n${line}` }] };
  }
  const directives = program.body.filter(
    (s) => s.type === AST_NODE_TYPES.ExpressionStatement && typeof s.directive === 'string',
  );
  const first = program.body[directives.length];
  const floor = directives.at(-1)?.range[1] ?? (source.startsWith('#!') ? lineEnd(source, 0) + 1 : 0);
  const at = first ? insertionPoint(source, floor, first.range[0]) : source.length;
  const prefix = at > 0 && source[at - 1] !== '\n' ? '\n' : '';
  return { expression: name, edits: [{ range: [at, at], text: `${prefix}${line}\n` }] };
}

/**
 * Where a new first statement goes: above the comment block attached to the statement at `index`
 * (a doc comment stays with its statement), below a header separated by a blank line.
 */
function insertionPoint(source: string, floor: number, index: number): number {
  const gap = source.slice(floor, index);
  if (!gap.trim()) return index;
  const blank = /\n[ \t]*\n(?![\s\S]*\n[ \t]*\n)/.exec(gap);
  if (blank) return floor + blank.index + blank[0].length;
  const firstLine = floor === 0 ? 0 : lineEnd(source, floor) + 1;
  return Math.min(firstLine, index);
}

/**
 * Removes a statement (or an import/declaration): whole lines when it owns them, otherwise just
 * its text and the spaces after it.
 */
export function removeStatement(source: string, statement: TSESTree.Node): Edit {
  const [start, end] = statement.range;
  const from = lineStart(source, start);
  const to = lineEnd(source, end);
  if (/^[ \t]*$/.test(source.slice(from, start)) && /^[ \t]*$/.test(source.slice(end, to))) {
    return { range: [from, Math.min(to + 1, source.length)], text: '' };
  }
  return { range: [start, spacesAfter(source, end)], text: '' };
}
