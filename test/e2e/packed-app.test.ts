// What a user does, outside this repository: `npm pack` the plugin and the helper, install the
// plugin into a fresh app in a temporary folder, lint it, run the codemod, install the helper it
// asks for, start the app, and start it again to see the second copy refused. Once for a single
// package, once for a two-package npm workspace. Needs dist/ (npm run build) and the npm
// registry for ESLint and the plugin's own dependencies (npm's cache is used first).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const helperDir = path.join(root, 'exclusive-bind');
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown> & { version: string };
const pluginVersion = readJson(path.join(root, 'package.json')).version;
const helperVersion = readJson(path.join(helperDir, 'package.json')).version;
// The ESLint this repository tests with: already in npm's cache after `npm ci`.
const eslintVersion = readJson(path.join(root, 'node_modules/eslint/package.json')).version;

const INSTALL_TIMEOUT = 300_000;
const npmEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

let scratch: string;
let pluginTarball: string;
let helperTarball: string;
const children = new Set<ChildProcess>();

function run(cwd: string, command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: npmEnv, timeout: INSTALL_TIMEOUT });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, text: `${command} ${args.join(' ')} in ${cwd}\n${result.stdout}\n${result.stderr}` };
}

function npm(cwd: string, ...args: string[]) {
  return run(cwd, 'npm', ['--prefer-offline', '--loglevel=error', ...args]);
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

function pack(cwd: string, ...args: string[]): string {
  // --ignore-scripts: `prepack` would rebuild; the test runs on the build just made.
  const result = npm(cwd, 'pack', '--ignore-scripts', '--json', '--pack-destination', scratch, ...args);
  expect(result.code, result.text).toBe(0);
  const [{ filename }] = JSON.parse(result.stdout) as [{ filename: string }];
  return path.join(scratch, filename);
}

/** Starts `node <script>` in `cwd`; resolves with the port once it prints `listening on <port>`. */
function startApp(cwd: string, script: string, port: number) {
  const proc = spawn(process.execPath, [script], { cwd, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(proc);
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += String(d)));
  const exited = new Promise<number | null>((resolve) => proc.on('close', (code) => (children.delete(proc), resolve(code))));
  const listening = new Promise<number>((resolve, reject) => {
    readline.createInterface({ input: proc.stdout! }).on('line', (line) => {
      const match = /^listening on (\d+)$/.exec(line);
      if (match) resolve(Number(match[1]));
    });
    void exited.then((code) => reject(new Error(`${script} exited (${code}) before listening; stderr:\n${stderr}`)));
  });
  // A copy expected to fail never listens; whoever awaits `listening` still sees the rejection.
  listening.catch(() => undefined);
  return { proc, listening, exited, stderr: () => stderr };
}

/** The app starts; a second copy on the same port exits with PortInUseError naming the first. */
async function expectSecondCopyRefused(cwd: string, script: string): Promise<void> {
  const first = startApp(cwd, script, 0);
  const port = await first.listening;
  expect(port).toBeGreaterThan(0);
  const second = startApp(cwd, script, port);
  const code = await second.exited;
  expect(code, second.stderr()).not.toBe(0);
  expect(second.stderr()).toContain('PortInUseError');
  expect(second.stderr()).toContain(`EADDRINUSE`);
  expect(second.stderr()).toContain(`held by pid ${first.proc.pid} (`);
  // The first copy kept its port and still answers.
  const response = await fetch(`http://127.0.0.1:${port}/`);
  expect(await response.text()).toBe('ok');
  first.proc.kill();
  await first.exited;
}

/** Starts `node_modules/.bin/exclusive-bind run` (not through npx, whose pid would get the signals). */
function startSupervisor(cwd: string, args: string[]) {
  const proc = spawn(path.join(cwd, 'node_modules/.bin/exclusive-bind'), ['run', '--host', '127.0.0.1', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(proc);
  const lines: string[] = [];
  const seen: Array<() => void> = [];
  readline.createInterface({ input: proc.stderr! }).on('line', (line) => (lines.push(line), seen.splice(0).forEach((f) => f())));
  const exited = new Promise<number | null>((resolve) => proc.on('close', (code) => (children.delete(proc), resolve(code))));
  const waitFor = (re: RegExp, from: number) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line matching ${re}:\n${lines.join('\n')}`)), 20_000);
      const check = () => {
        const hit = lines.slice(from).map((l) => re.exec(l)).find(Boolean);
        if (hit) return (clearTimeout(timer), resolve(hit));
        seen.push(check);
      };
      check();
    });
  return { proc, lines, exited, waitFor };
}

/** The app under the supervisor: reloads with no failed request under load, and a second supervisor is refused. */
async function expectHandoff(cwd: string, script: string): Promise<void> {
  const sup = startSupervisor(cwd, ['--port', '0', '--port-env', 'PORT', '--', process.execPath, script]);
  const port = Number((await sup.waitFor(/^exclusive-bind: supervisor pid \d+ holds 127\.0\.0\.1:(\d+)$/, 0))[1]);
  await sup.waitFor(/^exclusive-bind: generation 1 pid \d+ ready after \d+ ms \(adopted\)$/, 0);
  let loading = true;
  const tally = { ok: 0, failed: [] as string[] };
  const client = async () => {
    // Bounded: stops after the reloads, or after 2000 requests.
    while (loading && tally.ok + tally.failed.length < 2000) {
      await fetch(`http://127.0.0.1:${port}/`, { headers: { connection: 'close' } }).then(
        async (r) => (await r.text(), tally.ok++),
        (e: Error) => tally.failed.push(String((e.cause as { code?: string } | undefined)?.code ?? e)),
      );
    }
  };
  const clients = [client(), client()];
  for (const n of [2, 3]) {
    const from = sup.lines.length;
    sup.proc.kill('SIGHUP');
    await sup.waitFor(new RegExp(`^exclusive-bind: generation ${n} pid \\d+ ready after \\d+ ms \\(adopted\\)$`), from);
    await sup.waitFor(new RegExp(`^exclusive-bind: generation ${n - 1} pid \\d+ exited \\(code 0, signal null\\)$`), from);
  }
  loading = false;
  await Promise.all(clients);
  expect(tally.failed).toEqual([]);
  expect(tally.ok).toBeGreaterThan(0);
  const second = startSupervisor(cwd, ['--port', String(port), '--', process.execPath, script]);
  expect(await second.exited).toBe(1);
  expect(second.lines.join('\n')).toContain(`listen EADDRINUSE 127.0.0.1:${port}: another live listener holds this port`);
  expect(second.lines.join('\n')).toContain(`held by pid ${sup.proc.pid} (`);
  sup.proc.kill('SIGTERM');
  expect(await sup.exited).toBe(0);
}

