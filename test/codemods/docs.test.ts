// Each codemod page's before/after pairs: the codemod turns every "before" block into the "after"
// block that follows it, byte for byte.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { transformSource } from '../../codemods/engine/transform-source.js';
import { CODEMODS } from '../../codemods/index.js';

const docsDir = path.resolve(import.meta.dirname, '../../docs/codemods');

function pairsOf(markdown: string): { lang: string; before: string; after: string; line: number }[] {
  const section = markdown.split(/^## Before \/ after$/m)[1]?.split(/^## /m)[0] ?? '';
  const offset = markdown.slice(0, markdown.indexOf(section)).split('\n').length;
  const blocks = [...section.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1]!,
    code: m[2]!,
    line: offset + section.slice(0, m.index).split('\n').length - 1,
  }));
  const pairs = [];
  for (let i = 0; i + 1 < blocks.length; i += 2) {
    pairs.push({ lang: blocks[i]!.lang, before: blocks[i]!.code, after: blocks[i + 1]!.code, line: blocks[i]!.line });
  }
  return pairs;
}

for (const name of Object.keys(CODEMODS).filter((n) => n !== 'all')) {
  describe(`docs/codemods/${name}.md`, () => {
    const file = path.join(docsDir, `${name}.md`);
    it('exists', () => expect(fs.existsSync(file)).toBe(true));
    if (!fs.existsSync(file)) return;
    const pairs = pairsOf(fs.readFileSync(file, 'utf8'));
    it('has before/after pairs', () => expect(pairs.length).toBeGreaterThan(0));
    for (const pair of pairs) {
      it(`before/after at line ${pair.line}`, () => {
        const result = transformSource(CODEMODS[name]!, pair.before, `example.${pair.lang}`);
        expect(result.status).toBe('changed');
        expect(result.output).toBe(pair.after);
      });
    }
  });
}
