/**
 * The rewrite of a hand-written probe whose port a server of the same function binds next:
 *
 *   const probe = net.createServer();          const server = http.createServer(handler);
 *   probe.listen(0);                           await once(server.listen(0), 'listening');
 *   await once(probe, 'listening');     →      const { port } = server.address();
 *   const { port } = probe.address();          return { server, port };
 *   probe.close();
 *   const server = http.createServer(handler);
 *   server.listen(port);
 *   return { server, port };
 *
 * The server binds port 0 itself, so nobody can take the port in between; its port is read back
 * from it only when the function uses the port after the bind (otherwise the line would be dead).
 * Offered only for the plain shape: every statement that names the probe is one
 * of these steps, in one block of an async function, and the port goes to exactly one `listen()`
 * of a server created in that function, with no use of the port before it.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { removeStatement, type Edit } from '../edits.js';
import { enclosingFunction, skipWrappers } from '../value-flow/index.js';
import { combine, onceImport, unusedImportEdit } from './imports.js';
import { hasOnlyLiteralArguments, listenOfPort, listenOnZeroText, type RewriteFile } from './listen-rewrite.js';
import type { ProbeBind } from './probes.js';
import { contains, type Variable } from './syntax.js';

export interface ProbeRewrite {
  /** The server's name, for the suggestion's message. */
  readonly server: string;
  readonly edits: Edit[];
}

/** The step of the probe a statement is, or undefined when it does anything else. */
type Step = 'create' | 'bind' | 'listening' | 'read' | 'close';

function isCallOn(node: TSESTree.Node, handle: Variable, method: string): node is TSESTree.CallExpression {
  const bare = skipWrappers(node);
  if (bare.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipWrappers(bare.callee);
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    ASTUtils.getPropertyName(callee) === method &&
    isHandle(callee.object, handle)
  );
}

function isHandle(node: TSESTree.Node, handle: Variable): boolean {
  const bare = skipWrappers(node);
  return bare.type === AST_NODE_TYPES.Identifier && handle.references.some((ref) => ref.identifier === bare);
}

/** `await once(probe, 'listening')`. */
function isAwaitListening(node: TSESTree.Node, handle: Variable): boolean {
  if (node.type !== AST_NODE_TYPES.AwaitExpression) return false;
  const call = skipWrappers(node.argument);
  if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments.length !== 2) return false;
  const [target, event] = call.arguments;
  const callee = skipWrappers(call.callee);
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? ASTUtils.getPropertyName(callee) : null;
  return name === 'once' && isHandle(target!, handle) && event?.type === AST_NODE_TYPES.Literal && event.value === 'listening';
}

function stepOf(statement: TSESTree.Node, bind: ProbeBind): Step | undefined {
  const { handle } = bind;
  if (statement.type === AST_NODE_TYPES.VariableDeclaration) {
    if (statement.declarations.length !== 1) return undefined;
    const declarator = statement.declarations[0]!;
    if (declarator.id.type === AST_NODE_TYPES.Identifier && handle.defs[0]?.name === declarator.id) return 'create';
    const init = declarator.init && skipWrappers(declarator.init);
    if (!init) return undefined;
    // `const { port } = probe.address()` / `const port = probe.address().port`.
    if (declarator.id.type === AST_NODE_TYPES.ObjectPattern && isCallOn(init, handle, 'address')) {
      const [only] = declarator.id.properties;
      return declarator.id.properties.length === 1 &&
        only?.type === AST_NODE_TYPES.Property &&
        ASTUtils.getPropertyName(only) === 'port' &&
        only.value.type === AST_NODE_TYPES.Identifier
        ? 'read'
        : undefined;
    }
    if (
      declarator.id.type === AST_NODE_TYPES.Identifier &&
      init.type === AST_NODE_TYPES.MemberExpression &&
      ASTUtils.getPropertyName(init) === 'port' &&
      isCallOn(init.object, handle, 'address')
    ) {
      return 'read';
    }
    return undefined;
  }
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return undefined;
  const expression = statement.expression;
  if (isAwaitListening(expression, handle)) return 'listening';
  if (isCallOn(expression, handle, 'listen') && skipWrappers(expression) === bind.call.node) {
    return hasOnlyLiteralArguments(bind.call.node as TSESTree.CallExpression) ? 'bind' : undefined;
  }
  if (isCallOn(expression, handle, 'close') && (skipWrappers(expression) as TSESTree.CallExpression).arguments.length === 0) {
    return 'close';
  }
  return undefined;
}

