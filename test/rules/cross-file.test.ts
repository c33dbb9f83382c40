// Values that come from another file of the same project (issue 19): each shape is a project on
// disk under test/fixtures/cross-file/, linted with the ESLint class (real files, real
// resolution), in both directions: found, with the file and line it comes from, and quiet.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
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

async function lint(shape: string): Promise<Reported[]> {
  const cwd = path.join(FIXTURES, shape);
  const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: [...plugin.configs.recommended] });
  const results = await eslint.lintFiles(['.']);
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

  it('isPortFree() in a loop and findFreePort() from a probe module; a one-off check and a kept server are quiet', async () => {
    expect(await lint('port-module')).toEqual([
      { ...at('cli.js', 5, 16, 26), ...probe('`isPortFree()` from `./ports.js:3` (binds the port and closes it) in a loop over candidate ports') },
      { ...at('cli.js', 8, 20, 32), ...probe('`findFreePort()` from `./ports.js:13` (binds, closes, hands on the port)') },
      { ...at('ports.js', 17, 5, 18), ...probe('This probe (bind, close, hand on the port)') },
    ]);
  });

  it('a uWS app made in app.ts (a value and a factory) and listened on in index.ts', async () => {
    expect(await lint('uws-app')).toEqual([
      { ...at('src/index.ts', 3, 5, 11), ...uws('./app.ts:3') },
      { ...at('src/index.ts', 6, 11, 17), ...uws('./app.ts:5') },
    ]);
  });

  it('a uWS app from another file listened on with the exclusive flag (imported too) or on port 0 is quiet', async () => {
    expect(await lint('uws-app-exclusive')).toEqual([]);
  });

  it('a check built on local bind/close wrappers of helper.js, tried in a loop by a test file; the wrappers keeping a server are quiet', async () => {
    expect(await lint('helpers')).toEqual([
      { ...at('server.test.js', 6, 18, 33), ...probe('`isPortAvailable()` from `./helper.js:25` (binds the port and closes it) in a loop over candidate ports') },
    ]);
  });

  it('a workspace package (@acme/test-utils) passing on get-port; its port-0 server helper is quiet', async () => {
    expect(await lint('monorepo')).toEqual([
      { ...at('packages/api/test/server.test.ts', 5, 22, 29), ...probe('`getPort()` from get-port (through `../../test-utils/src/index.ts:1`)') },
    ]);
  });

  it('tsconfig paths (with comments and trailing commas) lead to the module', async () => {
    expect(await lint('ts-paths')).toEqual([{ ...at('src/app/index.ts', 3, 5, 11), ...uws('../lib/app.ts:3') }]);
  });
});

describe('codemods', () => {
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
