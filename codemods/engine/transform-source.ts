/**
 * Runs a codemod's checkers on one file's text and applies the rewrites they allow. The checkers
 * are the lint rules' own, run through ESLint's Linter (parser, scopes, traversal), so the
 * codemod's edit and the rule's suggestion are the same edit.
 */
import path from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import { Linter, type Rule } from 'eslint';
import { applyEdits, type Edit } from '../../core/edits.js';
import type { Finding } from '../../core/finding.js';
import type { CheckerRun, CodemodDefinition } from './definition.js';
import { deliberateSharing } from './deliberate-sharing.js';

import { beginFileLint } from '../../core/file-cache.js';
import { projectImportTexts } from '../../core/value-flow/project-files.js';
const PLUGIN_NAMESPACE = 'exclusive-bind';
import { languageOf, SOURCE_EXTENSIONS } from './languages.js';

export interface Location {
  readonly line: number;
  readonly column: number;
}

export interface ReviewItem extends Location {
  readonly reason: string;
}

export interface Change extends Location {
  /** The suggestion applied, by its message id. */
  readonly change: string;
  /** Where to read on, shown beside the change (the restart hand-off, for a reusePort meant for restarts). */
  readonly note?: string;
}

export interface FileResult {
  /** `skipped`: the prefilter ruled the file out before parsing. */
  readonly status: 'changed' | 'unchanged' | 'skipped' | 'error';
  readonly output: string;
  readonly changes: readonly Change[];
  readonly review: readonly ReviewItem[];
  readonly error?: string;
}

/** Rewrites are applied one at a time and the file analysed again, so that a second rewrite sees
 * the import the first one added. A rewrite always removes its own finding; this bounds the loop. */
const MAX_PASSES = 50;

interface Pass {
  readonly findings: Finding<string>[];
  readonly fatal?: string;
}

/** Where the collector rules put findings during one `verify` (verify is synchronous). */
let sink: Finding<string>[] = [];

/**
 * A rule named like the lint rule whose checker it runs: each finding is also reported, with its
 * index as the message, so ESLint's own handling of `eslint-disable` comments decides which
 * findings stand. A user who declared intent with `// eslint-disable-next-line
 * exclusive-bind/no-reuse-port -- …` keeps the code as it is.
 */
function collectorFor(run: CheckerRun): Rule.RuleModule {
  return {
    meta: { type: 'problem', schema: false },
    create(context) {
      const emit = (finding: Finding<string>) => {
        sink.push(finding);
        context.report({ node: finding.node as never, message: String(sink.length - 1) });
      };
      return run.checker(context as unknown as TSESLint.RuleContext<string, unknown[]>, run.options, emit) as Rule.RuleListener;
    },
  };
}

/**
 * JavaScript parses with ESLint's own espree (about four times faster than typescript-estree on
 * real files, and the codemods parse every file the prefilter lets through); a JavaScript file
 * espree rejects gets a second try with typescript-eslint's parser, as TypeScript files always do.
 */
type ParserChoice = 'espree' | 'typescript';

/** One flat config per codemod, language and parser, built once so ESLint can reuse its work. */
const configs = new WeakMap<CodemodDefinition, Map<string, Linter.Config[]>>();

function configFor(definition: CodemodDefinition, filename: string, parser: ParserChoice): Linter.Config[] {
  const { jsx, sourceType } = languageOf(filename);
  const key = `${sourceType}:${jsx}:${parser}`;
  let byLanguage = configs.get(definition);
  if (!byLanguage) configs.set(definition, (byLanguage = new Map()));
  const cached = byLanguage.get(key);
  if (cached) return cached;
  const rules = Object.fromEntries(definition.checkers.map((run) => [run.rule, collectorFor(run)]));
  const config: Linter.Config[] = [
    {
      // A pattern ending in `*` would not make ESLint lint .ts files; name the extensions.
      files: [`**/*{${SOURCE_EXTENSIONS.join(',')}}`],
      languageOptions: {
        ...(parser === 'typescript' ? { parser: tsParser as Linter.Parser } : { ecmaVersion: 'latest' as const }),
        sourceType,
        parserOptions: { ecmaFeatures: { jsx } },
      },
      // Other rules' disable comments are none of the codemod's business.
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      plugins: { [PLUGIN_NAMESPACE]: { rules } },
      rules: Object.fromEntries(definition.checkers.map((run) => [`${PLUGIN_NAMESPACE}/${run.rule}`, 'error' as const])),
    },
  ];
  byLanguage.set(key, config);
  return config;
}

/**
 * A Linter whose working folder is the file's own: ESLint lints only files under its cwd and
 * applies its default ignores (node_modules) relative to it, and the caller has already chosen
 * which files to read. Only the last one is kept: a Linter holds on to the last file it linted
 * (AST, tokens, scopes), so one per folder of a large tree ran the corpus report out of memory.
 * Files come folder by folder, so the last one is nearly always the right one.
 */
