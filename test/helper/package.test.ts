// The package as users get it: manifest shape, and the built entry loaded by name from the repository
// root through the workspace link, with import and with require().
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { distEntry, repoRoot } from './support.js';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'exclusive-bind/package.json'), 'utf8')) as Record<string, unknown> & {
  exports: Record<string, Record<string, string>>;
};
const api = ['listenExclusive', 'listenExclusiveAsync', 'listenShared', 'canSharePort', 'SHARING_SUPPORT', 'bindExclusive', 'bindMulticast', 'PortInUseError', 'reportListening', 'spawnListening', 'waitForListening', 'ChildNotListeningError'];

describe('exclusive-bind package', () => {
  it('has no runtime dependencies, an engines field, types first in exports, and ships dist', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.engines).toEqual({ node: '>=20.19' });
    expect(Object.keys(pkg.exports['.'] ?? {})[0]).toBe('types');
    expect(pkg.files).toContain('dist');
  });

  for (const [how, code] of [
    ['import', `import('exclusive-bind').then((m) => console.log(JSON.stringify(Object.keys(m))))`],
    ['require', `console.log(JSON.stringify(Object.keys(require('exclusive-bind'))))`],
  ] as const) {
    it(`loads by name from the repository root with ${how}()`, () => {
      if (!existsSync(distEntry)) throw new Error('exclusive-bind is not built: npm run build -w exclusive-bind');
      const out = execFileSync(process.execPath, ['-e', code], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(JSON.parse(out)).toEqual(expect.arrayContaining(api));
    });
  }
});
