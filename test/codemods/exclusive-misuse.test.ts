// exclusive-misuse removes `exclusive: true` beside `reusePort: true` only where the project's
// package.json (`engines.node`) rules out every Node version that ignores reusePort; this depends on
// the file's package, so it is tested in temporary projects rather than in the fixtures folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { transformSource } from '../../codemods/engine/transform-source.js';
import { CODEMODS } from '../../codemods/index.js';

const fixtures = path.resolve(import.meta.dirname, '../../codemods/exclusive-misuse/fixtures');
const input = fs.readFileSync(path.join(fixtures, 'beside-reuse-port.input.mjs'), 'utf8');
const temps: string[] = [];

afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

/** The fixture as src/server.mjs of a project whose package.json has these `engines`. */
function inProject(engines: Record<string, string> | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eb-exclusive-misuse-'));
  temps.push(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'app', ...(engines ? { engines } : {}) }, null, 2)}\n`);
  fs.mkdirSync(path.join(dir, 'src'));
  return path.join(dir, 'src/server.mjs');
}

const REVIEW = ['4:46 Node < 22.12 ignores reusePort, and there exclusive still decides cluster handle sharing'];

describe('exclusive-misuse beside reusePort', () => {
  it('removes `exclusive` when engines.node only allows versions that honour reusePort', () => {
    for (const node of ['>=23.1', '^22.12.0 || >=24', '>=24']) {
      const result = transformSource(CODEMODS['exclusive-misuse']!, input, inProject({ node }));
      expect(result.output, node).toBe(input.replace(', exclusive: true', ''));
      expect(result.changes, node).toEqual([{ line: 4, column: 46, change: 'removeOption' }]);
      expect(result.review, node).toEqual([]);
    }
  });

  it('leaves it for review when the project allows older Node, or says nothing', () => {
    // '>=22.12' admits 23.0, which ignores reusePort (it came in 23.1 and 22.12).
    for (const engines of [{ node: '>=20.19' }, { node: '^20.19.0 || ^22.13.0 || >=24' }, { node: '>=22.12' }, undefined]) {
      const result = transformSource(CODEMODS['exclusive-misuse']!, input, inProject(engines));
      expect(result.status, JSON.stringify(engines)).toBe('unchanged');
      expect(result.review.map((r) => `${r.line}:${r.column} ${r.reason}`)).toEqual(REVIEW);
    }
  });

  it('in `all`, leaves neither option: exclusive removed, then reusePort turned into listenExclusive()', () => {
    const result = transformSource(CODEMODS.all!, input, inProject({ node: '>=24' }));
    expect(result.output).toBe(`import net from 'node:net';
import { listenExclusive } from 'exclusive-bind';

const server = net.createServer();
listenExclusive(server, { port: 3000 });
`);
    expect(result.review).toEqual([]);
  });
});
