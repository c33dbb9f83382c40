/**
 * The rewrite for the common case, `const port = await finder(); server.listen(port)`: bind the
 * server on port 0, await 'listening' and read the port back, so the port is held from the moment
 * it is picked. Offered only when the port goes to exactly one `listen()` of a Node server created
 * in the same function; it says whether the bind had to move up and whether the finder preferred
 * a port, which the rule turns into the codemod's review reasons.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { removeStatement, type Edit } from '../edits.js';
import type { ResolvedPortFinder } from '../port-finders.js';
import { classifySocketCall, isSocketCallCandidate, type SocketCall } from '../socket-calls.js';
import { skipWrappers } from '../value-flow/index.js';
import { combine, onceImport, unusedImportEdit } from './imports.js';
import { contains, type SourceCode } from './syntax.js';

export interface ListenRewrite {
  /** The server's name, for the suggestion's message. */
  readonly server: string;
  readonly edits: Edit[];
  /** The port is used before the listen(), so the bind moves up to where the port was picked. */
  readonly movesUp: boolean;
  /** The finder prefers a port or range that port 0 does not keep. */
  readonly prefersPort: boolean;
}

/** The file being rewritten: its text and scopes, its name and module style. */
export interface RewriteFile {
  readonly sourceCode: SourceCode;
  readonly filename: string;
  readonly sourceType: 'module' | 'script' | 'commonjs' | undefined;
}

function isTsFile(filename: string): boolean {
  return /\.[cm]?tsx?$/.test(filename);
}

/** The `x` of `listen(x)` / `listen({ port: x })` when it is the reference `id`. */
export function listenOfPort(
  sourceCode: SourceCode,
  id: TSESTree.Identifier,
): { call: SocketCall; portNode: TSESTree.Node } | undefined {
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
  const socketCall = classifySocketCall(call, sourceCode.getScope(call));
  if (socketCall?.api.id !== 'node:server.listen' || socketCall.certainty !== 'known') return undefined;
  return { call: socketCall, portNode };
}

/** Text of the listen call with its port replaced by 0. */
export function listenOnZeroText(source: string, call: TSESTree.CallExpression, portNode: TSESTree.Node): string {
  const replacement = portNode.type === AST_NODE_TYPES.Property ? 'port: 0' : '0';
  return (
    source.slice(call.range[0], portNode.range[0]) + replacement + source.slice(portNode.range[1], call.range[1])
  );
}

/** The listen call's arguments, the port aside, are plain values (so the bind can move unchanged). */
export function hasOnlyLiteralArguments(call: TSESTree.CallExpression, portNode?: TSESTree.Node): boolean {
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

/** The listen-on-0 rewrite of a finder call, when its port goes to one listen() it can replace. */
export function listenRewrite(
  file: RewriteFile,
  call: TSESTree.CallExpression,
  finder: ResolvedPortFinder,
): ListenRewrite | undefined {
  const { sourceCode } = file;
  const source = sourceCode.text;
  const getScope = (node: TSESTree.Node) => sourceCode.getScope(node);
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
  const listens = others.map((ref) => ({ ref, listen: listenOfPort(sourceCode, ref.identifier as TSESTree.Identifier) }));
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

  const once = onceImport(sourceCode, file, listenCall);
  if (!once) return undefined;
  const serverName = receiver.name;
  const kind = declaration.kind;
  const name = source.slice(declarator.id.range[0], declarator.id.range[1]);
  const address = isTsFile(file.filename)
    ? `(${serverName}.address() as import('node:net').AddressInfo).port`
    : `${serverName}.address().port`;
  const semi = source.slice(statement.range[0], statement.range[1]).trimEnd().endsWith(';') ? ';' : '';
  const bind = `await ${once.expression}(${listenOnZeroText(source, listenCall, portNode)}, 'listening')`;
  const readBack = `${kind} ${name} = ${address}${semi}`;
  const importRemoval = unusedImportEdit(sourceCode, call);

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
  return { server: serverName, edits, movesUp: moveUp, prefersPort: prefers };
}
