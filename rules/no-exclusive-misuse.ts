/**
 * Node's `listen({ exclusive })` sets no socket option: it only decides whether a `node:cluster`
 * worker shares the primary's handle (facts §2). Code that expects it to keep other processes off
 * the port (a comment or a name says so), or that sets it beside `reusePort: true` (where Node forces
 * it anyway), is reported. Bun's `Bun.listen({ exclusive })` is a real socket option and is left alone.
 */
import { AST_NODE_TYPES, AST_TOKEN_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { describePlatforms } from '../core/describe.js';
import type { Edit } from '../core/edits.js';
import { reportFinding, reviewElsewhere, type Checker, type SuggestionSpec } from '../core/finding.js';
import { canBeOn, describeProvenance, isSharedObject, lookupOption, registerFile, removeSetting, type OptionSetting } from '../core/value-flow/index.js';
import { projectFile } from '../core/value-flow/project-files.js';
import { listenExclusiveEdits } from '../core/helper-rewrites.js';
import { createRule } from '../core/rule-creator.js';
import { classifySocketCall, isSocketCallCandidate, type SocketCall } from '../core/socket-calls.js';
import type { Effect, Platform } from '../core/socket-apis.js';
import { resolveTargets, targetsWithin, type Targets } from '../core/targets.js';
import { texts, type TextFilter } from '../core/text-filter.js';

type Options = readonly [{ reportWithoutCluster?: boolean }];
type MessageIds = 'claimsExclusion' | 'besideReusePort' | 'withoutCluster' | 'removeOption' | 'useListenExclusive';
type Scope = TSESLint.Scope.Scope;


/** Comment text that says `exclusive` keeps other processes away or touches socket options. */
const COMMENT_CLAIMS: readonly RegExp[] = [
  /\b(other|another|second|foreign|rogue)\s+(process|program|instance|copy|copies|user)(e?s)?\b/i,
  /\bhijack/i,
  /\bsteal/i,
  /\bSO_EXCLUSIVEADDRUSE\b/i,
  /\bSO_REUSE(ADDR|PORT)\b/i,
  /\b(nobody|no[ -]?one|nothing)\s+else\b/i,
  /\bonly\s+one\s+(process|instance|server|copy)\b/i,
  /\bsingle[- ]instance\b/i,
  /\bport\s+(sharing|shared|reuse)\b/i,
  /\bshar(e|es|ed|ing)\s+(the\s+|this\s+|our\s+|a\s+|its\s+|my\s+)?port\b/i,
  /\bEADDRINUSE\b/,
  /\bexclusive(ly)?\s+(access|ownership|use|bind|binding|lock|hold)\b/i,
  /\b(own|owns|lock|locks|reserve|reserves)\s+(the\s+|this\s+)?port\b/i,
];

/** Identifier words (lower-cased, separators removed) that make the same claim. */
const NAME_CLAIMS =
  /hijack|steal|exclusiveaddruse|otherprocess|anotherprocess|otherinstance|anotherinstance|singleinstance|oneinstance|portshar|sharedport|shareport|sharingport|noshar|preventshar|avoidshar|nobodyelse|noreuse|portlock|lockport|ownport/;

/** Why the codemod leaves a finding as it is. */
const REVIEW = {
  cluster: 'exclusive still matters if this server runs in a node:cluster worker started from another file',
  unknownValue: 'value not known statically: decide whether exclusion is meant',
  shared: 'options object shared with other calls: change it by hand',
  untraced: 'listenExclusive() needs a server traced to node:http/https/http2/net/tls; removing `exclusive` alone would not keep other processes off the port',
  claimedBesideReusePort: 'listenExclusive() refuses reusePort: decide whether the port is meant to be shared',
  olderNode: 'Node < 22.12 ignores reusePort, and there exclusive still decides cluster handle sharing',
} as const;

/**
 * Code that takes part in node:cluster, where `exclusive` does what it says: the module named in
 * code (`import`, `require`, a pm2-style `'cluster'` mode string) or the cluster API used. Read
 * from the tokens, so a comment or a sentence in a string that mentions cluster decides nothing.
 */
const CLUSTER_IDENTIFIERS = new Set(['cluster', 'NODE_UNIQUE_ID', 'isPrimary', 'isMaster', 'isWorker']);
const CLUSTER_SPECIFIERS = new Set(['cluster', 'node:cluster']);

function isClusterCode(tokens: readonly TSESTree.Token[]): boolean {
  return tokens.some((token) => {
    if (token.type === AST_TOKEN_TYPES.Identifier) return CLUSTER_IDENTIFIERS.has(token.value);
    if (token.type === AST_TOKEN_TYPES.String || token.type === AST_TOKEN_TYPES.Template) {
      return CLUSTER_SPECIFIERS.has(token.value.slice(1, -1));
    }
    return false;
  });
}

function functionNames(node: TSESTree.Node): string[] {
  const names: string[] = [];
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.FunctionDeclaration && current.id) names.push(current.id.name);
    if (
      (current.type === AST_NODE_TYPES.FunctionExpression || current.type === AST_NODE_TYPES.ArrowFunctionExpression) &&
      current.parent
    ) {
      const holder = current.parent;
      if (holder.type === AST_NODE_TYPES.VariableDeclarator && holder.id.type === AST_NODE_TYPES.Identifier) {
        names.push(holder.id.name);
      } else if (
        (holder.type === AST_NODE_TYPES.MethodDefinition || holder.type === AST_NODE_TYPES.Property) &&
        holder.key.type === AST_NODE_TYPES.Identifier
      ) {
        names.push(holder.key.name);
      }
    }
  }
  return names;
}

