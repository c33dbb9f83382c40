import type { Checker } from '../../core/finding.js';
import type { TextFilter } from '../../core/text-filter.js';

/** One checker run by a codemod, with the rule options it runs under. */
export interface CheckerRun {
  /** The lint rule the checker belongs to: its eslint-disable comments apply to the codemod too. */
  readonly rule: string;
  // Checkers differ in message ids and options; the engine treats them alike.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly checker: Checker<string, any>;
  /** The rule's text filter: a file it rules out cannot have a finding of this checker. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly textFilter: TextFilter<any>;
  readonly options: readonly unknown[];
}

export interface CodemodDefinition {
  /** Folder name under codemods/, and the CLI's transform argument. */
  readonly name: string;
  readonly description: string;
  /**
   * Cheap prefilter on the raw text: a file it does not match is not parsed. Built from the
   * checkers' text filters by `prefilterOf`.
   */
  readonly prefilter: { test(source: string): boolean };
  readonly checkers: readonly CheckerRun[];
}

/** Passes a file when any checker's text filter does, under the options the codemod runs it with. */
export function prefilterOf(checkers: readonly CheckerRun[]): CodemodDefinition['prefilter'] {
  return { test: (source) => checkers.some((run) => run.textFilter(source, run.options)) };
}
