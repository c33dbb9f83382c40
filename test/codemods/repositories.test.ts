// The command over several repositories: real temporary git repositories, the command run as a
// user runs it.
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
/** Left for review by reuse-port: the value is not known statically. */
const REVIEW = 'const net = require("node:net");\nnet.createServer().listen({ port: 4000, reusePort: process.env.SHARE === "1" });\n';

/** Git without the caller's repository settings, with an identity for the commits. */
const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GIT_'))),
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, { cwd, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${result.stderr}`);
  return result.stdout;
}

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eb-repos-'));
  temps.push(dir);
  return dir;
}

/** A repository with one commit holding `files` (and a package.json unless given). */
function repository(parent: string, name: string, files: Record<string, string>): string {
  const dir = path.join(parent, name);
  fs.mkdirSync(dir);
  for (const [file, text] of Object.entries({ 'package.json': `{ "name": "${name}" }\n`, ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  git(dir, 'init', '--quiet', '--initial-branch=main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '--quiet', '-m', 'initial');
  return dir;
}

function run(cwd: string, ...args: string[]) {
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, env, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const read = (dir: string, name: string) => fs.readFileSync(path.join(dir, name), 'utf8');

describe('exclusive-bind-codemod --repos', () => {
  it('processes each repository with its own .gitignore and package.json, commits on a branch, refuses a dirty one', () => {
    const dir = workspace();
    const api = repository(dir, 'api', { '.gitignore': 'generated/\n', 'src/server.js': SERVER, 'generated/server.js': SERVER, 'src/review.js': REVIEW });
    const docs = repository(dir, 'docs', { 'index.js': 'export const x = 1;\n' });
    const dirty = repository(dir, 'dirty', { 'server.js': SERVER });
    fs.appendFileSync(path.join(dirty, 'server.js'), '// work in progress\n');

    const result = run(dir, 'all', '--repos', 'api', 'docs', 'dirty', '--branch', 'exclusive-bind', '--report', 'report.json');
    // The worst repository decides: one was refused.
    expect(result.code, result.stderr).toBe(3);

    expect(read(api, 'src/server.js')).toBe(REWRITTEN);
    expect(read(api, 'generated/server.js')).toBe(SERVER);
    expect(read(api, 'package.json')).toBe(`{ "name": "api", "dependencies": { "exclusive-bind": "${range}" } }\n`);
    expect(git(api, 'branch', '--show-current')).toBe('exclusive-bind\n');
    expect(git(api, 'status', '--porcelain')).toBe('');
    expect(git(api, 'log', '--format=%s', 'main..HEAD')).toBe('Apply exclusive-bind codemod "all" to 1 file(s)\n');
    expect(git(api, 'show', '--name-only', '--format=', 'HEAD')).toBe('package.json\nsrc/server.js\n');
    expect(git(api, 'log', '-1', '--format=%b')).toBe(
      [
        'Changed:',
        '- src/server.js: 3:24 useListenExclusive',
        `- package.json: exclusive-bind ${range} added (imported by src/server.js)`,
        '',
        'Left for review:',
        '- src/review.js:2:41 value not known statically: decide whether sharing is meant',
        '',
        'Install the new dependency: npm install',
        '',
        '',
      ].join('\n'),
    );

    // Nothing to change: no branch, no commit.
    expect(git(docs, 'branch', '--list')).toBe('* main\n');
    // Refused: untouched, still on its branch with its uncommitted change.
    expect(read(dirty, 'server.js')).toBe(`${SERVER}// work in progress\n`);
    expect(git(dirty, 'branch', '--list')).toBe('* main\n');

    const report = JSON.parse(read(dir, 'report.json'));
    expect(report.map((r: { repository: string; status: string }) => [path.basename(r.repository), r.status])).toEqual([
      ['api', 'changed'],
      ['docs', 'unchanged'],
      ['dirty', 'refused'],
    ]);
    expect(report[0].branch).toBe('exclusive-bind');
    expect(report[0].commit).toBe(git(api, 'rev-parse', 'HEAD').trim());
    expect(report[0].summary.files).toBe(2); // generated/ is ignored by api's own .gitignore
    expect(report[1].summary.files).toBe(1);
    expect(report[2].reason).toBe('1 uncommitted change(s); commit or stash them, or pass --allow-dirty');
    expect(report[2].summary).toBeUndefined();

    // Progress per repository on stderr; the summary table last on stdout.
    expect(result.stderr).toMatch(/^\[1\/3\] api changed: 2 file\(s\), changed 1, review 1, errors 0 in [\d.]+ s$/m);
    expect(result.stderr).toMatch(/^\[3\/3\] dirty refused \(1 uncommitted change\(s\); commit or stash them, or pass --allow-dirty\) in [\d.]+ s$/m);
    const table = result.stdout.trimEnd().split('\n').slice(-4);
    expect(table[0]).toMatch(/^repository\s+status\s+files\s+changed\s+review\s+errors\s+dependency added\s+branch\s+note$/);
    expect(table[1]).toMatch(new RegExp(`^api\\s+changed\\s+2\\s+1\\s+1\\s+0\\s+package\\.json\\s+exclusive-bind ${report[0].commit.slice(0, 7)}$`));
    expect(table[2]).toMatch(/^docs\s+unchanged\s+1\s+0\s+0\s+0\s+-\s+-$/);
    expect(table[3]).toMatch(/^dirty\s+refused\s+-\s+-\s+-\s+-\s+-\s+-\s+1 uncommitted change\(s\)/);
  });

  it('--allow-dirty processes a dirty repository and commits only what the codemod wrote', () => {
    const dir = workspace();
    const repo = repository(dir, 'app', { 'server.js': SERVER, 'notes.txt': 'draft\n' });
    fs.appendFileSync(path.join(repo, 'notes.txt'), 'more\n');
    const result = run(dir, 'all', '--repos', 'app', '--allow-dirty', '--branch', 'codemod', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)[0].status).toBe('changed');
    expect(git(repo, 'show', '--name-only', '--format=', 'HEAD')).toBe('package.json\nserver.js\n');
    expect(git(repo, 'status', '--porcelain')).toBe(' M notes.txt\n');
  });

  it('reads a list file, and --dry --branch changes and creates nothing', () => {
    const dir = workspace();
    const one = repository(dir, 'one', { 'server.js': SERVER });
    const two = repository(dir, 'two', { 'lib/server.js': SERVER });
    fs.writeFileSync(path.join(dir, 'repos.txt'), '# the services\none\n\n  two   # second\n');
    const result = run(os.tmpdir(), 'all', '--repo-list', path.join(dir, 'repos.txt'), '--dry', '--branch', 'codemod');
    expect(result.code, result.stderr).toBe(0);
    for (const [repo, file] of [[one, 'server.js'], [two, 'lib/server.js']] as const) {
      expect(read(repo, file)).toBe(SERVER);
      expect(git(repo, 'branch', '--list')).toBe('* main\n');
      expect(git(repo, 'status', '--porcelain')).toBe('');
    }
    expect(result.stdout).toContain('+++ b/lib/server.js\n');
    expect(result.stdout).toContain('Would commit on codemod:\nApply exclusive-bind codemod "all" to 1 file(s)\n');
    expect(result.stdout.trimEnd().split('\n').slice(-2).map((l) => l.split(/\s{2,}/).slice(1, 2)[0])).toEqual(['changed', 'changed']);
    expect(result.stdout).toMatch(/codemod \(dry run\)\n/);
  });

  it('exits 1 when a repository has a file that does not parse, the worst outcome', () => {
    const dir = workspace();
    repository(dir, 'good', { 'server.js': SERVER });
    const bad = repository(dir, 'bad', { 'broken.js': 'const x = { reusePort: true,\n' });
    repository(dir, 'dirty', { 'a.js': '1;\n' });
    fs.writeFileSync(path.join(dir, 'dirty', 'b.js'), '2;\n');
    const result = run(dir, 'all', '--repos', 'good', 'bad', 'dirty', '--json');
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.map((r: { status: string }) => r.status)).toEqual(['changed', 'error', 'refused']);
    expect(report[1].reason).toBe('1 file(s) could not be processed');
    expect(report[1].summary.errors).toEqual([{ file: 'broken.js', error: expect.stringMatching(/^does not parse/) }]);
    expect(read(bad, 'broken.js')).toBe('const x = { reusePort: true,\n');
  });

  it('refuses a folder that is not a repository root, and a branch that already exists', () => {
    const dir = workspace();
    const repo = repository(dir, 'app', { 'src/server.js': SERVER });
    git(repo, 'branch', 'taken');
    fs.mkdirSync(path.join(dir, 'plain'));
    const result = run(dir, 'all', '--repos', 'app/src', 'plain', 'app', '--branch', 'taken', '--json');
    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout);
    expect(report.map((r: { status: string }) => r.status)).toEqual(['refused', 'refused', 'refused']);
    expect(report[0].reason).toMatch(/^not the root of its repository/);
    expect(report[1].reason).toMatch(/^not a git repository/);
    expect(report[2].reason).toBe('branch taken already exists');
    expect(read(repo, 'src/server.js')).toBe(SERVER);
  });

  it.each([
    [['all', '--branch', 'x'], '--branch needs --repos or --repo-list.'],
    [['all', '--repos'], 'No repositories given.'],
    [['all', '--repo-list', 'missing.txt'], 'No such repository list: missing.txt'],
  ])('usage errors exit 2: %j', (args, message) => {
    const result = run(workspace(), ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
