/**
 * The Codemod CLI packages (codemods/<name>/codemod.yaml + workflow.yaml) and the bundled runner
 * they run. Builds nothing: `node scripts/build-codemods.mjs` must have run first (the test command
 * runs it); a missing runner fails these tests instead of skipping them.
 *
 * Runs the pinned `codemod` CLI that scripts/install-runtimes.mjs installs (the test command runs
 * it first), with CI=true, no TTY and --no-interactive, as in CI.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODEMODS } from '../../codemods/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runtimes = path.join(root, '.cache', 'runtimes');
const codemodBin = path.join(runtimes, 'codemod', 'node_modules', '.bin', 'codemod');
const recipe = path.join(root, 'codemods', 'recipe');
/** The shell-step variant of the recipe's workflow: the command's own runner, params for everything. */
const shellWorkflow = path.join(recipe, 'shell', 'workflow.yaml');
const helperVersion = (JSON.parse(fs.readFileSync(path.join(root, 'exclusive-bind', 'package.json'), 'utf8')) as { version: string }).version;

/** Every Codemod CLI package: codemods/<name>/ with a codemod.yaml. */
const packages = fs
  .readdirSync(path.join(root, 'codemods'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(root, 'codemods', entry.name, 'codemod.yaml')))
  .map((entry) => path.join(root, 'codemods', entry.name))
  .sort();

const INPUT = `import http from 'node:http';
const s = http.createServer();
s.listen({ port: 3000, reusePort: true });
`;
const OUTPUT = `import http from 'node:http';
import { listenExclusive } from 'exclusive-bind';
const s = http.createServer();
listenExclusive(s, { port: 3000 });
`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of a CI job, without anything that would point git at this repository. */
const env = Object.fromEntries(
  Object.entries({ ...process.env, CI: 'true', NO_COLOR: '1' }).filter(([key]) => !key.startsWith('GIT_')),
);

function run(command: string, args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(command, args, { cwd, env, timeout: 150_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end(); // no TTY, no input
  });
}

/** Output to show when an exit code is not the expected one. */
const shown = (result: Run) => `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;

function runnerOf(pkg: string): string {
  const runner = path.join(pkg, 'dist', 'runner.cjs');
  if (!fs.existsSync(runner)) {
    throw new Error(`${path.relative(root, runner)} is missing: run \`node scripts/build-codemods.mjs\` before these tests`);
  }
  return runner;
}

/** Runs the recipe; throws (failing the test) when its runner has not been built. */
function codemodCli(): string {
  if (!fs.existsSync(codemodBin)) throw new Error(`${codemodBin} is missing: run \`npm run runtimes\` before these tests`);
  return codemodBin;
}

function workflowRun(params: Record<string, string>, cwd: string): Promise<Run> {
  runnerOf(recipe);
  const args = ['workflow', 'run', '-w', shellWorkflow, '--no-interactive', '--disable-analytics'];
  for (const [key, value] of Object.entries(params)) args.push('--param', `${key}=${value}`);
  return run(codemodCli(), args, cwd);
}

const temporary: string[] = [];