let lastLinter: { dir: string; linter: Linter } | undefined;
function linterFor(filename: string): Linter {
  const dir = path.dirname(path.resolve(filename));
  if (lastLinter?.dir !== dir) lastLinter = { dir, linter: new Linter({ configType: 'flat', cwd: dir }) };
  return lastLinter.linter;
}

function parsersFor(filename: string): ParserChoice[] {
  return languageOf(filename).typescript ? ['typescript'] : ['espree', 'typescript'];
}

function analyse(definition: CodemodDefinition, text: string, filename: string): Pass {
  const [first, ...fallbacks] = parsersFor(filename);
  let pass = analyseWith(definition, text, filename, first!);
  for (const parser of fallbacks) {
    if (!pass.fatal?.startsWith('does not parse')) break;
    const retry = analyseWith(definition, text, filename, parser);
    // Keep the first parser's error when the fallback fails too.
    if (!retry.fatal) pass = retry;
  }
  return pass;
}

function analyseWith(definition: CodemodDefinition, text: string, filename: string, parser: ParserChoice): Pass {
  sink = [];
  const messages = linterFor(filename).verify(text, configFor(definition, filename, parser), { filename: path.resolve(filename) });
  const reported = new Set(messages.filter((m) => m.ruleId?.startsWith(`${PLUGIN_NAMESPACE}/`)).map((m) => Number(m.message)));
  const findings = sink.filter((_, index) => reported.has(index));
  sink = [];
  // Only a parse error or a file ESLint did not lint at all stops the codemod; problems with the
  // file's own inline configuration (ESLint 10 rejects `/* eslint-env */`) are not its business.
  const parseError = messages.find((m) => m.fatal && m.message.startsWith('Parsing error'));
  if (parseError) return { findings, fatal: `does not parse: ${parseError.line}:${parseError.column} ${parseError.message}` };
  const unlinted = messages.find((m) => m.ruleId === null && /no matching configuration|file ignored/i.test(m.message));
  return unlinted ? { findings, fatal: `not analysed: ${unlinted.message}` } : { findings };
}

function locationOf(finding: Finding<string>): Location {
  const start = finding.node.loc.start;
  return { line: start.line, column: start.column + 1 };
}

/** A project file the file imports passes the prefilter: a finder or options may come from there. */
function importsPassPrefilter(definition: CodemodDefinition, source: string, filename: string): boolean {
  const key = {};
  beginFileLint(key);
  return projectImportTexts({ text: source, ast: key }, path.resolve(filename)).some((text) => definition.prefilter.test(text));
}

export function transformSource(definition: CodemodDefinition, source: string, filename: string): FileResult {
  if (!definition.prefilter.test(source) && !importsPassPrefilter(definition, source, filename)) {
    return { status: 'skipped', output: source, changes: [], review: [] };
  }
  // ESLint drops a byte-order mark before parsing; ranges are relative to the text without it.
  const bom = source.startsWith('\uFEFF') ? '\uFEFF' : '';
  let text = bom ? source.slice(1) : source;
  const changes: Change[] = [];
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const result = analyse(definition, text, filename);
    if (result.fatal) {
      const error = pass === 0 ? result.fatal : `a rewrite produced code that ${result.fatal}; file left unchanged`;
      return { status: 'error', output: source, changes: [], review: [], error };
    }
    // A rewrite that would break sharing the code means (a test binding one port twice) is withheld.
    const sharing = new Map<Finding<string>, string>();
    for (const finding of result.findings) {
      const reason = finding.rewrite ? deliberateSharing(finding.node, text) : undefined;
      if (reason) sharing.set(finding, reason);
    }
    const next = result.findings.find((f) => f.rewrite && !sharing.has(f) && f.suggestions.some((s) => s.messageId === f.rewrite));
    if (!next) {
      const review = result.findings
        .filter((f) => !f.rewrite || sharing.has(f))
        .map((f) => ({ ...locationOf(f), reason: sharing.get(f) ?? f.review ?? 'needs a decision' }))
        // Several checkers report in turn: list the items in file order.
        .sort((a, b) => a.line - b.line || a.column - b.column);
      const output = bom + text;
      return { status: output === source ? 'unchanged' : 'changed', output, changes, review };
    }
    const suggestion = next.suggestions.find((s) => s.messageId === next.rewrite)!;
    changes.push({ ...locationOf(next), change: next.rewrite!, ...(next.note ? { note: next.note } : {}) });
    text = applyEdits(text, suggestion.edits as Edit[]);
  }
  return { status: 'error', output: source, changes: [], review: [], error: `rewrites did not settle after ${MAX_PASSES} passes; file left unchanged` };
}
