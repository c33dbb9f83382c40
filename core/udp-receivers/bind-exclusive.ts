/**
 * The rewrite for a proven unicast socket: `socket.bind(port[, address])` /
 * `socket.bind({ port, address })` as a statement of its own, with no callback, becomes
 * `bindExclusive(socket, { port, address })` (exclusive-bind's unicast helper, which refuses
 * reuseAddr, retries EADDRINUSE briefly for a departing owner and returns a promise). Any other
 * bind shape keeps only the plain removal of the option.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { ensureNamedImport, skipTrivia, type Edit } from '../edits.js';
import { HELPER_MODULE } from '../helper-rewrites.js';
import { isInlineFunction as isFunction, skipWrappers, type SourceCode } from '../value-flow/index.js';
import { fallbackModuleStyle, type ModuleContext } from '../module-style.js';

/** The edits that move the socket's one `bind()` onto `bindExclusive()`, if it has that shape. */
export function bindExclusiveEdits(
  sourceCode: SourceCode,
  module: ModuleContext,
  binds: readonly TSESTree.CallExpression[],
): Edit[] | undefined {
  const source = sourceCode.text;
  if (binds.length !== 1) return undefined;
  const bind = binds[0]!;
  const callee = bind.callee;
  if (bind.parent.type !== AST_NODE_TYPES.ExpressionStatement || bind.optional || bind.typeArguments) return undefined;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed || callee.optional) return undefined;
  const args = bind.arguments;
  if (args.length > 2 || args.some((arg) => isFunction(arg) || arg.type === AST_NODE_TYPES.SpreadElement)) return undefined;
  const text = (node: TSESTree.Node) => source.slice(node.range[0], node.range[1]);
  const entry = (key: string, node: TSESTree.Node) => (text(node) === key ? key : `${key}: ${text(node)}`);
  let bindOptions: string | undefined;
  const first = args[0] && skipWrappers(args[0]);
  if (first?.type === AST_NODE_TYPES.ObjectExpression) {
    const plain = first.properties.every(
      (p) =>
        p.type === AST_NODE_TYPES.Property &&
        !p.computed &&
        (ASTUtils.getPropertyName(p) === 'port' || ASTUtils.getPropertyName(p) === 'address'),
    );
    if (!plain || args.length > 1) return undefined;
    bindOptions = text(args[0]!);
  } else if (args[0]) {
    bindOptions = `{ ${[entry('port', args[0]), ...(args[1] ? [entry('address', args[1])] : [])].join(', ')} }`;
  }
  const { expression, edits } = ensureNamedImport(
    source,
    sourceCode.ast,
    HELPER_MODULE,
    'bindExclusive',
    fallbackModuleStyle(module),
  );
  const close = bind.range[1];
  if (source[close - 1] !== ')' || skipTrivia(source, callee.object.range[1]) !== callee.property.range[0] - 1) return undefined;
  return [
    ...edits,
    { range: [callee.range[0], callee.range[0]], text: `${expression}(` },
    { range: [callee.object.range[1], close], text: bindOptions ? `, ${bindOptions})` : ')' },
  ];
}
