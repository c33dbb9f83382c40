// Values that come from another file of the same project (issue 19): each shape is a project on
// disk under test/fixtures/cross-file/, linted with the ESLint class (real files, real
// resolution), in both directions: found, with the file and line it comes from, and quiet.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../../index.js';
import { CODEMODS } from '../../codemods/index.js';
import { transformSource } from '../../codemods/engine/transform-source.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/cross-file');

interface Reported {
  file: string;
  ruleId: string | null;
  messageId: string | undefined;
  message: string;
  line: number;
  column: number;
  endLine: number | undefined;
  endColumn: number | undefined;
}

const eslintIn = (cwd: string) => new ESLint({ cwd, overrideConfigFile: true, overrideConfig: [...plugin.configs.recommended] });

async function lint(shape: string, eslint?: ESLint): Promise<Reported[]> {
  const cwd = path.isAbsolute(shape) ? shape : path.join(FIXTURES, shape);
  const results = await (eslint ?? eslintIn(cwd)).lintFiles(['.']);
  return results.flatMap((result) =>
    result.messages.map(({ ruleId, messageId, message, line, column, endLine, endColumn }) => ({
      file: path.relative(cwd, result.filePath).split(path.sep).join('/'),
      ruleId,
      messageId,
      message,
      line,
      column,
      endLine,
      endColumn,
    })),
  );
}

const at = (file: string, line: number, column: number, endColumn: number) => ({ file, line, column, endLine: line, endColumn });

// Hand-written from the rule's messages (rules/no-port-probe.ts) and platform-facts §7.
const PROBE_TAIL = 'hands out a port that nobody holds: it is only free until someone else takes it. Bind port 0 and read back the port, or bind the wanted port and handle EADDRINUSE.';
const probe = (what: string) => ({ ruleId: 'exclusive-bind/no-port-probe', messageId: 'portProbe', message: `${what} ${PROBE_TAIL}` });
// platform-facts §5: uWebSockets.js without LIBUS_LISTEN_EXCLUSIVE_PORT.
const UWS_EFFECTS =
  'Linux and FreeBSD: a second instance co-binds the live port and silently takes a share of its traffic; macOS: a second instance co-binds the live port (last bind wins); Windows: uSockets sets SO_REUSEADDR, which lets another process take over the port';
const uws = (from: string) => ({
  ruleId: 'exclusive-bind/no-implicit-reuse-port',
  messageId: 'uwsListen',
  message: `uWebSockets.js listen() on a non-zero port shares the port by default: ${UWS_EFFECTS} (the app is made at \`${from}\`). Pass LIBUS_LISTEN_EXCLUSIVE_PORT.`,
});