/** The table's phrase when it is the same on every target platform (it is for `exclusive`). */
function effectText(effects: Readonly<Record<Platform, Effect>>, platforms: readonly Platform[]): string {
  const phrases = new Set(platforms.map((p) => effects[p].phrase));
  return phrases.size === 1 ? [...phrases][0]! : `differs per platform (${describePlatforms(effects, platforms)})`;
}

function statementOf(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent && !/Statement|Declaration$/.test(current.type)) current = current.parent;
  return current;
}

type Outcome = { rewrite: MessageIds } | { review: string };

/** The code asks for exclusion, which listenExclusive() gives; anything less certain is a person's call. */
function claimOutcome(literalOn: boolean, reusePortCanBeOn: boolean, found: readonly SuggestionSpec<MessageIds>[]): Outcome {
  if (!literalOn) return { review: REVIEW.unknownValue };
  if (found.length === 0) return { review: REVIEW.shared };
  if (reusePortCanBeOn) return { review: REVIEW.claimedBesideReusePort };
  return found.some((s) => s.messageId === 'useListenExclusive') ? { rewrite: 'useListenExclusive' } : { review: REVIEW.untraced };
}

/** A file that never says `exclusive` has no option or claim to report. */
const EXCLUSIVE = texts(['exclusive']);
export const textFilter: TextFilter<Options> = (source) => EXCLUSIVE.test(source);

