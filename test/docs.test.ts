// Each rule page's ❌ examples report that rule and its ✅ examples do not; pages exist for
// every rule and say what they must.
import fs from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../index.js';

const docsDir = path.resolve(import.meta.dirname, '../docs/rules');

interface Example {
  kind: 'incorrect' | 'correct';
  code: string;
  line: number;
}

/** Code blocks under the "❌ Incorrect" and "✅ Correct" headings. */
export function examplesOf(markdown: string): Example[] {
  const examples: Example[] = [];
  let kind: Example['kind'] | undefined;
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^#+ /.test(line)) kind = line.includes('❌') ? 'incorrect' : line.includes('✅') ? 'correct' : undefined;
    if (kind && /^```(js|ts)$/.test(line)) {
      const end = lines.indexOf('```', i + 1);
      examples.push({ kind, code: lines.slice(i + 1, end).join('\n'), line: i + 1 });
      i = end;
    }
  }
  return examples;
}

function lint(rule: string, code: string) {
  const linter = new Linter();
  return linter.verify(code, [
    {
      plugins: { 'exclusive-bind': plugin },
      languageOptions: { sourceType: 'module', ecmaVersion: 'latest' },
      rules: { [`exclusive-bind/${rule}`]: 'error' },
    },
  ]);
}

describe('rule docs', () => {
  for (const rule of Object.keys(plugin.rules)) {
    describe(rule, () => {
      const file = path.join(docsDir, `${rule}.md`);
      const markdown = fs.readFileSync(file, 'utf8');
      const examples = examplesOf(markdown);

      it('has incorrect and correct examples', () => {
        expect(examples.filter((e) => e.kind === 'incorrect').length).toBeGreaterThan(0);
        expect(examples.filter((e) => e.kind === 'correct').length).toBeGreaterThan(0);
      });

      for (const example of examples) {
        it(`${example.kind} example at line ${example.line}`, () => {
          const messages = lint(rule, example.code);
          expect(messages.filter((m) => m.fatal)).toEqual([]);
          if (example.kind === 'incorrect') expect(messages.length).toBeGreaterThan(0);
          else expect(messages).toEqual([]);
        });
      }
    });
  }

  it('has one page per rule and no page without a rule', () => {
    const pages = fs.readdirSync(docsDir).map((f) => f.replace(/\.md$/, '')).sort();
    expect(pages).toEqual(Object.keys(plugin.rules).sort());
  });
});
