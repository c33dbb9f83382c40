// The bundled example project: every line marked ❌ is reported, nothing else is.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintExamples } from '../scripts/lint-example.js';

const examples = path.resolve(import.meta.dirname, '../examples');

/** Lines a ❌ comment points at: its own line, or the next one when the comment stands alone. */
function markedLines(file: string): number[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  return lines.flatMap((line, index) => {
    if (!/\/\/.*❌/.test(line)) return [];
    return /^\s*\/\//.test(line) ? [index + 2] : [index + 1];
  });
}

describe('examples/', () => {
  it('reports exactly the lines marked ❌', async () => {
    const results = await lintExamples();
    expect(results.length).toBeGreaterThanOrEqual(5);
    for (const result of results) {
      const reported = result.messages.map((m) => m.line).sort((a, b) => a - b);
      const name = path.relative(examples, result.filePath);
      expect({ file: name, lines: reported }).toEqual({ file: name, lines: markedLines(result.filePath) });
      for (const message of result.messages) {
        expect(message.ruleId, message.message).toMatch(/^exclusive-bind\//);
      }
    }
  });
});