export const checker: Checker<MessageIds, Options> = (context, [{ reportWithoutCluster }], emit) => {
  const sourceCode = context.sourceCode;
  registerFile(context);
  const source = sourceCode.text;
  const getScope = (node: TSESTree.Node): Scope => sourceCode.getScope(node);
  // In cluster code `exclusive` does exactly what it is for.
  if (isClusterCode(sourceCode.ast.tokens)) return {};
  let targets: Targets | undefined;
  const getTargets = () => (targets ??= resolveTargets(context.settings, context.filename));
  const reported = new Set<TSESTree.Node>();

  function commentsNear(anchor: TSESTree.Node, code: typeof sourceCode = sourceCode): TSESTree.Comment[] {
    const line = anchor.loc.start.line;
    const sameLine = code
      .getAllComments()
      .filter((c) => c.loc.start.line === line || c.loc.start.line === anchor.loc.end.line);
    // Comments right before the node (between it and the previous token), when they sit on the
    // line(s) just above it.
    const above = code.getCommentsBefore(anchor).filter((c) => c.loc.end.line >= line - 3 && c.loc.end.line < line);
    return [...above, ...sameLine];
  }

  /** What claims that `exclusive` keeps others off the port: "comment" or "name `x`". */
  function claim(call: SocketCall, setting: OptionSetting): string | undefined {
    // A setting of another file: its comments are read from that file (the same parse the layer used).
    const other = setting.from && projectFile(setting.from.file)?.sourceCode;
    if (setting.from && !other) return undefined;
    const claims = (anchor: TSESTree.Node, code = sourceCode) => commentsNear(anchor, code).some((c) => COMMENT_CLAIMS.some((re) => re.test(c.value)));
    if (other) {
      if (claims(setting.node, other) || claims(statementOf(setting.object ?? setting.node), other)) return 'a comment';
      if (claims(statementOf(call.node))) return 'a comment';
    } else {
      const anchors: TSESTree.Node[] = [setting.node, statementOf(call.node)];
      if (setting.viaVariable) anchors.push(statementOf(setting.object ?? setting.node));
      if (anchors.some((anchor) => claims(anchor))) return 'a comment';
    }
    const names = [...functionNames(call.node)];
    if (setting.viaVariable) names.push(setting.viaVariable.name);
    const value = setting.value;
    if (value.type === AST_NODE_TYPES.Identifier) names.push(value.name);
    if (value.type === AST_NODE_TYPES.MemberExpression) {
      const key = ASTUtils.getPropertyName(value);
      if (key) names.push(key);
    }
    const claiming = names.find((name) => NAME_CLAIMS.test(name.toLowerCase().replace(/[^a-z]/g, '')));
    return claiming === undefined ? undefined : `the name \`${claiming}\``;
  }

  /** Claiming comments on their own lines right above the property: they go with it. */
  function staleComments(setting: OptionSetting): Edit[] {
    const property = setting.node;
    return sourceCode
      .getCommentsBefore(property)
      .filter((c) => COMMENT_CLAIMS.some((re) => re.test(c.value)) && c.loc.end.line < property.loc.start.line)
      .flatMap((c): Edit[] => {
        const start = source.lastIndexOf('\n', c.range[0] - 1) + 1;
        const end = source.indexOf('\n', c.range[1]);
        if (source.slice(start, c.range[0]).trim() || source.slice(c.range[1], end).trim()) return [];
        return [{ range: [start, end + 1], text: '' }];
      });
  }

  function suggestions(call: SocketCall, setting: OptionSetting, withHelper: boolean, reusePortBeside: boolean): SuggestionSpec<MessageIds>[] {
    if (setting.kind === 'property' && isSharedObject(setting, getScope(call.node))) return [];
    const removed = removeSetting(source, setting);
    if (!removed) return [];
    const removal = [...staleComments(setting), ...removed];
    const result: SuggestionSpec<MessageIds>[] = [{ messageId: 'removeOption', edits: removal }];
    // listenExclusive() throws ReusePortRefusedError when reusePort is on.
    if (withHelper && !reusePortBeside && call.certainty === 'known') {
      const rewrite = listenExclusiveEdits(source, call, sourceCode.ast, { filename: context.filename, sourceType: context.languageOptions.sourceType });
      if (rewrite) result.push({ messageId: 'useListenExclusive', edits: [...removal, ...rewrite] });
    }
    return result;
  }

  function check(node: TSESTree.CallExpression): void {
    if (!isSocketCallCandidate(node)) return;
    const scope = getScope(node);
    const call = classifySocketCall(node, scope);
    if (call?.api.id !== 'node:server.listen') return;
    const facts = call.api.options.exclusive!;
    if (call.certainty === 'assumed') {
      // A `.listen()` on something untraced: only when the options look like Node's listen options.
      const looksLikeListen = ['port', 'path', 'fd', 'handle'].some(
        (key) => lookupOption(call.options, key, scope).settings.length > 0,
      );
      if (!looksLikeListen) return;
    }
    const lookup = lookupOption(call.options, 'exclusive', scope, { acrossFiles: true });
    const reusePort = lookupOption(call.options, 'reusePort', scope);
    const reusePortFacts = call.api.options.reusePort!;
    for (const setting of lookup.settings) {
      if (reported.has(setting.node) || !canBeOn(setting, facts.valueCheck, scope)) continue;
      const effects = effectText(facts.effects, getTargets().platforms);
      const data = { api: call.api.display, effects };
      const by = claim(call, setting);
      const literalOn = setting.known !== undefined && Boolean(setting.known.value);
      const reusePortCanBeOn = reusePort.settings.some((r) => r.object === setting.object && canBeOn(r, reusePortFacts.valueCheck, scope));
      if (setting.from) {
        // Set in another file of the project: reported here, at this call's options, and changed there by a person.
        if (by === undefined || !literalOn) continue;
        reported.add(setting.node);
        const from = describeProvenance(setting.from, scope);
        emit({
          node: call.options ?? call.node,
          messageId: 'claimsExclusion',
          data: { ...data, api: `${call.api.display} (\`exclusive: true\` from ${from})`, by },
          suggestions: [],
          review: reviewElsewhere('exclusive', from),
        });
        continue;
      }
      if (by !== undefined) {
        reported.add(setting.node);
        const found = suggestions(call, setting, true, reusePortCanBeOn);
        emit({
          node: setting.node,
          messageId: 'claimsExclusion',
          data: { ...data, by },
          suggestions: found,
          ...claimOutcome(literalOn, reusePortCanBeOn, found),
        });
        continue;
      }
      const beside = reusePort.settings.some((r) => r.object !== undefined && r.object === setting.object && r.known?.value === true);
      if (literalOn && beside) {
        reported.add(setting.node);
        const found = suggestions(call, setting, false, true);
        // Where every supported Node honours reusePort, Node forces exclusive itself: removing it
        // changes nothing.
        const honoured = reusePortFacts.since === undefined || targetsWithin(getTargets(), reusePortFacts.since.supported);
        emit({
          node: setting.node,
          messageId: 'besideReusePort',
          data,
          suggestions: found,
          ...(found.length === 0 ? { review: REVIEW.shared } : honoured ? { rewrite: 'removeOption' as const } : { review: REVIEW.olderNode }),
        });
        continue;
      }
      if (reportWithoutCluster && literalOn) {
        reported.add(setting.node);
        emit({
          node: setting.node,
          messageId: 'withoutCluster',
          data,
          suggestions: suggestions(call, setting, true, reusePortCanBeOn),
          review: REVIEW.cluster,
        });
      }
    }
  }

  return { CallExpression: check };
};

