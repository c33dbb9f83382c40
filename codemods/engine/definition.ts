import type { Checker } from '../../core/finding.js';

/** One checker run by a codemod, with the rule options it runs under. */
export interface CheckerRun {
  /** The lint rule the checker belongs to: its eslint-disable comments apply to the codemod too. */
  readonly rule: string;
  // Checkers differ in message ids and options; the engine treats them alike.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly checker: Checker<string, any>;
  readonly options: readonly unknown[];
}

export interface CodemodDefinition {
  /** Folder name under codemods/, and the CLI's transform argument. */
  readonly name: string;
  readonly description: string;
  /**
   * Cheap prefilter on the raw text: a file it does not match cannot have a finding and is not
   * parsed. It must be a superset of what the checkers find (word boundaries keep "server" or
   * "observe" from waking the Bun.serve check).
   */
  readonly prefilter: { test(source: string): boolean };
  readonly checkers: readonly CheckerRun[];
}