describe('shapes from the issue, found in recommended with the file and line they come from', () => {
  it('a dev-server builder binds what a finder of a shared module returns; a finder that keeps its server is quiet', async () => {
    expect(await lint('dev-server')).toEqual([
      { ...at('src/dev-server.ts', 5, 22, 32), ...probe("`choosePort()` from `./shared/ports.ts:4` (get-port's `getPort()` underneath)") },
      // The shared module's own call of get-port, as before.
      { ...at('src/shared/ports.ts', 5, 10, 17), ...probe('`getPort()` from get-port') },
    ]);
  });

  it('isPortFree() in a loop and findFreePort() from a probe module; a one-off check, a kept server and a function holding a probe are quiet', async () => {
    expect(await lint('port-module')).toEqual([
      { ...at('cli.js', 5, 16, 26), ...probe('`isPortFree()` from `./ports.js:3` (binds the port and closes it) in a loop over candidate ports') },
      { ...at('cli.js', 8, 20, 32), ...probe('`findFreePort()` from `./ports.js:13` (binds, closes, hands on the port)') },
      { ...at('ports.js', 17, 5, 18), ...probe('This probe (bind, close, hand on the port)') },
      // A probe nested in startWithProbe(), reported where it is; calling startWithProbe() hands out no port.
      { ...at('ports.js', 36, 7, 20), ...probe('This probe (bind, close, hand on the port)') },
    ]);
  });

  it('a uWS app made in app.ts (a value and a factory) and listened on in index.ts', async () => {
    expect(await lint('uws-app')).toEqual([
      { ...at('src/index.ts', 3, 5, 11), ...uws('./app.ts:3') },
      { ...at('src/index.ts', 6, 11, 17), ...uws('./app.ts:5') },
      // `export default app`: named where the app is made, not at the export statement.
      { ...at('src/server.ts', 3, 5, 11), ...uws('./default-app.ts:3') },
    ]);
  });

  it("the uWS suggestion edits only the listening file: the flag imported from uWebSockets.js there", async () => {
    const cwd = path.join(FIXTURES, 'uws-app');
    const [result] = await eslintIn(cwd).lintFiles(['src/index.ts']);
    const suggestion = result!.messages[0]!.suggestions![0]!;
    const text = fs.readFileSync(path.join(cwd, 'src/index.ts'), 'utf8');
    const output = text.slice(0, suggestion.fix.range[0]) + suggestion.fix.text + text.slice(suggestion.fix.range[1]);
    expect(suggestion.messageId).toBe('addExclusiveFlag');
    expect(output).toBe(
      "import { app, makeApp } from './app.js';\nimport { LIBUS_LISTEN_EXCLUSIVE_PORT } from 'uWebSockets.js';\n\napp.listen(9001, LIBUS_LISTEN_EXCLUSIVE_PORT, (token) => {\n  if (token) console.log('listening');\n});\nmakeApp().listen(9002, () => {});\n",
    );
  });

  it('a uWS app from another file listened on with the exclusive flag (imported too) or on port 0 is quiet', async () => {
    expect(await lint('uws-app-exclusive')).toEqual([]);
  });

  it('a check built on local bind/close wrappers of helper.js, tried in a loop by a test file; the wrappers keeping a server are quiet', async () => {
    expect(await lint('helpers')).toEqual([
      { ...at('server.test.js', 6, 18, 33), ...probe('`isPortAvailable()` from `./helper.js:14` (binds the port and closes it) in a loop over candidate ports') },
    ]);
  });

  it("a check written in a test file with helper.js's bind and close wrappers, tried in a loop; a bind that keeps its server is quiet", async () => {
    expect(await lint('helpers-wrappers')).toEqual([
      { ...at('ports.test.js', 17, 18, 24), ...probe('`isFree()` (binds the port and closes it) in a loop over candidate ports') },
    ]);
  });

  it('a workspace package (@acme/test-utils) passing on get-port; its port-0 server helper is quiet', async () => {
    expect(await lint('monorepo')).toEqual([
      { ...at('packages/api/test/server.test.ts', 5, 22, 29), ...probe('`getPort()` from get-port (through `../../test-utils/src/index.ts:1`)') },
    ]);
  });

  it('security defaults exported with `exclusive: true` and a comment that claims exclusion, spread into listen()', async () => {
    expect(await lint('security-defaults')).toEqual([
      {
        ...at('src/server.ts', 5, 15, 53),
        ruleId: 'exclusive-bind/no-exclusive-misuse',
        messageId: 'claimsExclusion',
        // platform-facts §2: Node's `exclusive` sets no socket option.
        message:
          "`exclusive` in server.listen() (`exclusive: true` from `./security.ts:5`) is expected to keep other processes off the port (a comment says so), but it sets no socket option and does not keep other processes off the port; it only stops a node:cluster worker from sharing the primary's handle. To fail when the port is taken, bind with listenExclusive() from exclusive-bind.",
      },
    ]);
  });

  it('an options module (module.exports) with `exclusive: true`, no claim and no sharing, spread into listen(), is quiet', async () => {
    expect(await lint('security-plain')).toEqual([]);
  });

  it('`reusePort: true` in an options object of another module, read through a namespace import', async () => {
    expect(await lint('shared-config')).toEqual([
      {
        ...at('server.ts', 4, 27, 47),
        ruleId: 'exclusive-bind/no-reuse-port',
        messageId: 'reusePort',
        // platform-facts §1: Node's listen({ reusePort: true }).
        message:
          '`reusePort` in server.listen() (`reusePort: true` from `./config.ts:3`): Linux and FreeBSD: a second instance co-binds the live port and silently takes a share of its traffic; macOS and Windows: fails with listen ENOTSUP; Node < 22.12 and 23.0: ignored. Instead: remove it or use listenExclusive() from exclusive-bind; share only behind a platform check.',
      },
    ]);
  });

  it('tsconfig paths (with comments and trailing commas) lead to the module', async () => {
    expect(await lint('ts-paths')).toEqual([{ ...at('src/app/index.ts', 3, 5, 11), ...uws('../lib/app.ts:3') }]);
  });
});

describe('codemods', () => {
  it('leave an option set in another file for review, naming that file, and change neither file', () => {
    const file = path.join(FIXTURES, 'shared-config/server.ts');
    const source = fs.readFileSync(file, 'utf8');
    const config = fs.readFileSync(path.join(FIXTURES, 'shared-config/config.ts'), 'utf8');
    const result = transformSource(CODEMODS['reuse-port']!, source, file);
    expect(result).toEqual({
      status: 'unchanged',
      output: source,
      changes: [],
      review: [{ line: 4, column: 27, reason: '`reusePort` is set in `./config.ts:3`, which other files may share: change it there' }],
    });
    expect(fs.readFileSync(path.join(FIXTURES, 'shared-config/config.ts'), 'utf8')).toBe(config);
  });

  it('leave a finder from another file for review, naming that file, and change nothing', () => {
    const file = path.join(FIXTURES, 'port-module/cli.js');
    const source = fs.readFileSync(file, 'utf8');
    const result = transformSource(CODEMODS['port-probe']!, source, file);
    expect(result).toEqual({
      status: 'unchanged',
      output: source,
      changes: [],
      review: [
        { line: 5, column: 16, reason: 'the finder is defined in `./ports.js:3`: bind port 0 where the port is used, and fix or remove the finder there' },
        { line: 8, column: 20, reason: 'the finder is defined in `./ports.js:13`: bind port 0 where the port is used, and fix or remove the finder there' },
      ],
    });
  });
});

