/**
 * Every command in the "Three ways to run them" blocks of docs/codemods/README.md, run as written
 * in a temporary repository where the package is installed (node_modules/eslint-plugin-exclusive-bind
 * links to this checkout). Only `npx <bin>` is resolved here (to this checkout's bins and the pinned
 * Codemod CLI), so nothing is downloaded. Needs `npm run build` and `npm run runtimes`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const readme = fs.readFileSync(path.join(root, 'docs/codemods/README.md'), 'utf8');
const range = `^${(JSON.parse(fs.readFileSync(path.join(root, 'exclusive-bind/package.json'), 'utf8')) as { version: string }).version}`;
const BINS: Record<string, string[]> = {
  'exclusive-bind-codemod': [process.execPath, path.join(root, 'dist/codemods/cli.js')],
  jscodeshift: [path.join(root, 'node_modules/.bin/jscodeshift')],
  codemod: [path.join(root, '.cache/runtimes/codemod/node_modules/.bin/codemod')],
};

const SERVER = "const http = require('node:http');\nconst s = http.createServer();\ns.listen({ port: 3000, reusePort: true });\n";
const REWRITTEN =
  "const http = require('node:http');\nconst { listenExclusive } = require('exclusive-bind');\nconst s = http.createServer();\nlistenExclusive(s, { port: 3000 });\n";
const MANIFEST = '{\n  "name": "app",\n  "private": true\n}\n';
const WITH_DEPENDENCY = `{\n  "name": "app",\n  "private": true,\n  "dependencies": {\n    "exclusive-bind": "${range}"\n  }\n}\n`;

const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GIT_'))),
  CI: 'true',
  NO_COLOR: '1',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

/** The ```sh blocks under "### <heading>" inside "## Three ways to run them", one command a line. */
function commandsUnder(heading: string): string[] {
  const section = readme.split(/^## Three ways to run them$/m)[1]!.split(/^## /m)[0]!;
  const part = section.split(/^### /m).find((p) => p.startsWith(heading));
  if (!part) throw new Error(`no "### ${heading}" in docs/codemods/README.md`);
  return [...part.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].flatMap((m) => m[1]!.trim().split('\n'));
}

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

/** Another repository, with the package installed where npm puts it. */
function userRepository(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eb-docs-'));
  temps.push(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), MANIFEST);
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'src/server.js'), SERVER);
  fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n');
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(root, path.join(dir, 'node_modules/eslint-plugin-exclusive-bind'), 'dir');
  for (const args of [['init', '--quiet'], ['add', '-A'], ['commit', '--quiet', '-m', 'initial']]) {
    const result = spawnSync('git', args, { cwd: dir, env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  }
  return dir;
}

function runDocumented(command: string, cwd: string) {
  const [npx, bin, ...args] = command.split(/\s+/);
  expect(npx).toBe('npx');
  const resolved = BINS[bin!];
  if (!resolved) throw new Error(`no local binary for "${bin}" in: ${command}`);
  if (!fs.existsSync(resolved.at(-1)!)) throw new Error(`${resolved.at(-1)} is missing: run npm run build and npm run runtimes`);
  const result = spawnSync(resolved[0]!, [...resolved.slice(1), ...args], { cwd, env, encoding: 'utf8', timeout: 150_000 });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');

describe('docs/codemods/README.md: the three ways to run from another repository', () => {
  it('1. the package\'s own command', () => {
    const commands = commandsUnder('1. ');
    expect(commands).toHaveLength(3);
    const repo = userRepository();
    const [dry, write, json] = commands.map((command) => ({ command, result: runDocumented(command, repo) }));
    expect(dry!.result.code, dry!.result.out).toBe(0);
    expect(dry!.result.out).toContain('+listenExclusive(s, { port: 3000 });');
    expect(write!.result.code, write!.result.out).toBe(0);
    expect(read(repo, 'src/server.js')).toBe(REWRITTEN);
    expect(read(repo, 'package.json')).toBe(WITH_DEPENDENCY);
    expect(write!.result.out.trimEnd().split('\n').at(-1)).toBe('Now install the new dependency: npm install');
    expect(json!.result.code, json!.result.out).toBe(0);
    expect(JSON.parse(json!.result.out).changed).toEqual([]);
  });

  it('2. jscodeshift', () => {
    const [command, ...rest] = commandsUnder('2. ');
    expect(rest).toEqual([]);
    const repo = userRepository();
    const result = runDocumented(command!, repo);
    expect(result.code, result.out).toBe(0);
    expect(read(repo, 'src/server.js')).toBe(REWRITTEN);
    expect(read(repo, 'package.json')).toBe(MANIFEST);
    expect(result.out).toContain(`add "exclusive-bind": "${range}" to "dependencies" in ${path.join(fs.realpathSync(repo), 'package.json')}`);
  });

  it('3. the Codemod CLI: jssg workflow, jssg run, shell workflow', () => {
    const commands = commandsUnder('3. ');
    expect(commands).toHaveLength(5);
    const jssgRepo = userRepository();
    for (const command of commands.slice(0, 3)) {
      const result = runDocumented(command, jssgRepo);
      expect(result.code, `${command}\n${result.out}`).toBe(0);
      if (command.includes('--dry-run')) continue;
      expect(read(jssgRepo, 'src/server.js')).toBe(REWRITTEN);
      expect(read(jssgRepo, 'package.json')).toBe(WITH_DEPENDENCY);
    }
    const shellRepo = userRepository();
    const [dry, write] = commands.slice(3).map((command) => runDocumented(command, shellRepo));
    expect(dry!.code, dry!.out).toBe(0);
    expect(dry!.out).toContain('+listenExclusive(s, { port: 3000 });');
    expect(write!.code, write!.out).toBe(0);
    expect(read(shellRepo, 'src/server.js')).toBe(REWRITTEN);
    expect(read(shellRepo, 'package.json')).toBe(WITH_DEPENDENCY);
  }, 400_000);
});
