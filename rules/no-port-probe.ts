/**
 * no-port-probe: check-then-bind port finders (platform-facts §7). A port that was free when a
 * finder looked is nobody's until someone binds it; parallel test workers and restarting servers
 * take it in between.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { ensureNamedImport, removeStatement, skipTrivia, type Edit } from '../core/edits.js';
import { reportFinding, type Checker, type Finding, type SuggestionSpec } from '../core/finding.js';
import { lookupOption } from '../core/options.js';
import { portFinderIndex, type ExtraPortFinder, type ResolvedPortFinder } from '../core/port-finders.js';
import { createRule } from '../core/rule-creator.js';
import { classifySocketCall, isSocketCallCandidate, type SocketCall } from '../core/socket-calls.js';
import type { SocketApiId } from '../core/socket-apis.js';
import { resolveOrigin, skipWrappers, type Origin } from '../core/tracking.js';

type Options = [{ packages?: ExtraPortFinder[] }];
type MessageIds = 'portProbe' | 'portProbeChild' | 'listenOnZero';
type Scope = TSESLint.Scope.Scope;
type Variable = TSESLint.Scope.Variable;
type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

export const REVIEW_CHILD = 'the port goes to a child process: let the child bind port 0 and report its port';
export const REVIEW_BY_HAND =
  'the port is not used by a single listen() of a server created in the same function: bind port 0 where the port is used, or bind the wanted port and handle EADDRINUSE';
export const REVIEW_PROBE = 'hand-written probe: bind port 0 where the port is used and read it back';
export const REVIEW_PREFERRED =
  'the finder prefers a port or range; port 0 lets the OS pick any free port: check that nothing relies on the old range';
export const REVIEW_MOVED =
  'the port is used before the listen(): the bind moves up to where the port was picked; check that the statements in between need not run first';

/** APIs a hand-written probe binds with, and how it reads the port back and lets it go. */
const PROBE_APIS: Partial<Record<SocketApiId, { read: 'address()' | 'port' | 'addr'; close: string }>> = {
  'node:server.listen': { read: 'address()', close: 'close' },
  'bun:serve': { read: 'port', close: 'stop' },
  'bun:listen': { read: 'port', close: 'stop' },
  'deno:listen': { read: 'addr', close: 'close' },
  'deno:listenTls': { read: 'addr', close: 'close' },
  'deno:serve': { read: 'addr', close: 'shutdown' },
};

const CHILD_PROCESS_FUNCTIONS = new Set(['spawn', 'spawnSync', 'fork', 'exec', 'execSync', 'execFile', 'execFileSync']);
const EXECA_FUNCTIONS = new Set(['execa', 'execaSync', 'execaNode', 'execaCommand', 'execaCommandSync', '$']);

function normalise(origin: Origin | undefined): Origin | undefined {
  if (!origin) return undefined;
  return origin.path[0] === 'default' ? { root: origin.root, path: origin.path.slice(1) } : origin;
}

function isFunction(node: TSESTree.Node): node is FunctionNode {
  return (
    node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionDeclaration ||
    node.type === AST_NODE_TYPES.FunctionExpression
  );
}

function isLoop(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.ForStatement ||
    node.type === AST_NODE_TYPES.ForInStatement ||
    node.type === AST_NODE_TYPES.ForOfStatement ||
    node.type === AST_NODE_TYPES.WhileStatement ||
    node.type === AST_NODE_TYPES.DoWhileStatement
  );
}

function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current)) return current;
  }
  return undefined;
}

/** `new Promise((resolve, reject) => …)`: the executor runs at once, as part of its caller. */
function isPromiseExecutor(fn: FunctionNode): boolean {
  const parent = fn.parent;
  return (
    parent?.type === AST_NODE_TYPES.NewExpression &&
    parent.arguments[0] === fn &&
    parent.callee.type === AST_NODE_TYPES.Identifier &&
    parent.callee.name === 'Promise'
  );
}

function isTsFile(filename: string): boolean {
  return /\.[cm]?tsx?$/.test(filename);
}

