/// <reference types="vite/client" />
// Every codemod fixture: exact output (or byte-identical input when there is no .output file),
// the review list, the notes shown beside the changes, output that parses, a second run that changes nothing, the same result through
// jscodeshift, and the same result as applying the lint rule's suggestions one by one.
import fs from 'node:fs';
import path from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { applyTransform } from 'jscodeshift/src/testUtils.js';
import { describe, expect, it } from 'vitest';
import type { CodemodDefinition } from '../../codemods/engine/definition.js';
import { languageOf, SOURCE_EXTENSIONS } from '../../codemods/engine/languages.js';
import { transformSource, type FileResult } from '../../codemods/engine/transform-source.js';
import { CODEMODS } from '../../codemods/index.js';
import plugin from '../../index.js';

const codemodsDir = path.resolve(import.meta.dirname, '../../codemods');

const transformModules = import.meta.glob<{ default: unknown }>('../../codemods/*/transform.ts', { eager: true });

const ruleModules = import.meta.glob<{ checker?: unknown }>('../../rules/*.ts', { eager: true });

/** The rule a checker run names, checked to be the rule module that exports that checker. */
function ruleNameOf(definition: CodemodDefinition, index: number): string {
  const run = definition.checkers[index]!;
  expect(ruleModules[`../../rules/${run.rule}.ts`]?.checker).toBe(run.checker);
  return run.rule;
}

function parses(code: string, file: string): boolean {
  const { jsx } = languageOf(file);
  tsParser.parseForESLint(code, { filePath: file, ecmaFeatures: { jsx }, sourceType: 'module', range: true });
  return true;
}

/** Applies, in the codemod's order, the suggestion the codemod chose, on the report it chose. */
function viaSuggestions(rules: Array<{ rule: string; options: unknown[] }>, source: string, file: string, rewrites: FileResult['changes']): string {
  const linter = new Linter();
  const { jsx, sourceType } = languageOf(file);
  let text = source;
  for (const { line, column, change } of rewrites) {
    const messages = linter.verify(
      text,
      [
        {
          files: [`**/*{${SOURCE_EXTENSIONS.join(',')}}`],
          plugins: { 'exclusive-bind': plugin },
          languageOptions: { parser: tsParser as Linter.Parser, sourceType, parserOptions: { ecmaFeatures: { jsx } } },
          rules: Object.fromEntries(rules.map(({ rule, options }) => [`exclusive-bind/${rule}`, ['error', ...options] as Linter.RuleEntry])),
        },
      ],
      { filename: file },
    );
    const suggestion = messages
      .filter((m) => m.line === line && m.column === column)
      .flatMap((m) => m.suggestions ?? [])
      .find((s) => s.messageId === change);
    if (!suggestion) throw new Error(`no suggestion ${change} at ${line}:${column} in ${file}`);
    text = text.slice(0, suggestion.fix.range[0]) + suggestion.fix.text + text.slice(suggestion.fix.range[1]);
  }
  return text;
}

for (const name of Object.keys(CODEMODS).filter((n) => fs.existsSync(path.join(codemodsDir, n, 'fixtures')))) {
  const definition = CODEMODS[name]!;
  const dir = path.join(codemodsDir, name, 'fixtures');
  const inputs = fs.readdirSync(dir).filter((f) => f.includes('.input.')).sort();

  describe(`codemod ${name}`, () => {
    it('has fixtures', () => expect(inputs.length).toBeGreaterThan(0));

    for (const inputName of inputs) {
      const file = path.join(dir, inputName);
      const source = fs.readFileSync(file, 'utf8');
      const outputFile = file.replace('.input.', '.output.');
      const reviewFile = file.replace(/\.input\.\w+$/, '.review.txt');
      const expected = fs.existsSync(outputFile) ? fs.readFileSync(outputFile, 'utf8') : source;
      const expectedReview = fs.existsSync(reviewFile) ? fs.readFileSync(reviewFile, 'utf8').trim().split('\n') : [];
      const notesFile = file.replace(/\.input\.\w+$/, '.notes.txt');
      const expectedNotes = fs.existsSync(notesFile) ? fs.readFileSync(notesFile, 'utf8').trim().split('\n') : [];

      describe(inputName, () => {
        const result = transformSource(definition, source, file);

        if (inputName.startsWith('does-not-parse')) {
          it('is reported as an error and left untouched', () => {
            expect(result.status).toBe('error');
            expect(result.error).toMatch(/^does not parse: \d+:\d+ /);
            expect(result.output).toBe(source);
          });
          return;
        }

        it('produces the expected output, byte for byte', () => {
          expect(result.status).not.toBe('error');
          expect(result.output).toBe(expected);
          expect(result.status).toBe(expected === source ? (result.status === 'skipped' ? 'skipped' : 'unchanged') : 'changed');
        });

        it('lists what it leaves for review', () => {
          expect(result.review.map((r) => `${r.line}:${r.column} ${r.reason}`)).toEqual(expectedReview);
        });

        it('notes what it says beside its changes', () => {
          expect(result.changes.filter((c) => c.note).map((c) => `${c.line}:${c.column} ${c.note}`)).toEqual(expectedNotes);
        });

        it('writes code that parses, and a second run changes nothing', () => {
          expect(parses(result.output, file)).toBe(true);
          const again = transformSource(definition, result.output, file);
          expect(again.output).toBe(result.output);
          expect(again.changes).toEqual([]);
        });

        it('keeps a #! line first', () => {
          if (source.startsWith('#!')) expect(result.output.split('\n')[0]).toBe(source.split('\n')[0]);
          else expect(result.output.startsWith('#!')).toBe(false);
        });

        it('gives the same result through jscodeshift', () => {
          const transform = transformModules[`../../codemods/${name}/transform.ts`]!;
          const output = applyTransform(transform as Parameters<typeof applyTransform>[0], {}, { source, path: file });
          // applyTransform gives '' when the transform returns undefined (file left as it is).
          expect(output).toBe(expected === source ? '' : expected.trim());
        });

        if (expected === source) return;
        it("makes the same edits as the rules' suggestions", () => {
          const rewrites = result.changes;
          expect(rewrites.length).toBeGreaterThan(0);
          // Every rule of the codemod (the recipe is the union of these); a change is found by its suggestion's id.
          const rules = definition.checkers.map((run, index) => ({ rule: ruleNameOf(definition, index), options: run.options as unknown[] }));
          expect(viaSuggestions(rules, source, file, rewrites)).toBe(expected);
        });
      });
    }
  });
}