/** The rewrite of a probe whose port the next server binds, when the probe has the plain shape. */
export function probeListenRewrite(file: RewriteFile, bind: ProbeBind): ProbeRewrite | undefined {
  const { sourceCode } = file;
  const source = sourceCode.text;
  if (bind.shape.read !== 'address()' || !('zero' in bind.port)) return undefined;
  const def = bind.handle.defs[0];
  if (def?.type !== 'Variable' || !def.node.init) return undefined;
  const declarator = def.node;
  const block = declarator.parent.parent;
  const fn = block && enclosingFunction(block);
  if (block?.type !== AST_NODE_TYPES.BlockStatement || !fn?.async || fn.body !== block) return undefined;

  // Every statement that names the probe is one of its steps, each step once, in this order.
  const statements = new Map<TSESTree.Node, Step>();
  for (const ref of bind.handle.references) {
    const statement = block.body.find((s) => contains(s, ref.identifier));
    const step = statement && stepOf(statement, bind);
    if (!statement || !step) return undefined;
    statements.set(statement, step);
  }
  const order = [...statements].sort(([a], [b]) => a.range[0] - b.range[0]).map(([, step]) => step);
  if (order.join(' ') !== 'create bind listening read close') return undefined;
  const byStep = new Map([...statements].map(([statement, step]) => [step, statement]));
  const read = byStep.get('read') as TSESTree.VariableDeclaration;
  const close = byStep.get('close')!;

  // The port goes to one listen() of a server of this function, after the close, and nowhere before it.
  const readDeclarator = read.declarations[0]!;
  const [port] = sourceCode.getDeclaredVariables(readDeclarator);
  if (!port || port.references.some((ref) => ref.isWrite() && ref.identifier !== port.defs[0]?.name)) return undefined;
  const reads = port.references.filter((ref) => ref.isRead());
  const listens = reads.map((ref) => ({ ref, listen: listenOfPort(sourceCode, ref.identifier as TSESTree.Identifier) })).filter((l) => l.listen);
  if (listens.length !== 1) return undefined;
  const { ref: listenRef, listen } = listens[0]!;
  const listenCall = listen!.call.node as TSESTree.CallExpression;
  const statement = listenCall.parent;
  if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || statement.parent !== block || statement.range[0] < close.range[1]) return undefined;
  if (reads.some((ref) => ref !== listenRef && ref.identifier.range[0] < statement.range[1])) return undefined;
  const receiver = listen!.call.receiver && skipWrappers(listen!.call.receiver);
  if (receiver?.type !== AST_NODE_TYPES.Identifier) return undefined;
  const server = ASTUtils.findVariable(sourceCode.getScope(listenCall), receiver);
  const serverDef = server?.defs.length === 1 ? server.defs[0] : undefined;
  if (serverDef?.type !== 'Variable' || enclosingFunction(serverDef.node) !== fn || serverDef.node.range[1] > listenCall.range[0]) {
    return undefined;
  }

  const once = onceImport(sourceCode, file, listenCall);
  if (!once) return undefined;
  const semi = source.slice(statement.range[0], statement.range[1]).trimEnd().endsWith(';') ? ';' : '';
  // The read as the author wrote it (their pattern, their casts), from the server instead.
  const init = readDeclarator.init!;
  const handleIds = bind.handle.references.map((ref) => ref.identifier).filter((id) => contains(init, id));
  let readText = source.slice(read.range[0], read.range[1]).trimEnd().replace(/;$/, '');
  for (const id of handleIds.sort((a, b) => b.range[0] - a.range[0])) {
    const at = id.range[0] - read.range[0];
    readText = readText.slice(0, at) + receiver.name + readText.slice(at + (id.range[1] - id.range[0]));
  }
  const indent = /^[ \t]*/.exec(source.slice(source.lastIndexOf('\n', statement.range[0] - 1) + 1))![0];
  const createCall = skipWrappers(declarator.init!);
  const importRemoval = createCall.type === AST_NODE_TYPES.CallExpression ? unusedImportEdit(sourceCode, createCall) : undefined;
  const edits: Edit[] = [
    ...[...statements.keys()].map((s) => removeStatement(source, s)),
    { range: listenCall.range, text: `await ${once.expression}(${listenOnZeroText(source, listenCall, listen!.portNode)}, 'listening')` },
    // The read-back only where the port is used after the bind: otherwise it would be dead code.
    ...(reads.length > 1 ? [{ range: [statement.range[1], statement.range[1]] as [number, number], text: `\n${indent}${readText}${semi}` }] : []),
    ...combine(importRemoval, once.edits),
  ];
  return { server: receiver.name, edits };
}
