// The project's own command, run as a user runs it: a real process on a temporary project.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'dist/codemods/cli.js');
const fixtures = path.join(root, 'codemods/reuse-port/fixtures');
const temps: string[] = [];

afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A project folder: a repository root with a package.json unless `files` says otherwise (null: none). */
function project(files: Record<string, string | null>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eb-cli-'));
  temps.push(dir);
  fs.mkdirSync(path.join(dir, '.git'));
  for (const [name, text] of Object.entries({ 'package.json': '{ "name": "app", "private": true }\n', ...files })) {
    if (text === null) continue;
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function run(cwd: string, ...args: string[]) {
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');
const read = (dir: string, name: string) => fs.readFileSync(path.join(dir, name), 'utf8');

describe('exclusive-bind-codemod', () => {
  it('rewrites files in place, leaves the rest byte-identical and untouched on disk', () => {
    const dir = project({
      'src/server.js': fixture('node-esm.input.js'),
      'src/plain.js': 'export const x = 1;\n',
      'src/untouched.js': fixture('untouched.input.js'),
    });
    const before = fs.statSync(path.join(dir, 'src/untouched.js')).mtimeMs;
    const result = run(dir, 'reuse-port', 'src');
    expect(result.code).toBe(0);
    expect(read(dir, 'src/server.js')).toBe(fixture('node-esm.output.js'));
    expect(read(dir, 'src/untouched.js')).toBe(fixture('untouched.input.js'));
    expect(fs.statSync(path.join(dir, 'src/untouched.js')).mtimeMs).toBe(before);
    expect(result.stdout).toContain('reuse-port: 3 file(s) read; changed 1, unchanged 1, skipped by prefilter 1, left for review 0, errors 0');
    // Atomic writes leave no temporary files behind.
    expect(fs.readdirSync(path.join(dir, 'src')).sort()).toEqual(['plain.js', 'server.js', 'untouched.js']);
    expect(fs.readdirSync(dir).sort()).toEqual(['.git', 'package.json', 'src']);
  });

  it('keeps the file mode of a rewritten file', () => {
    const dir = project({ 'bin/start.js': fixture('shebang.input.js') });
    fs.chmodSync(path.join(dir, 'bin/start.js'), 0o755);
    expect(run(dir, 'reuse-port').code).toBe(0);
    expect(read(dir, 'bin/start.js')).toBe(fixture('shebang.output.js'));
    expect(fs.statSync(path.join(dir, 'bin/start.js')).mode & 0o777).toBe(0o755);
  });

  it('--dry prints a unified diff and changes nothing', () => {
    const dir = project({ 'server.js': fixture('node-esm.input.js') });
    const result = run(dir, 'reuse-port', '--dry');
    expect(result.code).toBe(0);
    expect(read(dir, 'server.js')).toBe(fixture('node-esm.input.js'));
    expect(result.stdout).toContain('--- a/server.js\n+++ b/server.js\n');
    expect(result.stdout).toContain("+import { listenExclusive } from 'exclusive-bind';\n");
    expect(result.stdout).toContain("-server.listen({ port: config.port, host: '0.0.0.0', reusePort: true }, () => {\n");
    expect(result.stdout).toContain('would change 1');
  });

  it('skips node_modules and .gitignore\'d folders, including a .gitignore above the target', () => {
    const dir = project({
      '.gitignore': 'generated/\n',
      'app/server.js': fixture('node-esm.input.js'),
      'app/generated/server.js': fixture('node-esm.input.js'),
      'app/node_modules/dep/server.js': fixture('node-esm.input.js'),
    });
    const result = run(path.join(dir, 'app'), 'reuse-port', '.', '--json');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.files).toBe(1);
    expect(summary.changed.map((c: { file: string }) => c.file)).toEqual(['server.js']);
    expect(read(dir, 'app/generated/server.js')).toBe(fixture('node-esm.input.js'));
    expect(read(dir, 'app/node_modules/dep/server.js')).toBe(fixture('node-esm.input.js'));
  });

  it('reports a file that does not parse, leaves it untouched, goes on, and exits 1', () => {
    const broken = 'const options = { reusePort: true,\n';
    const dir = project({ 'a-broken.js': broken, 'b-server.js': fixture('node-esm.input.js') });
    const result = run(dir, 'reuse-port', '--json');
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout);
    expect(summary.errors).toEqual([{ file: 'a-broken.js', error: expect.stringMatching(/^does not parse: 2:\d+ /) }]);
    expect(read(dir, 'a-broken.js')).toBe(broken);
    expect(read(dir, 'b-server.js')).toBe(fixture('node-esm.output.js'));
  });

  it('lists what it leaves for review with file, line and reason', () => {
    const dir = project({ 'review.js': fixture('review.input.js') });
    const result = run(dir, 'reuse-port');
    expect(result.code).toBe(0);
    const expected = fs
      .readFileSync(path.join(fixtures, 'review.review.txt'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => `  review: review.js:${line}`);
    expect(result.stdout.split('\n').filter((l) => l.startsWith('  review: '))).toEqual(expected);
  });

  it('notes the restart hand-off beside a rewrite meant for restarts, in text and JSON', () => {
    const dir = project({ 'server.js': fixture('restart-handoff.input.js') });
    const notes = fs.readFileSync(path.join(fixtures, 'restart-handoff.notes.txt'), 'utf8').trim().split('\n');
    const result = run(dir, 'reuse-port');
    expect(result.code).toBe(0);
    expect(read(dir, 'server.js')).toBe(fixture('restart-handoff.output.js'));
    expect(result.stdout).toContain('  changed: server.js (7:26 useListenExclusive, 13:30 useListenExclusive)\n');
    expect(result.stdout.split('\n').filter((l) => l.startsWith('  note: '))).toEqual(notes.map((line) => `  note: server.js:${line}`));
    const json = JSON.parse(run(project({ 'server.js': fixture('restart-handoff.input.js') }), 'reuse-port', '--dry', '--json').stdout);
    const [, line, column, note] = /^(\d+):(\d+) (.+)$/.exec(notes[0]!)!;
    expect(json.changed[0].changes[0]).toEqual({ line: Number(line), column: Number(column), change: 'useListenExclusive', note });
    expect(json.changed[0].changes[1]).toEqual({ line: 13, column: 30, change: 'useListenExclusive' });
  });

  it('runs every transform with `all`', () => {
    const dir = project({
      'server.js': fixture('node-esm.input.js'),
      'gateway.js': fs.readFileSync(path.join(root, 'codemods/implicit-reuse-port/fixtures/uws-default-import.input.js'), 'utf8'),
    });
    expect(run(dir, 'all').code).toBe(0);
    expect(read(dir, 'server.js')).toBe(fixture('node-esm.output.js'));
    expect(read(dir, 'gateway.js')).toBe(
      fs.readFileSync(path.join(root, 'codemods/implicit-reuse-port/fixtures/uws-default-import.output.js'), 'utf8'),
    );
  });

  it.each([
    [['nope'], 'Unknown transform "nope".'],
    [[], 'Missing transform name.'],
    [['reuse-port', 'missing-folder'], 'No such file or folder: missing-folder'],
    [['reuse-port', '--frobnicate'], "Unknown option '--frobnicate'"],
  ])('exits 2 on usage errors: %j', (args, message) => {
    const dir = project({});
    const result = run(dir, ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Usage: exclusive-bind-codemod');
  });

  it('the shipped jscodeshift transform runs under the jscodeshift CLI', () => {
    const dir = project({ 'src/server.js': fixture('node-esm.input.js'), 'src/broken.js': 'const x = { reusePort: true,\n' });
    const jscodeshift = path.join(root, 'node_modules/.bin/jscodeshift');
    const transform = path.join(root, 'dist/codemods/reuse-port.cjs');
    if (!fs.existsSync(transform)) throw new Error(`${transform} is missing: run npm run build first`);
    const result = spawnSync(jscodeshift, ['--no-babel', '--fail-on-error', '-t', transform, 'src'], { cwd: dir, encoding: 'utf8' });
    expect(read(dir, 'src/server.js')).toBe(fixture('node-esm.output.js'));
    // The file that does not parse is reported, left as it is, and fails the run.
    expect(read(dir, 'src/broken.js')).toBe('const x = { reusePort: true,\n');
    expect(result.stdout).toMatch(/1 errors/);
    expect(result.stdout).toMatch(/1 ok/);
    expect(result.status).toBe(1);
  });
});
