import type { Checker } from '../../core/finding.js';

/** One checker run by a codemod, with the rule options it runs under. */
export interface CheckerRun {
  // Checkers differ in message ids and options; the engine treats them alike.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly checker: Checker<string, any>;
  readonly options: readonly unknown[];
}

export interface CodemodDefinition {
  /** Folder name under codemods/, and the CLI's transform argument. */
  readonly name: string;
  readonly description: string;
  /** Cheap prefilter: a file that contains none of these strings cannot match and is not parsed. */
  readonly keywords: readonly string[];
  readonly checkers: readonly CheckerRun[];
}