export default createRule<Options, MessageIds>({
  name: 'no-exclusive-misuse',
  textFilter,
  meta: {
    type: 'problem',
    docs: {
      description:
        "disallow Node's `exclusive` listen option where the code expects it to keep other processes off the port",
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          reportWithoutCluster: {
            type: 'boolean',
            description:
              'Also report `exclusive: true` in files that show no sign of node:cluster, where the option does nothing.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ reportWithoutCluster: false }],
    messages: {
      claimsExclusion:
        '`exclusive` in {{api}} is expected to keep other processes off the port ({{by}} says so), but it {{effects}}. To fail when the port is taken, bind with listenExclusive() from exclusive-bind.',
      besideReusePort:
        '`exclusive: true` beside `reusePort: true` in {{api}}: Node forces exclusive whenever reusePort is set, and `exclusive` {{effects}}. Remove `exclusive`.',
      withoutCluster:
        '`exclusive` in {{api}} in a file with no sign of node:cluster: it {{effects}}. Remove it, or bind with listenExclusive() from exclusive-bind to keep other processes off the port.',
      removeOption: 'Remove `exclusive`.',
      useListenExclusive: 'Bind with `listenExclusive()` from exclusive-bind.',
    },
  },
  defaultOptions: [{ reportWithoutCluster: false }],
  create(context, options) {
    return checker(context, options, (finding) => reportFinding(context, finding));
  },
});