const eslintConfig = `import exclusiveBind from 'eslint-plugin-exclusive-bind';

export default [...exclusiveBind.configs.recommended];
`;

const serverCjs = `const http = require('node:http');

const server = http.createServer((req, res) => res.end('ok'));
server.listen({ port: Number(process.env.PORT), reusePort: true }, () => {
  console.log(\`listening on \${server.address().port}\`);
});
`;

const serverCjsRewritten = `const http = require('node:http');
const { listenExclusive } = require('exclusive-bind');

const server = http.createServer((req, res) => res.end('ok'));
listenExclusive(server, { port: Number(process.env.PORT) }, () => {
  console.log(\`listening on \${server.address().port}\`);
});
`;

const serverEsm = `import http from 'node:http';

const server = http.createServer((req, res) => res.end('ok'));
server.listen({ port: Number(process.env.PORT), reusePort: true }, () => {
  console.log(\`listening on \${server.address().port}\`);
});
`;

const serverEsmRewritten = `import http from 'node:http';
import { listenExclusive } from 'exclusive-bind';

const server = http.createServer((req, res) => res.end('ok'));
listenExclusive(server, { port: Number(process.env.PORT) }, () => {
  console.log(\`listening on \${server.address().port}\`);
});
`;

const manifest = (fields: Record<string, unknown>) => `${JSON.stringify(fields, null, 2)}\n`;