/** A variable from a reference identifier or a declared name. */
function variableOf(identifier: TSESTree.Node, scope: Scope): Variable | undefined {
  const bare = skipWrappers(identifier);
  if (bare.type !== AST_NODE_TYPES.Identifier) return undefined;
  return ASTUtils.findVariable(scope, bare) ?? undefined;
}

function refersTo(node: TSESTree.Node | undefined, variable: Variable): boolean {
  if (!node) return false;
  const bare = skipWrappers(node);
  return bare.type === AST_NODE_TYPES.Identifier && variable.references.some((ref) => ref.identifier === bare);
}

export const checker: Checker<MessageIds, Options> = (context, [options], emit) => {
  const sourceCode = context.sourceCode;
  const source = sourceCode.text;
  const finders = portFinderIndex(options.packages ?? []);
  const finderModules = [...new Set([...finders.values()].map((f) => f.module))];
  // Cheap file-level pre-check: a finder can only be called where its module name is written.
  const mentionsFinder = finderModules.some((name) => source.includes(name));
  const getScope = (node: TSESTree.Node) => sourceCode.getScope(node);

  function finderOf(node: TSESTree.CallExpression, scope: Scope): ResolvedPortFinder | undefined {
    const callee = skipWrappers(node.callee);
    if (
      callee.type !== AST_NODE_TYPES.Identifier &&
      callee.type !== AST_NODE_TYPES.MemberExpression &&
      callee.type !== AST_NODE_TYPES.CallExpression
    ) {
      return undefined;
    }
    const origin = normalise(resolveOrigin(callee, scope));
    if (!origin?.root.startsWith('module:') || origin.path.length > 1 || origin.path.includes('()')) return undefined;
    return finders.get(`${origin.root.slice('module:'.length)}#${origin.path[0] ?? 'default'}`);
  }

  // -------------------------------------------------------------------------------------------
  // Where a finder's result goes.

  function patternVariables(pattern: TSESTree.Node, scope: Scope): Variable[] {
    const out: Variable[] = [];
    const visit = (node: TSESTree.Node) => {
      if (node.type === AST_NODE_TYPES.Identifier) {
        const variable = ASTUtils.findVariable(scope, node);
        if (variable) out.push(variable);
      } else if (node.type === AST_NODE_TYPES.ArrayPattern) {
        for (const element of node.elements) if (element) visit(element);
      } else if (node.type === AST_NODE_TYPES.AssignmentPattern) {
        visit(node.left);
      } else if (node.type === AST_NODE_TYPES.RestElement) {
        visit(node.argument);
      }
    };
    visit(pattern);
    return out;
  }

  /** Variables that hold the port(s) a finder call yields: awaited, `.then(cb)` or a callback. */
  function resultVariables(call: TSESTree.CallExpression, finder: ResolvedPortFinder): Variable[] {
    const awaited = call.parent?.type === AST_NODE_TYPES.AwaitExpression ? call.parent : call;
    const holder = awaited.parent;
    if (holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.init === awaited) {
      return patternVariables(holder.id, getScope(holder));
    }
    if (holder?.type === AST_NODE_TYPES.AssignmentExpression && holder.right === awaited) {
      return patternVariables(holder.left, getScope(holder));
    }
    const then = call.parent;
    if (
      then?.type === AST_NODE_TYPES.MemberExpression &&
      then.object === call &&
      ASTUtils.getPropertyName(then) === 'then' &&
      then.parent?.type === AST_NODE_TYPES.CallExpression &&
      then.parent.callee === then
    ) {
      const callback = then.parent.arguments[0];
      if (callback && isFunction(callback) && callback.params[0]) {
        return patternVariables(callback.params[0], sourceCode.getScope(callback));
      }
    }
    const last = call.arguments.at(-1);
    if (finder.export.callback && last && isFunction(last)) {
      const scope = sourceCode.getScope(last);
      return last.params.slice(1).flatMap((param) => patternVariables(param, scope));
    }
    return [];
  }

  function isChildProcessCall(node: TSESTree.CallExpression | TSESTree.NewExpression, scope: Scope): boolean {
    const origin = normalise(resolveOrigin(node.callee, scope));
    if (!origin) return false;
    const [first, ...rest] = origin.path;
    if (rest.length > 0) return false;
    if (node.type === AST_NODE_TYPES.NewExpression) return origin.root === 'global:Deno' && first === 'Command';
    switch (origin.root) {
      case 'module:child_process':
        return first !== undefined && CHILD_PROCESS_FUNCTIONS.has(first);
      case 'module:execa':
        return first === undefined || EXECA_FUNCTIONS.has(first);
      case 'module:cross-spawn':
        return first === undefined || first === 'sync';
      case 'global:Bun':
      case 'module:bun':
        return first === 'spawn' || first === 'spawnSync';
      default:
        return false;
    }
  }

  /** Whether the value at `start` ends up in a child process's arguments or environment. */
  function flowsToChild(start: TSESTree.Node, depth = 0): boolean {
    let node: TSESTree.Node = start;
    for (let parent = node.parent; parent && !isFunction(parent); node = parent, parent = parent.parent) {
      if (
        (parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression) &&
        parent.callee !== node &&
        isChildProcessCall(parent, getScope(parent))
      ) {
        return true;
      }
      if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === node) {
        const target = normalise(resolveOrigin(parent.left, getScope(parent)));
        return target?.root === 'global:process' && target.path.length === 2 && target.path[0] === 'env';
      }
      if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node) {
        if (depth >= 3) return false;
        return sourceCode
          .getDeclaredVariables(parent)
          .some((variable) => variable.references.some((ref) => ref.isRead() && flowsToChild(ref.identifier, depth + 1)));
      }
      if (parent.type.endsWith('Statement') || parent.type === AST_NODE_TYPES.VariableDeclaration) return false;
    }
    return false;
  }

  // -------------------------------------------------------------------------------------------
  // The rewrite: `const port = await finder(); server.listen(port)` → listen on 0, read back.

  /** The `x` of `listen(x)` / `listen({ port: x })` when it is the reference `id`. */
  function listenOfPort(id: TSESTree.Identifier): { call: SocketCall; portNode: TSESTree.Node } | undefined {
    let portNode: TSESTree.Node = id;
    let argument: TSESTree.Node = id;
    const parent = id.parent;
    if (parent?.type === AST_NODE_TYPES.Property && parent.value === id && !parent.computed) {
      if (ASTUtils.getPropertyName(parent) !== 'port' || parent.parent.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
      portNode = parent;
      argument = parent.parent;
    }
    const call = argument.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== argument) return undefined;
    if (!isSocketCallCandidate(call)) return undefined;
    const socketCall = classifySocketCall(call, getScope(call));
    if (socketCall?.api.id !== 'node:server.listen' || socketCall.certainty !== 'known') return undefined;
    return { call: socketCall, portNode };
  }

  /** Text of the listen call with its port replaced by 0. */
  function listenOnZeroText(call: TSESTree.CallExpression, portNode: TSESTree.Node): string {
    const replacement = portNode.type === AST_NODE_TYPES.Property ? 'port: 0' : '0';
    return (
      source.slice(call.range[0], portNode.range[0]) + replacement + source.slice(portNode.range[1], call.range[1])
    );
  }

  /** Other arguments of the listen call are plain values (so the bind can move up unchanged). */
  function hasOnlyLiteralArguments(call: TSESTree.CallExpression, portNode: TSESTree.Node): boolean {
    const literal = (node: TSESTree.Node): boolean => {
      const bare = skipWrappers(node);
      if (bare === portNode) return true;
      if (bare.type === AST_NODE_TYPES.Literal) return true;
      if (bare.type === AST_NODE_TYPES.ObjectExpression) {
        return bare.properties.every(
          (p) => p === portNode || (p.type === AST_NODE_TYPES.Property && !p.computed && literal(p.value)),
        );
      }
      return false;
    };
    return call.arguments.every(literal);
  }

  /** The statement that imports / requires the binding a finder call starts from, if only it uses it. */
  function unusedImportEdit(call: TSESTree.CallExpression): Edit | undefined {
    let root: TSESTree.Node = skipWrappers(call.callee);
    while (root.type === AST_NODE_TYPES.MemberExpression) root = skipWrappers(root.object);
    if (root.type !== AST_NODE_TYPES.Identifier) return undefined;
    const variable = ASTUtils.findVariable(getScope(call), root);
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
      return removeSpecifier(declaration, node);
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
  function removeSpecifier(declaration: TSESTree.ImportDeclaration, specifier: TSESTree.Node): Edit {
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
  function onceImport(at: TSESTree.Node): { expression: string; edits: Edit[] } | undefined {
    const program = sourceCode.ast;
    const usesBare = source.includes("'events'") || source.includes('"events"');
    const moduleName = usesBare ? 'events' : 'node:events';
    const sourceType = context.languageOptions.sourceType;
    const result = ensureNamedImport(source, program, moduleName, 'once', sourceType === 'module' ? 'esm' : 'cjs');
    const head = result.expression.split('.')[0]!;
    const existing = ASTUtils.findVariable(getScope(at), head);
    if (existing && existing.defs.length > 0 && result.edits.length > 0) return undefined;
    return result;
  }

  /** Merges an insertion that falls inside a removed range into that removal. */
  function combine(removal: Edit | undefined, insertions: readonly Edit[]): Edit[] {
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

  interface Rewrite {
    readonly suggestion: SuggestionSpec<MessageIds>;
    readonly safe: boolean;
    readonly review?: string;
  }

  function listenRewrite(call: TSESTree.CallExpression, finder: ResolvedPortFinder): Rewrite | undefined {
    if (finder.export.result !== 'port') return undefined;
    const awaited = call.parent;
    if (awaited?.type !== AST_NODE_TYPES.AwaitExpression) return undefined;
    const declarator = awaited.parent;
    if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== awaited) return undefined;
    if (declarator.id.type !== AST_NODE_TYPES.Identifier) return undefined;
    const declaration = declarator.parent;
    if (declaration.type !== AST_NODE_TYPES.VariableDeclaration || declaration.declarations.length !== 1) return undefined;
    const block = declaration.parent;
    if (block?.type !== AST_NODE_TYPES.BlockStatement && block?.type !== AST_NODE_TYPES.Program) return undefined;
    const body = block.body as TSESTree.Node[];

    const [variable] = sourceCode.getDeclaredVariables(declarator);
    if (!variable) return undefined;
    const others = variable.references.filter((ref) => ref.identifier !== declarator.id);
    if (others.some((ref) => ref.isWrite())) return undefined;
    const listens = others.map((ref) => ({ ref, listen: listenOfPort(ref.identifier as TSESTree.Identifier) }));
    const candidates = listens.filter((l) => l.listen);
    if (candidates.length !== 1) return undefined;
    const { ref: listenRef, listen } = candidates[0]!;
    const { call: socketCall, portNode } = listen!;
    const listenCall = socketCall.node as TSESTree.CallExpression;
    const statement = listenCall.parent;
    if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || statement.parent !== block) return undefined;
    if (body.indexOf(statement) < body.indexOf(declaration)) return undefined;

    // The server: a variable created in this function, by a Node server factory.
    const receiver = socketCall.receiver && skipWrappers(socketCall.receiver);
    if (receiver?.type !== AST_NODE_TYPES.Identifier) return undefined;
    const server = ASTUtils.findVariable(getScope(listenCall), receiver);
    const serverDef = server?.defs.length === 1 ? server.defs[0] : undefined;
    if (serverDef?.type !== 'Variable' || server!.scope.variableScope !== getScope(call).variableScope) return undefined;
    if (serverDef.node.range[1] > listenCall.range[0]) return undefined;

    // Nothing else may read the port inside the listen call (its callback would run before the
    // read-back), and no use may come before the listen unless the bind moves up.
    const inListen = others.filter((ref) => ref !== listenRef && contains(listenCall, ref.identifier));
    if (inListen.length > 0) return undefined;
    const before = others.filter((ref) => ref.identifier.range[0] < statement.range[0]);
    const moveUp = before.length > 0;
    if (moveUp && (serverDef.node.range[1] > declaration.range[0] || !hasOnlyLiteralArguments(listenCall, portNode))) {
      return undefined;
    }

    const once = onceImport(listenCall);
    if (!once) return undefined;
    const serverName = receiver.name;
    const kind = declaration.kind;
    const name = source.slice(declarator.id.range[0], declarator.id.range[1]);
    const address = isTsFile(context.filename)
      ? `(${serverName}.address() as import('node:net').AddressInfo).port`
      : `${serverName}.address().port`;
    const semi = source.slice(statement.range[0], statement.range[1]).trimEnd().endsWith(';') ? ';' : '';
    const bind = `await ${once.expression}(${listenOnZeroText(listenCall, portNode)}, 'listening')`;
    const readBack = `${kind} ${name} = ${address}${semi}`;
    const importRemoval = unusedImportEdit(call);

    let edits: Edit[];
    if (moveUp) {
      const indent = /^[ \t]*/.exec(source.slice(source.lastIndexOf('\n', declaration.range[0] - 1) + 1))![0];
      edits = [
        { range: declaration.range, text: `${bind}${semi}\n${indent}${readBack}` },
        removeStatement(source, statement),
      ];
    } else {
      const indent = /^[ \t]*/.exec(source.slice(source.lastIndexOf('\n', statement.range[0] - 1) + 1))![0];
      edits = [
        removeStatement(source, declaration),
        { range: listenCall.range, text: bind },
        { range: [statement.range[1], statement.range[1]], text: `\n${indent}${readBack}` },
      ];
    }
    edits = [...edits, ...combine(importRemoval, once.edits)];

    const prefers = finder.export.prefersPortByDefault === true || call.arguments.length > 0;
    const safe = !moveUp && !prefers;
    return {
      suggestion: { messageId: 'listenOnZero', data: { server: serverName }, edits },
      safe,
      review: safe ? undefined : moveUp ? REVIEW_MOVED : REVIEW_PREFERRED,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Package finders and checks.

  /** A check API (`check(port)`, `isFreePort(port)`) inside a loop that varies the port and hands it out. */
  function picksInLoop(call: TSESTree.CallExpression): boolean {
    const argument = call.arguments[0];
    if (!argument) return false;
    const variable = variableOf(argument, getScope(call));
    if (!variable) return false;
    for (let node: TSESTree.Node | undefined = call.parent; node && !isFunction(node); node = node.parent) {
      if (!isLoop(node)) continue;
      const loop = node;
      const varies = variable.references.some((ref) => ref.isWrite() && contains(loop, ref.identifier));
      if (!varies) continue;
      const fn = enclosingFunction(loop);
      // Handed out: returned / resolved from inside the loop, or read after the loop ends
      // (`while (await check(port)) port++; listen(port)`). A loop that only fails fast on a
      // served port does neither.
      const handedOut = variable.references.some(
        (ref) =>
          ref.isRead() &&
          (!fn || contains(fn, ref.identifier)) &&
          ((contains(loop, ref.identifier) && isOutput(ref.identifier)) || ref.identifier.range[0] >= loop.range[1]),
      );
      if (handedOut) return true;
    }
    return false;
  }

  function checkFinder(node: TSESTree.CallExpression): void {
    const scope = getScope(node);
    const finder = finderOf(node, scope);
    if (!finder) return;
    const what = `\`${finder.export.display}\` from ${finder.module}`;
    if (finder.export.kind === 'check') {
      if (!picksInLoop(node)) return;
      emit({
        node: node.callee,
        messageId: 'portProbe',
        data: { what: `${what} in a loop over candidate ports` },
        suggestions: [],
        review: REVIEW_BY_HAND,
      });
      return;
    }
    const results = resultVariables(node, finder);
    const toChild = results.some((variable) =>
      variable.references.some((ref) => ref.isRead() && flowsToChild(ref.identifier)),
    );
    if (toChild) {
      emit({ node: node.callee, messageId: 'portProbeChild', data: { what }, suggestions: [], review: REVIEW_CHILD });
      return;
    }
    const rewrite = listenRewrite(node, finder);
    const finding: Finding<MessageIds> = rewrite
      ? {
          node: node.callee,
          messageId: 'portProbe',
          data: { what },
          suggestions: [rewrite.suggestion],
          ...(rewrite.safe ? { rewrite: 'listenOnZero' as const } : { review: rewrite.review! }),
        }
      : { node: node.callee, messageId: 'portProbe', data: { what }, suggestions: [], review: REVIEW_BY_HAND };
    emit(finding);
  }

  // -------------------------------------------------------------------------------------------
  // Hand-written probes: bind, read the port, close, hand the port on.

  /** `return x`, `=> x`, or `cb(x)` where `cb` is a plain parameter (a Promise's `resolve`). */
  function isOutput(node: TSESTree.Node): boolean {
    let value: TSESTree.Node = node;
    while (value.parent && (value.parent.type === AST_NODE_TYPES.TSAsExpression || value.parent.type === AST_NODE_TYPES.TSNonNullExpression)) {
      value = value.parent;
    }
    const parent = value.parent;
    if (!parent) return false;
    if (parent.type === AST_NODE_TYPES.ReturnStatement) return true;
    if (parent.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === value) return true;
    if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee !== value) {
      const callee = skipWrappers(parent.callee);
      if (callee.type !== AST_NODE_TYPES.Identifier) return false;
      const variable = ASTUtils.findVariable(getScope(parent), callee);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      return def?.type === 'Parameter' && isFunction(def.name.parent!) ;
    }
    return false;
  }

  /** The variable that holds the bound server / listener. */
  function handleOf(call: SocketCall): Variable | undefined {
    if (call.api.id === 'node:server.listen' && call.receiver) {
      const receiver = skipWrappers(call.receiver);
      if (receiver.type === AST_NODE_TYPES.Identifier) return ASTUtils.findVariable(getScope(call.node), receiver) ?? undefined;
    }
    const value = call.node.parent?.type === AST_NODE_TYPES.AwaitExpression ? call.node.parent : call.node;
    const holder = value.parent;
    if (holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.init === value && holder.id.type === AST_NODE_TYPES.Identifier) {
      return sourceCode.getDeclaredVariables(holder)[0];
    }
    return undefined;
  }

  /** Port 0 (or none, for Node's listen), or the variable holding a candidate port. */
  function portOf(call: SocketCall): { zero: true } | { variable: Variable } | undefined {
    const scope = getScope(call.node);
    const args = call.node.arguments;
    let value: TSESTree.Node | undefined;
    if (call.api.id === 'node:server.listen') {
      const first = args[0] && skipWrappers(args[0]);
      if (!first || isFunction(first)) return { zero: true };
      if (first.type === AST_NODE_TYPES.ObjectExpression) {
        const lookup = lookupOption(first, 'port', scope);
        if (lookup.settings.length !== 1 || lookup.unknown) return lookup.mayBeAbsent && !lookup.unknown ? { zero: true } : undefined;
        value = lookup.settings[0]!.value;
      } else {
        value = first;
      }
    } else {
      const lookup = lookupOption(args[0], 'port', scope);
      if (lookup.settings.length !== 1 || lookup.unknown || lookup.mayBeAbsent) return undefined;
      value = lookup.settings[0]!.value;
    }
    const known = ASTUtils.getStaticValue(value as TSESTree.Expression, scope);
    if (known) return Number(known.value) === 0 ? { zero: true } : undefined;
    const variable = variableOf(value, scope);
    return variable ? { variable } : undefined;
  }

  function isHandle(node: TSESTree.Node, handle: Variable): boolean {
    return refersTo(node, handle);
  }

  /** `h.address()` / `h.addr` / `h` itself (Bun): the object whose `.port` is the bound port. */
  function isAddressOf(node: TSESTree.Node, handle: Variable, read: 'address()' | 'port' | 'addr', depth = 0): boolean {
    const bare = skipWrappers(node);
    if (read === 'port') return isHandle(bare, handle);
    if (read === 'addr') {
      return bare.type === AST_NODE_TYPES.MemberExpression && ASTUtils.getPropertyName(bare) === 'addr' && isHandle(bare.object, handle);
    }
    if (
      bare.type === AST_NODE_TYPES.CallExpression &&
      bare.callee.type === AST_NODE_TYPES.MemberExpression &&
      ASTUtils.getPropertyName(bare.callee) === 'address' &&
      isHandle(bare.callee.object, handle)
    ) {
      return true;
    }
    // `const address = server.address(); … address.port`
    if (bare.type === AST_NODE_TYPES.Identifier && depth < 2) {
      const variable = ASTUtils.findVariable(getScope(bare), bare);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      return def?.type === 'Variable' && def.node.id === def.name && def.node.init !== null && isAddressOf(def.node.init, handle, read, depth + 1);
    }
    return false;
  }

  /** Whether `node` is the bound port read back from `handle`, directly or through a variable. */
  function isPortRead(node: TSESTree.Node, handle: Variable, read: 'address()' | 'port' | 'addr', depth = 0): boolean {
    const bare = skipWrappers(node);
    if (bare.type === AST_NODE_TYPES.MemberExpression) {
      return ASTUtils.getPropertyName(bare) === 'port' && isAddressOf(bare.object, handle, read);
    }
    if (bare.type !== AST_NODE_TYPES.Identifier || depth > 2) return false;
    const variable = ASTUtils.findVariable(getScope(bare), bare);
    if (!variable || variable.defs.length !== 1 || variable.defs[0]!.type !== 'Variable') return false;
    const def = variable.defs[0] as TSESLint.Scope.Definitions.VariableDefinition;
    const property = def.name.parent;
    if (
      property?.type === AST_NODE_TYPES.Property &&
      property.value === def.name &&
      ASTUtils.getPropertyName(property) === 'port' &&
      property.parent === def.node.id
    ) {
      return def.node.init !== null && isAddressOf(def.node.init, handle, read);
    }
    if (def.node.id !== def.name) return false;
    const writes = variable.references.filter((ref) => ref.isWrite() && ref.writeExpr);
    return writes.length > 0 && writes.every((ref) => isPortRead(ref.writeExpr!, handle, read, depth + 1));
  }

  /**
   * The function a call effectively runs in: callbacks of the handle's own methods
   * (`listen(0, cb)`, `once('listening', cb)`, `close(cb)`) and Promise executors count as part
   * of the function around them.
   */
  function effectiveFunction(node: TSESTree.Node, handle: Variable): FunctionNode | undefined {
    let fn = enclosingFunction(node);
    while (fn) {
      const parent = fn.parent;
      const onHandle =
        parent?.type === AST_NODE_TYPES.CallExpression &&
        parent.callee !== fn &&
        parent.callee.type === AST_NODE_TYPES.MemberExpression &&
        isHandle(parent.callee.object, handle);
      if (!isPromiseExecutor(fn) && !onHandle) return fn;
      fn = enclosingFunction(fn);
    }
    return undefined;
  }

  function closesBefore(close: TSESTree.CallExpression, output: TSESTree.Node, handle: Variable): boolean {
    if (close.arguments.some((arg) => contains(arg, output))) return true;
    for (let node: TSESTree.Node | undefined = close; node; node = node.parent) {
      const parent: TSESTree.Node | undefined = node.parent;
      if (parent?.type === AST_NODE_TYPES.TryStatement && parent.finalizer === node && contains(parent.block, output)) return true;
    }
    if (close.range[1] > output.range[0]) return false;
    const fn = effectiveFunction(close, handle);
    return !fn || contains(fn, output);
  }

  function outputsWithin(root: TSESTree.Node): TSESTree.Node[] {
    const out: TSESTree.Node[] = [];
    const visit = (node: TSESTree.Node) => {
      if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) out.push(node.argument);
      else if (node.type === AST_NODE_TYPES.ArrowFunctionExpression && node.body.type !== AST_NODE_TYPES.BlockStatement) out.push(node.body);
      else if (node.type === AST_NODE_TYPES.CallExpression) {
        for (const arg of node.arguments) if (isOutput(arg)) out.push(arg);
      }
      for (const key of sourceCode.visitorKeys[node.type] ?? []) {
        const child = (node as unknown as Record<string, unknown>)[key];
        if (Array.isArray(child)) {
          for (const item of child) if (item && typeof item === 'object' && 'type' in item) visit(item as TSESTree.Node);
        } else if (child && typeof child === 'object' && 'type' in child) {
          visit(child as TSESTree.Node);
        }
      }
    };
    visit(root);
    return out;
  }

  function checkProbe(node: TSESTree.CallExpression): void {
    if (!isSocketCallCandidate(node)) return;
    const call = classifySocketCall(node, getScope(node));
    const shape = call && PROBE_APIS[call.api.id];
    if (!call || !shape) return;
    const handle = handleOf(call);
    if (!handle || handle.defs.length !== 1) return;
    const port = portOf(call);
    if (!port) return;
    const closes = handle.references
      .map((ref) => ref.identifier.parent)
      .filter(
        (member): member is TSESTree.MemberExpression =>
          member?.type === AST_NODE_TYPES.MemberExpression &&
          ASTUtils.getPropertyName(member) === shape.close &&
          member.parent?.type === AST_NODE_TYPES.CallExpression &&
          member.parent.callee === member,
      )
      .map((member) => member.parent as TSESTree.CallExpression);
    if (closes.length === 0) return;
    // Where the port can be handed on: the function the handle lives in (seen through Promise
    // executors), or the one declaring the candidate port.
    const handleFn = effectiveFunction(handle.defs[0]!.name, handle) ?? enclosingFunction(handle.defs[0]!.name);
    const portFn = 'variable' in port ? enclosingFunction(port.variable.defs[0]?.name ?? node) : undefined;
    const root = portFn && (!handleFn || contains(portFn, handleFn)) ? portFn : handleFn;
    if (!root) return;
    const outputs = outputsWithin(root.body).filter((output) =>
      'variable' in port ? refersTo(output, port.variable) : isPortRead(output, handle, shape.read),
    );
    const probe = outputs.some((output) => closes.some((close) => closesBefore(close, output, handle)));
    if (!probe) return;
    const callee = node.callee;
    emit({
      node: callee,
      messageId: 'portProbe',
      data: { what: 'This probe (bind, close, hand on the port)' },
      suggestions: [],
      review: REVIEW_PROBE,
    });
  }

  return {
    CallExpression(node) {
      if (mentionsFinder) checkFinder(node);
      checkProbe(node);
    },
  };
};

