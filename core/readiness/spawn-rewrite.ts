/**
 * The rewrite of the clearest harness shape onto spawnListening(), in one block:
 *
 *   const port = await getPort();                                   // a port finder
 *   const child = spawn('node', ['server.js', String(port)], opts); // a Node script of this repository
 *   await waitOn({ resources: [`tcp:${port}`] });                   // a readiness poll
 * →
 *   const { child, port } = await spawnListening(process.execPath, ['server.js', '0'], opts);
 *
 * The child gets port 0 where it got the port, and the port it reports replaces the finder's. It
 * is only done when the script already reports its address (otherwise the harness would wait for
 * a report that never comes): anything else is left for review, with the reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { applyEdits, ensureNamedImport, removeStatement, type Edit } from '../edits.js';
import { HELPER_MODULE } from '../helper-rewrites.js';
import { fallbackModuleStyle } from '../module-style.js';
import { portFinderIndex } from '../port-finders.js';
import { finderOf } from '../port-probe/finders.js';
import { unusedImportEdit } from '../port-probe/imports.js';
import { contains, normalise, type SourceCode, type Variable } from '../port-probe/syntax.js';
import { resolveOrigin, skipWrappers } from '../value-flow/index.js';

export const RECIPES_URL = 'https://github.com/exclusive-bind/exclusive-bind/blob/main/docs/helper/recipes.md';

/** What a child script that reports its address contains. */
const REPORTS = /\breportListening\b|\breport:\s*true\b|@exclusive-bind\/listening/;
const ALLOWED_OPTIONS = new Set(['env', 'cwd']);

export type SpawnRewrite = { edits: Edit[] } | { review: string };

const review = (why: string): SpawnRewrite => ({ review: `${why}; the child must report the address it bound: see ${RECIPES_URL}` });

interface File {
  readonly sourceCode: SourceCode;
  readonly filename: string;
  readonly sourceType: string | undefined;
}

type Block = TSESTree.BlockStatement | TSESTree.Program;

function statementOf(node: TSESTree.Node): TSESTree.Node | undefined {
  let current: TSESTree.Node = node;
  while (current.parent && current.parent.type !== AST_NODE_TYPES.BlockStatement && current.parent.type !== AST_NODE_TYPES.Program) {
    if (current.parent.type.endsWith('Statement') || current.parent.type === AST_NODE_TYPES.VariableDeclaration) {
      if (current.parent.type !== AST_NODE_TYPES.ExpressionStatement && current.parent.type !== AST_NODE_TYPES.VariableDeclaration) return undefined;
    }
    current = current.parent;
  }
  return current;
}

/** `spawn` from child_process, called as `spawn('node' | process.execPath, ['script', …], { env, cwd }?)`. */
function nodeScriptSpawn(file: File, call: TSESTree.CallExpression): { script: string } | string {
  const origin = normalise(resolveOrigin(call.callee, file.sourceCode.getScope(call)));
  if (origin?.root !== 'module:child_process' || origin.path.length !== 1 || origin.path[0] !== 'spawn') {
    return 'the child is not started with child_process.spawn()';
  }
  const [command, args, options, ...rest] = call.arguments;
  const isNode =
    (command?.type === AST_NODE_TYPES.Literal && command.value === 'node') ||
    (command?.type === AST_NODE_TYPES.MemberExpression &&
      command.object.type === AST_NODE_TYPES.Identifier &&
      command.object.name === 'process' &&
      ASTUtils.getPropertyName(command) === 'execPath');
  if (!isNode || rest.length > 0) return 'the child is not a Node script';
  if (args?.type !== AST_NODE_TYPES.ArrayExpression) return 'the child is not a Node script';
  const first = args.elements[0];
  if (first?.type !== AST_NODE_TYPES.Literal || typeof first.value !== 'string' || first.value.startsWith('-')) {
    return 'the child is not a Node script named by a string';
  }
  if (options) {
    if (options.type !== AST_NODE_TYPES.ObjectExpression) return 'the spawn options are not an object literal';
    const keys = options.properties.map((p) => (p.type === AST_NODE_TYPES.Property && !p.computed ? ASTUtils.getPropertyName(p) : null));
    if (keys.some((key) => key === null || !ALLOWED_OPTIONS.has(key))) return 'the spawn options go beyond env and cwd';
  }
  return { script: first.value };
}