/** A git repository with one commit: package.json and server.js. */
async function makeRepository(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exclusive-bind-codemod-'));
  temporary.push(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "app", "type": "module" }\n');
  fs.writeFileSync(path.join(dir, 'server.js'), INPUT);
  for (const args of [
    ['init', '--quiet'],
    ['add', '.'],
    ['-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '--quiet', '-m', 'initial'],
  ]) {
    const result = await run('git', args, dir);
    if (result.code !== 0) throw new Error(`git ${args.join(' ')} failed in ${dir}\n${shown(result)}`);
  }
  return dir;
}

async function gitStatus(dir: string): Promise<string> {
  return (await run('git', ['status', '--porcelain'], dir)).stdout;
}

afterAll(() => {
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
});

describe('bundled runner', () => {
  let isolated: string;
  beforeAll(() => {
    isolated = fs.mkdtempSync(path.join(os.tmpdir(), 'exclusive-bind-runner-'));
    temporary.push(isolated);
  });

  it.each(packages.map((pkg) => [path.relative(root, pkg), pkg]))('%s/dist/runner.cjs runs with no node_modules around it', async (_name, pkg) => {
    const copy = path.join(isolated, `${path.basename(pkg)}.cjs`);
    fs.copyFileSync(runnerOf(pkg), copy);
    const result = await run(process.execPath, [copy, '--help'], isolated);
    expect(result.code, shown(result)).toBe(0);
    // Built from the current sources: it knows every codemod the registry has.
    expect(result.stdout).toContain(`Transforms: ${Object.keys(CODEMODS).join(', ')}\n`);
  });
});

describe('Codemod CLI packages', () => {
  it('finds the recipe package', () => {
    expect(packages).toContain(recipe);
  });

  it.each(packages.map((pkg) => [path.relative(root, pkg), pkg]))('%s passes `codemod workflow validate`', async (_name, pkg) => {
    const result = await run(codemodCli(), ['workflow', 'validate', '-w', pkg, '--disable-analytics'], root);
    expect(result.code, shown(result)).toBe(0);
    expect(result.stdout).toContain('Workflow definition is valid');
  });
});

/** The default workflow: the jssg transform, then the dependency step. */
function jssgRun(args: readonly string[], cwd: string): Promise<Run> {
  for (const file of ['jssg.mjs', 'runner.cjs']) {
    if (!fs.existsSync(path.join(recipe, 'dist', file))) throw new Error(`codemods/recipe/dist/${file} is missing: run \`node scripts/build-codemods.mjs\` first`);
  }
  return run(codemodCli(), ['workflow', 'run', '-w', recipe, '--no-interactive', '--disable-analytics', ...args], cwd);
}

describe('recipe as a jssg transform (the CLI\'s own --target, --dry-run and diff)', () => {
  it('--dry-run names the file it would change and changes nothing', async () => {
    const repo = await makeRepository();
    // `workflow run` (1.18.3) prints no diff in a dry run; its structured log names each file.
    const result = await jssgRun(['--target', repo, '--dry-run', '--format', 'jsonl'], root);
    expect(result.code, shown(result)).toBe(0);
    const messages = result.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => (JSON.parse(line) as { msg?: string }).msg);
    expect(messages).toContain(`Would modify file (dry run): ${path.join(fs.realpathSync(repo), 'server.js')}`);
    expect(await gitStatus(repo)).toBe('');
  }, 160_000);

  it('`codemod jssg run --dry-run` on the bundled transform prints the diff', async () => {
    const repo = await makeRepository();
    const result = await run(
      codemodCli(),
      ['jssg', 'run', '--language', 'javascript', path.join(recipe, 'dist', 'jssg.mjs'), '--target', '.', '--dry-run', '--no-interactive', '--no-color', '--disable-analytics'],
      repo,
    );
    expect(result.code, shown(result)).toBe(0);
    expect(result.stdout).toContain('+listenExclusive(s, { port: 3000 });');
    expect(result.stdout).toContain("+import { listenExclusive } from 'exclusive-bind';");
    expect(await gitStatus(repo)).toBe('');
  }, 160_000);

  it('runs from another repository, as installed from npm: rewrites the files under --target, then adds the dependency', async () => {
    const repo = await makeRepository();
    // What the npm package ships of the recipe (package.json "files"), where npm installs it.
    const installed = path.join(repo, 'node_modules', 'eslint-plugin-exclusive-bind');
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { files: string[] };
    for (const entry of manifest.files.filter((f) => f.startsWith('codemods/'))) {
      fs.cpSync(path.join(root, entry), path.join(installed, entry), { recursive: true });
    }
    fs.appendFileSync(path.join(repo, '.git', 'info', 'exclude'), 'node_modules/\n');
    const result = await run(
      codemodCli(),
      ['workflow', 'run', '-w', 'node_modules/eslint-plugin-exclusive-bind/codemods/recipe', '--target', '.', '--param', 'target=.', '--no-interactive', '--disable-analytics'],
      repo,
    );
    expect(result.code, shown(result)).toBe(0);
    expect(fs.readFileSync(path.join(repo, 'server.js'), 'utf8')).toBe(OUTPUT);
    expect(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).toBe(
      `{ "name": "app", "type": "module", "dependencies": { "exclusive-bind": "^${helperVersion}" } }\n`,
    );
    expect(result.stdout).toContain('Now install the new dependency: npm install');
    expect(await gitStatus(repo)).toBe(' M package.json\n M server.js\n');
  }, 160_000);
});

describe('recipe end to end (shell workflow, codemod workflow run)', () => {
  it('dry=true prints the diff and changes nothing on disk', async () => {
    const repo = await makeRepository();
    const result = await workflowRun({ target: repo, dry: 'true' }, root);
    expect(result.code, shown(result)).toBe(0);
    expect(result.stdout).toContain('+listenExclusive(s, { port: 3000 });');
    expect(result.stdout).toMatch(/all: 1 file\(s\) read; would change 1,/);
    expect(fs.readFileSync(path.join(repo, 'server.js'), 'utf8')).toBe(INPUT);
    expect(await gitStatus(repo)).toBe('');
  });

  it('rewrites the target given as a param, from another directory, and a second run changes nothing', async () => {
    const repo = await makeRepository();
    const result = await workflowRun({ target: repo }, root);
    expect(result.code, shown(result)).toBe(0);
    expect(result.stdout).toMatch(/all: 1 file\(s\) read; changed 1,/);
    expect(fs.readFileSync(path.join(repo, 'server.js'), 'utf8')).toBe(OUTPUT);
    expect(await gitStatus(repo)).toBe(' M package.json\n M server.js\n');
    expect(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).toBe(
      `{ "name": "app", "type": "module", "dependencies": { "exclusive-bind": "^${helperVersion}" } }\n`,
    );

    const again = await workflowRun({ target: repo }, root);
    expect(again.code, shown(again)).toBe(0);
    expect(again.stdout).toMatch(/all: 1 file\(s\) read; changed 0,/);
    expect(fs.readFileSync(path.join(repo, 'server.js'), 'utf8')).toBe(OUTPUT);
  });

  it('runs on the current directory by default, one transform chosen by param', async () => {
    const repo = await makeRepository();
    const result = await workflowRun({ transform: 'reuse-port' }, repo);
    expect(result.code, shown(result)).toBe(0);
    expect(result.stdout).toMatch(/reuse-port: 1 file\(s\) read; changed 1,/);
    expect(fs.readFileSync(path.join(repo, 'server.js'), 'utf8')).toBe(OUTPUT);
  });

  it('fails on a bad param without touching files', async () => {
    const repo = await makeRepository();
    const badDry = await workflowRun({ target: repo, dry: 'yes' }, root);
    expect(badDry.code, shown(badDry)).not.toBe(0);
    expect(badDry.stdout + badDry.stderr).toContain('param dry must be true or false');
    const badTransform = await workflowRun({ target: repo, transform: 'no-such-transform' }, root);
    expect(badTransform.code, shown(badTransform)).not.toBe(0);
    expect(badTransform.stdout + badTransform.stderr).toContain('Unknown transform "no-such-transform"');
    expect(await gitStatus(repo)).toBe('');
  });
});