export default createRule<Options, MessageIds>({
  name: 'no-port-probe',
  meta: {
    type: 'problem',
    docs: {
      description: 'disallow check-then-bind port finders whose port is only free until someone else takes it',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          packages: {
            type: 'array',
            description:
              'More port-finder packages: each names its module and the exports that pick a port (`default` for the module itself).',
            items: {
              type: 'object',
              properties: {
                module: { type: 'string', description: 'The module specifier, as imported or required.' },
                exports: {
                  type: 'array',
                  description: 'Export names that return a port; `default` for the module itself.',
                  items: { type: 'string' },
                  minItems: 1,
                },
              },
              required: ['module', 'exports'],
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ packages: [] }],
    messages: {
      portProbe:
        '{{what}} hands out a port that nobody holds: it is only free until someone else takes it. Bind port 0 and read back the port, or bind the wanted port and handle EADDRINUSE.',
      portProbeChild:
        '{{what}} hands a child process a port that nobody holds: it is only free until someone else takes it. Let the child bind port 0 and report its port (a stdout line or an IPC message).',
      listenOnZero: "Bind `{{server}}` on port 0, await 'listening' and read the port back.",
    },
  },
  defaultOptions: [{ packages: [] }],
  create(context, options) {
    return checker(context, options, (finding) => reportFinding(context, finding));
  },
});