/** The script, in the file's folder or its package's: a script of this repository. */
function scriptSource(file: File, script: string): string | undefined {
  if (!path.isAbsolute(file.filename)) return undefined;
  const dir = path.dirname(file.filename);
  let packageDir: string | undefined = dir;
  while (packageDir && !fs.existsSync(path.join(packageDir, 'package.json'))) {
    const parent = path.dirname(packageDir);
    packageDir = parent === packageDir ? undefined : parent;
  }
  for (const root of [dir, packageDir ?? dir]) {
    const candidate = path.resolve(root, script);
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return fs.readFileSync(candidate, 'utf8');
  }
  return undefined;
}

/** The edit that gives the child port 0 where it got the port. */
function portZeroEdit(source: string, ref: TSESTree.Identifier): Edit | undefined {
  const parent = ref.parent;
  // ['--port', port] or { PORT: port }
  if (parent?.type === AST_NODE_TYPES.ArrayExpression || (parent?.type === AST_NODE_TYPES.Property && parent.value === ref)) {
    return { range: ref.range, text: "'0'" };
  }
  // String(port)
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.length === 1 && parent.callee.type === AST_NODE_TYPES.Identifier && parent.callee.name === 'String') {
    return { range: parent.range, text: "'0'" };
  }
  // `--port=${port}` → '--port=0'; with other expressions: `${host}:0`
  if (parent?.type === AST_NODE_TYPES.TemplateLiteral) {
    const [start, end] = ref.range;
    if (source.slice(start - 2, start) !== '${' || source[end] !== '}') return undefined;
    const text = parent.quasis.map((q) => q.value.raw).join('0');
    if (parent.expressions.length === 1 && !/['\\\n]/.test(text)) return { range: parent.range, text: `'${text}'` };
    return { range: [start - 2, end + 1], text: '0' };
  }
  return undefined;
}

/** Zero-width insertions that fall inside a removal become part of it (edits must not overlap). */
function merge(edits: Edit[]): Edit[] {
  const removals = edits.filter((e) => e.range[0] !== e.range[1]);
  const out: Edit[] = [];
  const extra = new Map<Edit, string>();
  for (const edit of edits) {
    if (edit.range[0] !== edit.range[1]) continue;
    const host = removals.find((r) => r.text === '' && r.range[0] <= edit.range[0] && edit.range[0] <= r.range[1]);
    if (host) extra.set(host, `${extra.get(host) ?? ''}${edit.text.replace(/^\n/, '')}\n`);
    else out.push(edit);
  }
  for (const removal of removals) out.push(extra.has(removal) ? { range: removal.range, text: `${removal.text}${extra.get(removal)}` } : removal);
  return out;
}

/**
 * The rewrite of `poll`, waiting on `port`, onto spawnListening(), or why it is left for review.
 */
export function spawnListeningRewrite(file: File, poll: TSESTree.CallExpression, port: Variable): SpawnRewrite {
  const { sourceCode } = file;
  const source = sourceCode.text;
  // S3: `await poll(…);` as a statement of its own.
  const awaited = poll.parent;
  const pollStatement = awaited?.type === AST_NODE_TYPES.AwaitExpression ? awaited.parent : undefined;
  if (pollStatement?.type !== AST_NODE_TYPES.ExpressionStatement) return review('the poll is not a statement `await poll(…)` of its own');
  const block = pollStatement.parent as Block;

  // S1: `const port = await finder(…);` in the same block.
  const def = port.defs.length === 1 ? port.defs[0] : undefined;
  const declarator = def?.type === 'Variable' ? def.node : undefined;
  const declaration = declarator?.parent;
  const finderCall = declarator?.init && skipWrappers(declarator.init).type === AST_NODE_TYPES.AwaitExpression
    ? skipWrappers((skipWrappers(declarator.init) as TSESTree.AwaitExpression).argument)
    : undefined;
  if (
    !declarator ||
    declaration?.type !== AST_NODE_TYPES.VariableDeclaration ||
    declaration.declarations.length !== 1 ||
    declarator.id.type !== AST_NODE_TYPES.Identifier ||
    declaration.parent !== block ||
    finderCall?.type !== AST_NODE_TYPES.CallExpression ||
    !finderOf(portFinderIndex(), finderCall, sourceCode.getScope(finderCall)) ||
    port.references.some((ref) => ref.isWrite() && ref.identifier !== declarator.id)
  ) {
    return review('the port does not come from a port finder declared in the same block');
  }

  // S2: the one statement between them that hands the port to the child.
  const between = port.references.filter((ref) => ref.isRead() && ref.identifier.range[0] > declaration.range[1] && ref.identifier.range[0] < pollStatement.range[0]);
  const childStatements = new Set(between.map((ref) => statementOf(ref.identifier)));
  if (childStatements.size !== 1) return review('the port is used by more than the child between the finder and the poll');
  const childStatement = [...childStatements][0];
  if (!childStatement || childStatement.parent !== block) return review('the child is started in another block');
  let childCall: TSESTree.Node | undefined;
  let head: { range: [number, number]; text: (portLater: boolean) => string } | undefined;
  let tail: ((portLater: boolean) => string) | undefined;
  let keepDeclaration = false;
  if (childStatement.type === AST_NODE_TYPES.VariableDeclaration && childStatement.declarations.length === 1) {
    const only = childStatement.declarations[0]!;
    if (only.id.type !== AST_NODE_TYPES.Identifier || !only.init) return review('the child is not held in a plain variable');
    const name = only.id.name;
    childCall = skipWrappers(only.init);
    head = {
      range: [childStatement.range[0], only.init.range[0]],
      text: (later) => `${childStatement.kind} { ${name === 'child' ? 'child' : `child: ${name}`}${later ? `, ${port.name}` : ''} } = `,
    };
  } else if (childStatement.type === AST_NODE_TYPES.ExpressionStatement) {
    const expression = skipWrappers(childStatement.expression);
    if (expression.type === AST_NODE_TYPES.CallExpression) {
      childCall = expression;
      head = { range: [expression.range[0], expression.range[0]], text: (later) => (later ? `const { ${port.name} } = ` : '') };
    } else if (expression.type === AST_NODE_TYPES.AssignmentExpression && expression.operator === '=' && expression.right.type === AST_NODE_TYPES.CallExpression) {
      // `server = spawn(…)` (an outer `let` set in a test hook): `({ child: server, port } = await …)`
      // with `let port;` in place of the finder, or `server = (await …).child` when the port is not read later.
      const target = source.slice(expression.left.range[0], expression.left.range[1]);
      const right = expression.right;
      childCall = right;
      const before = source.slice(0, childStatement.range[0]).trimEnd().at(-1);
      const guard = before === undefined || before === ';' || before === '{' || before === '}' ? '' : ';';
      head = {
        range: [childStatement.range[0], right.range[0]],
        text: (later) => (later ? `${guard}({ child: ${target}, ${port.name} } = ` : `${target} = (`),
      };
      tail = (later) => (later ? ')' : ').child');
      keepDeclaration = true;
    }
  }
  if (childCall?.type !== AST_NODE_TYPES.CallExpression || !head) return review('the child is not started by a statement of its own');
  const call = childCall;
  if (between.some((ref) => !contains(call, ref.identifier))) return review('the port is used outside the child process call');
  const spawned = nodeScriptSpawn(file, call);
  if (typeof spawned === 'string') return review(spawned);
  const script = scriptSource(file, spawned.script);
  if (script === undefined) return review(`the child script ${spawned.script} is not a file of this repository`);
  if (!REPORTS.test(script)) return review(`the child script ${spawned.script} does not report its address yet (listenExclusive() with report: true, or reportListening())`);

  const portEdits = between.map((ref) => portZeroEdit(source, ref.identifier as TSESTree.Identifier));
  if (portEdits.some((e) => e === undefined)) return review('the port reaches the child in a form the codemod does not rewrite');

  const portLater = port.references.some((ref) => ref.isRead() && ref.identifier.range[0] > pollStatement.range[1]);
  const helper = ensureNamedImport(source, sourceCode.ast, HELPER_MODULE, 'spawnListening', fallbackModuleStyle(file));
  const command = call.arguments[0]!;
  const edits: Edit[] = [
    ...helper.edits,
    keepDeclaration && portLater ? { range: declaration.range, text: `let ${port.name};` } : removeStatement(source, declaration),
    removeStatement(source, pollStatement),
    ...(tail ? [{ range: [call.range[1], call.range[1]], text: tail(portLater) } as Edit] : []),
    // One edit from the statement's head to the end of the callee: they touch.
    { range: [head.range[0], call.callee.range[1]], text: `${head.text(portLater) ?? ''}await ${helper.expression}` },
    ...(command.type === AST_NODE_TYPES.Literal ? [{ range: command.range, text: 'process.execPath' } as Edit] : []),
    ...(portEdits as Edit[]),
  ];
  // The finder, the poll and spawn lose their only use: drop their imports.
  for (const gone of [finderCall, poll, call]) {
    const edit = unusedImportEdit(sourceCode, gone);
    if (edit) edits.push(edit);
  }
  const merged = merge(edits);
  try {
    applyEdits(source, merged);
  } catch {
    return review('the edits would overlap');
  }
  return { edits: merged };
}