describe('what cannot be known stays unknown', () => {
  it('a module that does not parse, and one that does not exist: no finding, no crash (the broken file gets its own parse error)', async () => {
    expect(await lint('broken')).toEqual([
      { file: 'ports.js', ruleId: null, messageId: undefined, message: 'Parsing error: Unexpected token', line: 6, column: 1, endLine: undefined, endColumn: undefined },
    ]);
  });

  it('re-exports in a cycle: a name the cycle defines is found, one it only passes around or lacks is unknown', async () => {
    expect(await lint('cycle')).toEqual([{ ...at('index.ts', 3, 10, 16), ...uws('./b.ts:4') }]);
  });
});

describe('files written during the run', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'eb-cross-file-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  let projects = 0;

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

  function project(files: Record<string, string>): string {
    const dir = path.join(root, `project-${projects++}`);
    write(path.join(dir, 'package.json'), JSON.stringify({ name: `p${projects}`, private: true, type: 'module' }));
    for (const [name, text] of Object.entries(files)) write(path.join(dir, name), text);
    return dir;
  }

  const CONFIG_SHARED = 'export const listenOptions = {\n  port: 3000,\n  reusePort: true,\n};\n';
  const CONFIG_PLAIN = 'export const listenOptions = {\n  port: 3000,\n};\n';
  const SERVER = "import net from 'node:net';\nimport { listenOptions } from './config.js';\n\nnet.createServer().listen(listenOptions);\n";
  const REUSE_PORT = {
    ruleId: 'exclusive-bind/no-reuse-port',
    messageId: 'reusePort',
    message:
      '`reusePort` in server.listen() (`reusePort: true` from `./config.js:3`): Linux and FreeBSD: a second instance co-binds the live port and silently takes a share of its traffic; macOS and Windows: fails with listen ENOTSUP; Node < 22.12 and 23.0: ignored. Instead: remove it or use listenExclusive() from exclusive-bind; share only behind a platform check.',
  };

  it('a change to the imported file is seen by the next lint of one ESLint instance, and of a new one', async () => {
    const dir = project({ 'config.js': CONFIG_PLAIN, 'server.js': SERVER });
    const eslint = eslintIn(dir);
    expect(await lint(dir, eslint)).toEqual([]);
    write(path.join(dir, 'config.js'), CONFIG_SHARED);
    expect(await lint(dir, eslint)).toEqual([{ ...at('server.js', 4, 27, 40), ...REUSE_PORT }]);
    expect(await lint(dir, eslintIn(dir))).toEqual([{ ...at('server.js', 4, 27, 40), ...REUSE_PORT }]);
    write(path.join(dir, 'config.js'), CONFIG_PLAIN);
    expect(await lint(dir, eslint)).toEqual([]);
  });

  it('`crossFile: false` in the settings keeps every rule inside the file', async () => {
    const dir = path.join(FIXTURES, 'dev-server');
    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: [...plugin.configs.recommended, { settings: { 'exclusive-bind': { crossFile: false } } }],
    });
    expect(await lint(dir, eslint)).toEqual([{ ...at('src/shared/ports.ts', 5, 10, 17), ...probe('`getPort()` from get-port') }]);
  });

  it('a file too large to read is unknown', async () => {
    const padding = `// ${'x'.repeat(200)}\n`.repeat(3000);
    const dir = project({ 'config.js': CONFIG_SHARED + padding, 'server.js': SERVER });
    expect(fs.statSync(path.join(dir, 'config.js')).size).toBeGreaterThan(512 * 1024);
    expect(await lint(dir)).toEqual([]);
  });

  it('a path through node_modules is never read', async () => {
    const dir = project({
      'node_modules/acme-config/index.js': CONFIG_SHARED,
      'server.js': SERVER.replace('./config.js', './node_modules/acme-config/index.js'),
    });
    expect(await lint(dir)).toEqual([]);
    // The same module one folder up, outside node_modules, is read.
    write(path.join(dir, 'config.js'), CONFIG_SHARED);
    write(path.join(dir, 'server.js'), SERVER);
    expect(await lint(dir)).toEqual([{ ...at('server.js', 4, 27, 40), ...REUSE_PORT }]);
  });
});
