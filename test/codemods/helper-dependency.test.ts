// A file that gains an exclusive-bind import makes its package depend on exclusive-bind: the
// command run as a user runs it, on temporary projects (single package, workspace, Deno, none).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'dist/codemods/cli.js');
const range = `^${(JSON.parse(fs.readFileSync(path.join(root, 'exclusive-bind/package.json'), 'utf8')) as { version: string }).version}`;
const temps: string[] = [];

afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const SERVER = "const http = require('node:http');\nconst s = http.createServer();\ns.listen({ port: 3000, reusePort: true });\n";
const REWRITTEN =
  "const http = require('node:http');\nconst { listenExclusive } = require('exclusive-bind');\nconst s = http.createServer();\nlistenExclusive(s, { port: 3000 });\n";
/** Rewritten without the helper: Bun gains `reusePort: false`. */
const BUN = 'Bun.serve({ port: 3000, reusePort: true, fetch: () => new Response("ok") });\n';

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eb-dep-'));
  temps.push(dir);
  fs.mkdirSync(path.join(dir, '.git'));
  for (const [name, text] of Object.entries(files)) {
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

const read = (dir: string, name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

describe('the package that owns a rewritten file gains the dependency', () => {
  const manifest = '{\n    "name": "app",\n    "files": ["src"],\n    "dependencies": {\n        "express": "^4.0.0"\n    }\n}';

  it('adds it in order, keeping indentation, inline arrays and the missing final newline; ends with the install command', () => {
    const dir = project({ 'package.json': manifest, 'package-lock.json': '{}\n', 'src/server.js': SERVER });
    const result = run(dir, 'all', 'src');
    expect(result.code, result.stderr).toBe(0);
    expect(read(dir, 'src/server.js')).toBe(REWRITTEN);
    expect(read(dir, 'package.json')).toBe(
      `{\n    "name": "app",\n    "files": ["src"],\n    "dependencies": {\n        "exclusive-bind": "${range}",\n        "express": "^4.0.0"\n    }\n}`,
    );
    expect(result.stdout).toContain(`  dependency: package.json gained "exclusive-bind": "${range}" in dependencies (imported by src/server.js)\n`);
    expect(lastLine(result.stdout)).toBe('Now install the new dependency: npm install');
    expect(fs.readdirSync(dir).sort()).toEqual(['.git', 'package-lock.json', 'package.json', 'src']);
  });

  it('--dry shows the package.json diff too and writes nothing', () => {
    const dir = project({ 'package.json': manifest, 'src/server.js': SERVER });
    const result = run(dir, 'all', '--dry');
    expect(result.code, result.stderr).toBe(0);
    expect(read(dir, 'package.json')).toBe(manifest);
    expect(read(dir, 'src/server.js')).toBe(SERVER);
    expect(result.stdout).toContain(`--- a/package.json\n+++ b/package.json\n@@ -1,7 +1,8 @@\n {\n     "name": "app",\n     "files": ["src"],\n     "dependencies": {\n+        "exclusive-bind": "${range}",\n`);
    expect(result.stdout).toContain(`  dependency: package.json would gain "exclusive-bind": "${range}" in dependencies (imported by src/server.js)\n`);
    expect(lastLine(result.stdout)).toBe('After applying, install the new dependency: npm install');
  });

  it('leaves a package that already depends on it alone, and asks for no install', () => {
    const already = '{\n  "name": "app",\n  "dependencies": { "exclusive-bind": "~0.1.0" }\n}\n';
    const dir = project({ 'package.json': already, 'server.js': SERVER });
    const result = run(dir, 'all', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(read(dir, 'package.json')).toBe(already);
    expect(read(dir, 'server.js')).toBe(REWRITTEN);
    const summary = JSON.parse(result.stdout);
    expect(summary.dependencies).toEqual([{ manifest: 'package.json', status: 'present', range, files: ['server.js'] }]);
    expect(summary.install).toEqual([]);
  });

  it('touches no package.json when the rewrite imports nothing', () => {
    const dir = project({ 'package.json': manifest, 'server.ts': BUN });
    const result = run(dir, 'all', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(read(dir, 'server.ts')).not.toBe(BUN);
    expect(read(dir, 'package.json')).toBe(manifest);
    expect(JSON.parse(result.stdout).dependencies).toEqual([]);
  });

  it('in a workspace, the workspace package gains it; the install runs at the root with its lockfile', () => {
    const member = '{\n  "name": "@app/api",\n  "type": "commonjs"\n}\n';
    const dir = project({
      'package.json': '{\n  "name": "root",\n  "private": true,\n  "workspaces": ["packages/*"]\n}\n',
      'pnpm-lock.yaml': '',
      'packages/api/package.json': member,
      // A "type"-only marker is not a package: the workspace package above it owns the file.
      'packages/api/src/package.json': '{ "type": "commonjs" }\n',
      'packages/api/src/server.js': SERVER,
      'packages/web/package.json': '{ "name": "@app/web" }\n',
      'packages/web/index.js': 'module.exports = 1;\n',
    });
    const result = run(path.join(dir, 'packages'), 'all', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(read(dir, 'packages/api/package.json')).toBe(`{\n  "name": "@app/api",\n  "type": "commonjs",\n  "dependencies": {\n    "exclusive-bind": "${range}"\n  }\n}\n`);
    expect(read(dir, 'packages/api/src/package.json')).toBe('{ "type": "commonjs" }\n');
    expect(read(dir, 'packages/web/package.json')).toBe('{ "name": "@app/web" }\n');
    expect(read(dir, 'package.json')).not.toContain('exclusive-bind');
    const summary = JSON.parse(result.stdout);
    expect(summary.dependencies).toEqual([
      { manifest: 'api/package.json', status: 'added', range, files: ['api/src/server.js'] },
    ]);
    expect(summary.install).toEqual([{ cwd: '..', command: 'pnpm install' }]);
    // Done: a second run changes nothing and asks for no install. (The rewritten file now names
    // exclusive-bind, so exclusive-misuse's prefilter lets it through to be parsed.)
    expect(lastLine(run(path.join(dir, 'packages'), 'all').stdout)).toBe(
      'all: 2 file(s) read; changed 0, unchanged 1, skipped by prefilter 1, left for review 0, errors 0',
    );
  });

  it('names the install folder when it is not the current one', () => {
    const dir = project({ 'package.json': '{ "name": "app" }\n', 'yarn.lock': '', 'src/server.js': SERVER });
    const result = run(path.join(dir, 'src'), 'all');
    expect(lastLine(result.stdout)).toBe('Now install the new dependency: (cd .. && yarn install)');
  });

  it('a package.json that does not parse: the file is an error, left as it is, and the run exits 1', () => {
    const broken = '{ "name": "app", }\n';
    const dir = project({ 'package.json': broken, 'server.js': SERVER });
    const result = run(dir, 'all', '--json');
    expect(result.code).toBe(1);
    expect(read(dir, 'server.js')).toBe(SERVER);
    expect(read(dir, 'package.json')).toBe(broken);
    const summary = JSON.parse(result.stdout);
    expect(summary.errors).toEqual([
      { file: 'server.js', error: expect.stringMatching(/^package\.json cannot gain the exclusive-bind dependency: .*JSON/) },
    ]);
    expect(summary.changed).toEqual([]);
  });
});

describe('no package.json, or a Deno project', () => {
  it('no package.json: the file is left for review with the reason, nothing is written', () => {
    const dir = project({ 'server.js': SERVER, 'bun.ts': BUN });
    const result = run(dir, 'all', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(read(dir, 'server.js')).toBe(SERVER);
    const summary = JSON.parse(result.stdout);
    // The Bun rewrite imports nothing and still applies.
    expect(summary.changed.map((c: { file: string }) => c.file)).toEqual(['bun.ts']);
    expect(summary.review).toEqual([
      {
        file: 'server.js',
        line: 3,
        column: 24,
        reason:
          'the rewrite imports exclusive-bind, but no package.json or deno.json owns this file, so nothing would install it: add a package.json (npm init -y), then run again',
      },
    ]);
    expect(fs.readdirSync(dir).sort()).toEqual(['.git', 'bun.ts', 'server.js']);
  });

  it('deno.json gains the npm: import-map entry, so the bare import resolves under Deno', () => {
    const config = '{\n  "tasks": {\n    "start": "deno run -A main.ts"\n  }\n}\n';
    const dir = project({ 'deno.json': config, 'main.ts': "import http from 'node:http';\nconst s = http.createServer();\ns.listen({ port: 3000, reusePort: true });\n" });
    const result = run(dir, 'all');
    expect(result.code, result.stderr).toBe(0);
    expect(read(dir, 'main.ts')).toBe(
      "import http from 'node:http';\nimport { listenExclusive } from 'exclusive-bind';\nconst s = http.createServer();\nlistenExclusive(s, { port: 3000 });\n",
    );
    expect(read(dir, 'deno.json')).toBe(
      `{\n  "tasks": {\n    "start": "deno run -A main.ts"\n  },\n  "imports": {\n    "exclusive-bind": "npm:exclusive-bind@${range}"\n  }\n}\n`,
    );
    expect(lastLine(result.stdout)).toBe('Now install the new dependency: deno install');
  });

  it('deno.jsonc that already maps the helper: rewritten, config untouched', () => {
    const config = `{\n  // comments are allowed here\n  "imports": { "exclusive-bind": "npm:exclusive-bind@${range}", },\n}\n`;
    const dir = project({ 'deno.jsonc': config, 'main.js': SERVER });
    const result = run(dir, 'all', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(read(dir, 'main.js')).toBe(REWRITTEN);
    expect(read(dir, 'deno.jsonc')).toBe(config);
    expect(JSON.parse(result.stdout).dependencies).toEqual([{ manifest: 'deno.jsonc', status: 'present', range, files: ['main.js'] }]);
  });

  it('deno.jsonc without the mapping: left for review, naming the entry to add', () => {
    const config = '{\n  // no imports yet\n}\n';
    const dir = project({ 'deno.jsonc': config, 'main.js': SERVER });
    const summary = JSON.parse(run(dir, 'all', '--json').stdout);
    expect(read(dir, 'main.js')).toBe(SERVER);
    expect(read(dir, 'deno.jsonc')).toBe(config);
    expect(summary.review).toEqual([
      {
        file: 'main.js',
        line: 3,
        column: 24,
        reason: `the rewrite imports exclusive-bind, which this Deno project does not map: add "exclusive-bind": "npm:exclusive-bind@${range}" to "imports" in ${path.join(dir, 'deno.jsonc')}, then run again`,
      },
    ]);
  });
});

describe('--only-dependencies (the step after a per-file engine)', () => {
  it('adds the dependency for files that already import the helper and rewrites nothing', () => {
    const dir = project({
      'package.json': '{\n  "name": "app"\n}\n',
      'src/server.js': REWRITTEN,
      'src/untouched.js': SERVER,
    });
    const result = run(dir, 'all', '--only-dependencies', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(read(dir, 'src/untouched.js')).toBe(SERVER);
    expect(read(dir, 'package.json')).toBe(`{\n  "name": "app",\n  "dependencies": {\n    "exclusive-bind": "${range}"\n  }\n}\n`);
    const summary = JSON.parse(result.stdout);
    expect(summary.changed).toEqual([]);
    expect(summary.dependencies).toEqual([{ manifest: 'package.json', status: 'added', range, files: ['src/server.js'] }]);
    expect(summary.install).toEqual([{ cwd: '.', command: 'npm install' }]);
  });
});

describe('under jscodeshift (one file at a time)', () => {
  it('rewrites the file and reports which package.json needs the dependency, without editing it', () => {
    const dir = project({ 'package.json': '{ "name": "app" }\n', 'src/server.js': SERVER, 'lonely/package.json': '{ "type": "commonjs" }\n' });
    const jscodeshift = path.join(root, 'node_modules/.bin/jscodeshift');
    const transform = path.join(root, 'dist/codemods/all.cjs');
    const result = spawnSync(jscodeshift, ['--no-babel', '--fail-on-error', '-t', transform, 'src'], { cwd: dir, encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(read(dir, 'src/server.js')).toBe(REWRITTEN);
    expect(read(dir, 'package.json')).toBe('{ "name": "app" }\n');
    expect(result.stdout).toContain(
      `src/server.js: now imports exclusive-bind: add "exclusive-bind": "${range}" to "dependencies" in ${path.join(dir, 'package.json')}, then install`,
    );
  });
});
