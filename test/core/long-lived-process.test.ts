// One process that lints, sees package.json change, and lints again (an editor's ESLint server
// lives for hours): the findings follow the file as a fresh CLI run would.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../../index.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'eb-long-lived-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Writes a file and moves its mtime on, so a rewrite is seen however coarse the file system's clock. */
function write(file: string, text: string): void {
  const before = fs.statSync(file, { throwIfNoEntry: false });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  if (before) {
    const later = new Date(before.mtimeMs + 10_000);
    fs.utimesSync(file, later, later);
  }
}

function writeManifest(dir: string, manifest: object): void {
  write(path.join(dir, 'package.json'), JSON.stringify(manifest));
}

let projects = 0;
function project(): string {
  return path.join(root, `project-${projects++}`);
}

function eslintFor(cwd: string): ESLint {
  return new ESLint({ cwd, overrideConfigFile: true, overrideConfig: [...plugin.configs.recommended] });
}

interface Reported {
  ruleId: string | null;
  messageId: string | undefined;
  message: string;
}

function reported(results: ESLint.LintResult[]): Reported[] {
  return results.flatMap((result) => result.messages.map(({ ruleId, messageId, message }) => ({ ruleId, messageId, message })));
}

// Hand-written from shared/platform-facts.md §2: Node's listen({ reusePort: true }).
const CO_BIND = 'a second instance co-binds the live port and silently takes a share of its traffic';
const INSTEAD = 'remove it or use listenExclusive() from exclusive-bind; share only behind a platform check';
const reusePort = (effects: string): Reported => ({
  ruleId: 'exclusive-bind/no-reuse-port',
  messageId: 'reusePort',
  message: `\`reusePort\` in server.listen(): ${effects}. Instead: ${INSTEAD}.`,
});
const LISTEN = "import net from 'net';\nnet.createServer().listen({ port: 1, reusePort: true });\n";

// §1/§6: SO_REUSEPORT set through node-unix-socket's createReuseportFd().
const reuseportFd: Reported = {
  ruleId: 'exclusive-bind/no-raw-reuse-sockopt',
  messageId: 'reusePortUnguarded',
  message:
    'SO_REUSEPORT through createReuseportFd() without a Linux/FreeBSD guard: Linux: a second instance co-binds the live port and silently takes a share of its traffic; macOS: a second instance co-binds the live port (last bind wins); FreeBSD: a second instance co-binds the live port without load balancing (that needs SO_REUSEPORT_LB); Windows: the option does not exist and setsockopt fails. Set it only behind `if (process.platform === …)` where sharing is intended, or bind exclusively.',
};

describe('a new ESLint instance in the same process', () => {
  it('follows engines.node, then os', async () => {
    const dir = project();
    writeManifest(dir, { name: 'app', engines: { node: '>=24' } });
    write(path.join(dir, 'src/server.js'), LISTEN);
    const lint = async () => reported(await eslintFor(dir).lintFiles(['src/server.js']));

    expect(await lint()).toEqual([reusePort(`Linux and FreeBSD: ${CO_BIND}; macOS and Windows: fails with listen ENOTSUP`)]);
    writeManifest(dir, { name: 'app', engines: { node: '^20' } });
    expect(await lint()).toEqual([reusePort('Node ^20: ignored')]);
    writeManifest(dir, { name: 'app', engines: { node: '>=24' }, os: ['linux'] });
    expect(await lint()).toEqual([reusePort(`Linux: ${CO_BIND}`)]);
    writeManifest(dir, { name: 'app', engines: { node: '>=24' }, os: ['darwin', 'win32'] });
    expect(await lint()).toEqual([reusePort('macOS and Windows: fails with listen ENOTSUP')]);
  });

  it('sees a package.json that appears nearer the file, and one that goes away', async () => {
    const dir = project();
    writeManifest(dir, { name: 'workspace', engines: { node: '>=24' }, os: ['linux'] });
    const member = path.join(dir, 'packages/member');
    write(path.join(member, 'src/server.js'), LISTEN);
    const lint = async () => reported(await eslintFor(dir).lintFiles(['packages/member/src/server.js']));

    expect(await lint()).toEqual([reusePort(`Linux: ${CO_BIND}`)]);
    writeManifest(member, { name: 'member', engines: { node: '>=24' }, os: ['darwin'] });
    expect(await lint()).toEqual([reusePort('macOS: fails with listen ENOTSUP')]);
    fs.rmSync(path.join(member, 'package.json'));
    expect(await lint()).toEqual([reusePort(`Linux: ${CO_BIND}`)]);
  });

  it('follows the package name and main that make a relative import the package itself', async () => {
    const dir = project();
    writeManifest(dir, { name: 'node-unix-socket', main: 'js/index.js' });
    const byFolder = "const { createReuseportFd } = require('..');\nconst fd = createReuseportFd(3000, '0.0.0.0');\n";
    const byMain = "const { createReuseportFd } = require('../js/index.js');\nconst fd = createReuseportFd(3000, '0.0.0.0');\n";
    write(path.join(dir, 'test/folder.test.cjs'), byFolder);
    write(path.join(dir, 'test/main.test.cjs'), byMain);
    const lint = async (file: string) => reported(await eslintFor(dir).lintFiles([file]));

    expect(await lint('test/folder.test.cjs')).toEqual([reuseportFd]);
    expect(await lint('test/main.test.cjs')).toEqual([reuseportFd]);
    // Another name: `..` is some other package.
    writeManifest(dir, { name: 'app', main: 'js/index.js' });
    expect(await lint('test/folder.test.cjs')).toEqual([]);
    // The name back, another entry: js/index.js is no longer the package's entry.
    writeManifest(dir, { name: 'node-unix-socket', main: 'lib/index.js' });
    expect(await lint('test/folder.test.cjs')).toEqual([reuseportFd]);
    expect(await lint('test/main.test.cjs')).toEqual([]);
  });
});

describe('one ESLint instance kept alive, as an editor keeps it', () => {
  it('lintFiles sees the change', async () => {
    const dir = project();
    writeManifest(dir, { name: 'app', engines: { node: '>=24' }, os: ['linux'] });
    write(path.join(dir, 'src/server.js'), LISTEN);
    const eslint = eslintFor(dir);

    expect(reported(await eslint.lintFiles(['src/server.js']))).toEqual([reusePort(`Linux: ${CO_BIND}`)]);
    writeManifest(dir, { name: 'app', engines: { node: '^20' }, os: ['linux'] });
    expect(reported(await eslint.lintFiles(['src/server.js']))).toEqual([reusePort('Node ^20: ignored')]);
  });

  it('lintText sees the change, for a buffer that was never saved', async () => {
    const dir = project();
    writeManifest(dir, { name: 'app', engines: { node: '>=24' }, os: ['darwin', 'win32'] });
    const filePath = path.join(dir, 'src/unsaved.js');
    const eslint = eslintFor(dir);

    expect(reported(await eslint.lintText(LISTEN, { filePath }))).toEqual([reusePort('macOS and Windows: fails with listen ENOTSUP')]);
    writeManifest(dir, { name: 'app', engines: { node: '>=24' }, os: ['linux'] });
    expect(reported(await eslint.lintText(LISTEN, { filePath }))).toEqual([reusePort(`Linux: ${CO_BIND}`)]);
  });
});