/** `npx eslint . --format json`: exactly one no-reuse-port report, on the `reusePort` line. */
function expectLintReport(cwd: string, file: string): void {
  const result = run(cwd, 'npx', ['--no-install', 'eslint', '.', '--format', 'json']);
  expect(result.code, result.text).toBe(1);
  const reports = (JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number }[] }[])
    .flatMap((r) => r.messages.map((m) => ({ file: path.relative(cwd, r.filePath), ruleId: m.ruleId, line: m.line, column: m.column })));
  expect(reports).toEqual([{ file, ruleId: 'exclusive-bind/no-reuse-port', line: 4, column: 49 }]);
}

beforeAll(() => {
  for (const built of [path.join(root, 'dist/index.js'), path.join(root, 'dist/codemods/cli.js'), path.join(helperDir, 'dist/index.js')]) {
    if (!fs.existsSync(built)) throw new Error(`${path.relative(root, built)} is missing: run npm run build first`);
  }
  // Outside the repository, so nothing resolves from its node_modules.
  scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'exclusive-bind-e2e-')));
  pluginTarball = pack(root);
  helperTarball = pack(root, '--workspace', 'exclusive-bind');
  expect(path.basename(pluginTarball)).toBe(`eslint-plugin-exclusive-bind-${pluginVersion}.tgz`);
  expect(path.basename(helperTarball)).toBe(`exclusive-bind-${helperVersion}.tgz`);
}, INSTALL_TIMEOUT);

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

/** package/package.json as packed in a tarball (read with the system tar). */
function packedManifest(tarball: string): { name: string; scripts?: Record<string, string> } {
  const result = run(scratch, 'tar', ['-xzOf', tarball, 'package/package.json']);
  expect(result.code, result.text).toBe(0);
  return JSON.parse(result.stdout) as { name: string; scripts?: Record<string, string> };
}

// npm runs these when a user installs the package (`prepare` also for a git dependency): a build
// there would need the sources and dev dependencies, which a user does not have.
const INSTALL_TIME_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare'];

describe('the packed manifests', () => {
  it.each([
    ['eslint-plugin-exclusive-bind', () => pluginTarball],
    ['exclusive-bind', () => helperTarball],
  ])('%s runs nothing at install time', (name, tarball) => {
    const manifest = packedManifest(tarball());
    expect(manifest.name).toBe(name);
    expect(Object.keys(manifest.scripts ?? {}).filter((script) => INSTALL_TIME_SCRIPTS.includes(script))).toEqual([]);
  });
});

describe('a single-package app, from the packed tarballs', () => {
  let app: string;
  const appManifest = {
    name: 'sample-app',
    version: '1.0.0',
    private: true,
    scripts: { start: 'node src/server.js' },
    devDependencies: { eslint: eslintVersion, 'eslint-plugin-exclusive-bind': `file:${path.join('..', `eslint-plugin-exclusive-bind-${pluginVersion}.tgz`)}` },
  };

  it('installs the plugin from its tarball', () => {
    app = path.join(scratch, 'app');
    write(app, { 'package.json': manifest(appManifest), 'eslint.config.mjs': eslintConfig, 'src/server.js': serverCjs });
    const result = npm(app, 'install');
    expect(result.code, result.text).toBe(0);
    expect(readJson(path.join(app, 'node_modules/eslint-plugin-exclusive-bind/package.json')).version).toBe(pluginVersion);
  }, INSTALL_TIMEOUT);

  it('npx eslint . reports reusePort', () => expectLintReport(app, 'src/server.js'), 60_000);

  it('the codemod rewrites the server and adds exclusive-bind to the dependencies', () => {
    const result = run(app, 'npx', ['--no-install', 'exclusive-bind-codemod', 'all', 'src']);
    expect(result.code, result.text).toBe(0);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('Now install the new dependency: npm install');
    expect(fs.readFileSync(path.join(app, 'src/server.js'), 'utf8')).toBe(serverCjsRewritten);
    const text = fs.readFileSync(path.join(app, 'package.json'), 'utf8');
    expect(JSON.parse(text)).toEqual({ ...appManifest, dependencies: { 'exclusive-bind': `^${helperVersion}` } });
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "name": "sample-app",\n');
    // Linting again finds nothing left.
    const lint = run(app, 'npx', ['--no-install', 'eslint', '.']);
    expect(lint.code, lint.text).toBe(0);
  }, 60_000);

  // The summary says `npm install`; the helper is installed from its tarball instead, which also
  // stands in for the registry release that `^version` names.
  it('installs the helper from its tarball', () => {
    const result = npm(app, 'install', helperTarball);
    expect(result.code, result.text).toBe(0);
    expect(readJson(path.join(app, 'node_modules/exclusive-bind/package.json')).version).toBe(helperVersion);
  }, INSTALL_TIMEOUT);

  it('the app starts, and a second copy fails with PortInUseError naming the first', () => expectSecondCopyRefused(app, 'src/server.js'), 30_000);

  it('the rewritten app runs unchanged under exclusive-bind run: kill -HUP reloads it under load with no failed request; a second run on the port fails', () =>
    expectHandoff(app, 'src/server.js'), 60_000);
});

