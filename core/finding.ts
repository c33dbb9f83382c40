/**
 * What a rule finds, before it becomes an ESLint report. The lint rule reports it (with its
 * suggestions); the codemods run the same checker and apply the suggestion named by `rewrite`, or
 * list the finding as "left for review" with `review` as the reason. One checker, so the rule's
 * suggestion and the codemod's rewrite are the same edit for the same code.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { Edit } from './edits.js';

export interface SuggestionSpec<MessageIds extends string> {
  readonly messageId: MessageIds;
  readonly data?: Record<string, string>;
  readonly edits: readonly Edit[];
}

export interface Finding<MessageIds extends string> {
  readonly node: TSESTree.Node;
  readonly messageId: MessageIds;
  readonly data?: Record<string, string>;
  readonly suggestions: readonly SuggestionSpec<MessageIds>[];
  /** The suggestion a codemod may apply unattended; absent when a person must decide. */
  readonly rewrite?: MessageIds;
  /** Why a codemod leaves this finding alone (shown in its "left for review" list). */
  readonly review?: string;
  /** What a codemod's summary adds beside the rewrite (where to read on), when the code suggests more is wanted. */
  readonly note?: string;
}

/** Why a codemod leaves an option set in another file of the project to a person. */
export const reviewElsewhere = (option: string, from: string): string =>
  `\`${option}\` is set in ${from}, which other files may share: change it there`;

export type Emit<MessageIds extends string> = (finding: Finding<MessageIds>) => void;

/** A checker: the rule's visitors, parameterised by what to do with each finding. */
export type Checker<MessageIds extends string, Options extends readonly unknown[]> = (
  context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
  options: Readonly<Options>,
  emit: Emit<MessageIds>,
) => TSESLint.RuleListener;

/** Reports a finding through ESLint, its suggestions as fixer functions. */
export function reportFinding<MessageIds extends string>(
  context: Readonly<TSESLint.RuleContext<MessageIds, readonly unknown[]>>,
  finding: Finding<MessageIds>,
): void {
  context.report({
    node: finding.node,
    messageId: finding.messageId,
    ...(finding.data ? { data: finding.data } : {}),
    suggest: finding.suggestions.map((suggestion) => ({
      messageId: suggestion.messageId,
      ...(suggestion.data ? { data: suggestion.data } : {}),
      fix: (fixer: TSESLint.RuleFixer) =>
        suggestion.edits.map((edit) => fixer.replaceTextRange([edit.range[0], edit.range[1]], edit.text)),
    })),
  });
}
