/**
 * Runs a codemod's checkers on one file's text and applies the rewrites they allow. The checkers
 * are the lint rules' own, run through ESLint's Linter (parser, scopes, traversal), so the
 * codemod's edit and the rule's suggestion are the same edit.
 */
import * as tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import { Linter, type Rule } from 'eslint';
import { applyEdits, type Edit } from '../../core/edits.js';
import type { Finding } from '../../core/finding.js';
import type { CodemodDefinition } from './definition.js';
import { languageOf, SOURCE_EXTENSIONS } from './languages.js';

export interface Location {
  readonly line: number;
  readonly column: number;
}

export interface ReviewItem extends Location {
  readonly reason: string;
}

export interface FileResult {
  /** `skipped`: the prefilter ruled the file out before parsing. */
  readonly status: 'changed' | 'unchanged' | 'skipped' | 'error';
  readonly output: string;
  readonly changes: readonly (Location & { readonly change: string })[];
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

function analyse(linter: Linter, definition: CodemodDefinition, text: string, filename: string): Pass {
  const findings: Finding<string>[] = [];
  const collector: Rule.RuleModule = {
    meta: { type: 'problem', schema: false },
    create(context) {
      const listeners = definition.checkers.map(({ checker, options }) =>
        checker(context as unknown as TSESLint.RuleContext<string, unknown[]>, options, (f) => findings.push(f)),
      );
      const merged: Record<string, (node: never) => void> = {};
      for (const listener of listeners) {
        for (const [selector, handler] of Object.entries(listener)) {
          const previous = merged[selector];
          const current = handler as (node: never) => void;
          merged[selector] = previous ? (node) => (previous(node), current(node)) : current;
        }
      }
      return merged as Rule.RuleListener;
    },
  };
  const { jsx, sourceType } = languageOf(filename);
  const messages = linter.verify(
    text,
    [
      {
        // A pattern ending in `*` would not make ESLint lint .ts files; name the extensions.
        files: [`**/*{${SOURCE_EXTENSIONS.join(',')}}`],
        languageOptions: {
          parser: tsParser as Linter.Parser,
          sourceType,
          parserOptions: { ecmaFeatures: { jsx } },
        },
        plugins: { codemod: { rules: { collect: collector } } },
        rules: { 'codemod/collect': 'error' },
      },
    ],
    { filename },
  );
  // A file ESLint did not lint at all must not pass as "nothing to change".
  const fatal = messages.find((m) => m.fatal || m.ruleId === null);
  return fatal ? { findings, fatal: `${fatal.line}:${fatal.column} ${fatal.message}` } : { findings };
}

function locationOf(finding: Finding<string>): Location {
  const start = finding.node.loc.start;
  return { line: start.line, column: start.column + 1 };
}

export function transformSource(definition: CodemodDefinition, source: string, filename: string): FileResult {
  if (!definition.keywords.some((keyword) => source.includes(keyword))) {
    return { status: 'skipped', output: source, changes: [], review: [] };
  }
  // ESLint drops a byte-order mark before parsing; ranges are relative to the text without it.
  const bom = source.startsWith('\uFEFF') ? '\uFEFF' : '';
  let text = bom ? source.slice(1) : source;
  const linter = new Linter({ configType: 'flat' });
  const changes: (Location & { change: string })[] = [];
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const result = analyse(linter, definition, text, filename);
    if (result.fatal) {
      const error = pass === 0 ? `does not parse: ${result.fatal}` : `rewrite produced code that does not parse (${result.fatal}); file left unchanged`;
      return { status: 'error', output: source, changes: [], review: [], error };
    }
    const next = result.findings.find((f) => f.rewrite && f.suggestions.some((s) => s.messageId === f.rewrite));
    if (!next) {
      const review = result.findings
        .filter((f) => !f.rewrite)
        .map((f) => ({ ...locationOf(f), reason: f.review ?? 'needs a decision' }));
      const output = bom + text;
      return { status: output === source ? 'unchanged' : 'changed', output, changes, review };
    }
    const suggestion = next.suggestions.find((s) => s.messageId === next.rewrite)!;
    changes.push({ ...locationOf(next), change: next.rewrite! });
    text = applyEdits(text, suggestion.edits as Edit[]);
  }
  return { status: 'error', output: source, changes: [], review: [], error: `rewrites did not settle after ${MAX_PASSES} passes; file left unchanged` };
}