describe('a two-package npm workspace, from the packed tarballs', () => {
  let repo: string;
  const rootManifest = {
    name: 'sample-monorepo',
    private: true,
    workspaces: ['packages/*'],
    devDependencies: { eslint: eslintVersion, 'eslint-plugin-exclusive-bind': `file:eslint-plugin-exclusive-bind-${pluginVersion}.tgz` },
  };
  const apiManifest = { name: '@sample/api', version: '1.0.0', type: 'module', dependencies: { '@sample/shared': '1.0.0' } };
  const sharedManifest = { name: '@sample/shared', version: '1.0.0', type: 'module' };

  it('installs the plugin from its tarball', () => {
    repo = path.join(scratch, 'monorepo');
    write(repo, {
      'package.json': manifest(rootManifest),
      'eslint.config.mjs': eslintConfig,
      'packages/api/package.json': manifest(apiManifest),
      'packages/api/src/server.js': serverEsm,
      'packages/shared/package.json': manifest(sharedManifest),
      'packages/shared/src/index.js': "export const greeting = 'ok';\n",
    });
    fs.copyFileSync(pluginTarball, path.join(repo, path.basename(pluginTarball)));
    const result = npm(repo, 'install');
    expect(result.code, result.text).toBe(0);
  }, INSTALL_TIMEOUT);

  it('npx eslint . reports reusePort', () => expectLintReport(repo, 'packages/api/src/server.js'), 60_000);

  it('the codemod adds exclusive-bind to the workspace package that owns the file, and to no other', () => {
    const result = run(repo, 'npx', ['--no-install', 'exclusive-bind-codemod', 'all', 'packages']);
    expect(result.code, result.text).toBe(0);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('Now install the new dependency: npm install');
    expect(fs.readFileSync(path.join(repo, 'packages/api/src/server.js'), 'utf8')).toBe(serverEsmRewritten);
    expect(readJson(path.join(repo, 'packages/api/package.json'))).toEqual({
      ...apiManifest,
      dependencies: { ...apiManifest.dependencies, 'exclusive-bind': `^${helperVersion}` },
    });
    expect(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).toBe(manifest(rootManifest));
    expect(fs.readFileSync(path.join(repo, 'packages/shared/package.json'), 'utf8')).toBe(manifest(sharedManifest));
  }, 60_000);

  it('installs the helper from its tarball into that workspace', () => {
    const result = npm(repo, 'install', helperTarball, '--workspace', '@sample/api');
    expect(result.code, result.text).toBe(0);
    expect(readJson(path.join(repo, 'node_modules/exclusive-bind/package.json')).version).toBe(helperVersion);
  }, INSTALL_TIMEOUT);

  it('the app starts, and a second copy fails with PortInUseError naming the first', () =>
    expectSecondCopyRefused(path.join(repo, 'packages/api'), 'src/server.js'), 30_000);
});
