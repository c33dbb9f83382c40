import { describe, expect, it } from 'vitest';
import rule, { REVIEW_POLL, checker, textFilter } from '../../rules/no-port-readiness-poll.js';
import type { Finding } from '../../core/finding.js';
import { Linter } from 'eslint';
import type { Rule } from 'eslint';
import { jsTester, tsTester } from './helpers.js';

const js = jsTester();
const ts = tsTester();
const cjs = jsTester('commonjs');

/** A report on the poll's callee, on one line. */
function error(poll: string, port: string, line: number, column: number, endColumn: number) {
  return { messageId: 'blindPoll' as const, data: { poll, port }, line, column, endLine: line, endColumn, suggestions: [] };
}

const WAIT_ON = '`waitOn()` from wait-on';

// ---------------------------------------------------------------------------------------------
// wait-on in every import form; the child gets the port as an argument or in its environment.

js.run('no-port-readiness-poll: wait-on', rule, {
  valid: [
    // The poll waits on a port nobody handed to a child.
    "import waitOn from 'wait-on';\nimport { spawn } from 'node:child_process';\nspawn('node', ['worker.js']);\nawait waitOn({ resources: [`tcp:${dbPort}`] });",
    // A file resource, not a TCP one.
    "import waitOn from 'wait-on';\nimport { spawn } from 'node:child_process';\nconst port = 3000;\nspawn('node', ['build.js', String(port)]);\nawait waitOn({ resources: [`file:dist/${port}.txt`] });",
    // The poll comes before the child is started: it waits for something else.
    "import waitOn from 'wait-on';\nimport { spawn } from 'node:child_process';\nconst port = 3000;\nawait waitOn({ resources: [`tcp:${port}`] });\nspawn('node', ['client.js', String(port)]);",
    // Another function hands the port to the child.
    "import waitOn from 'wait-on';\nimport { spawn } from 'node:child_process';\nconst port = 3000;\nfunction start() { spawn('node', ['server.js', String(port)]); }\nasync function ready() { await waitOn({ resources: [`tcp:${port}`] }); }",
    // The function binds the port itself; the child is a client of it.
    "import waitOn from 'wait-on';\nimport { spawn } from 'node:child_process';\nconst port = 3000;\nserver.listen(port);\nspawn('node', ['client.js', String(port)]);\nawait waitOn({ resources: [`tcp:${port}`] });",
    // A local function called waitOn.
    "import { spawn } from 'node:child_process';\nconst waitOn = async () => {};\nconst port = 3000;\nspawn('node', ['server.js', String(port)]);\nawait waitOn({ resources: [`tcp:${port}`] });",
    // Not a child process: a local spawn().
    "import waitOn from 'wait-on';\nconst spawn = () => {};\nconst port = 3000;\nspawn('node', ['server.js', String(port)]);\nawait waitOn({ resources: [`tcp:${port}`] });",
  ],
  invalid: [
    {
      code: "import waitOn from 'wait-on';\nimport { spawn } from 'node:child_process';\nconst port = 3000;\nspawn('node', ['server.js', '--port', String(port)]);\nawait waitOn({ resources: [`tcp:${port}`] });",
      errors: [error(WAIT_ON, 'port', 5, 7, 13)],
    },
    {
      // http resource, port in the child's environment, inside a test hook.
      code: "import waitOn from 'wait-on';\nimport { spawn } from 'child_process';\nbeforeAll(async () => {\n  const port = 4100;\n  spawn('node', ['server.js'], { env: { ...process.env, PORT: String(port) } });\n  await waitOn({ resources: ['http://localhost:' + port + '/health'], timeout: 5000 });\n});",
      errors: [error(WAIT_ON, 'port', 6, 9, 15)],
    },
    {
      // Options in a const, execa, https-get resource.
      code: "import waitOn from 'wait-on';\nimport { execa } from 'execa';\nexport async function start(port) {\n  execa('node', ['server.js', `--port=${port}`]);\n  const options = { resources: [`https-get://127.0.0.1:${port}`] };\n  await waitOn(options);\n}",
      errors: [error(WAIT_ON, 'port', 6, 9, 15)],
    },
    {
      // The port reaches the child through process.env, and fork().
      code: "import waitOn from 'wait-on';\nimport { fork } from 'node:child_process';\nconst port = 3000;\nprocess.env.PORT = port;\nfork('server.js');\nwaitOn({ resources: [`tcp:localhost:${port}`] }, (err) => {});",
      errors: [error(WAIT_ON, 'port', 6, 1, 7)],
    },
  ],
});

cjs.run('no-port-readiness-poll: require forms', rule, {
  valid: [],
  invalid: [
    {
      code: "const waitOn = require('wait-on');\nconst cp = require('child_process');\nasync function main(port) {\n  cp.spawn('node', ['server.js', port]);\n  await waitOn({ resources: ['tcp:' + port] });\n}",
      errors: [error(WAIT_ON, 'port', 5, 9, 15)],
    },
    {
      code: "const { waitUntilUsed } = require('tcp-port-used');\nconst spawn = require('cross-spawn');\nasync function main(port) {\n  spawn('node', ['server.js', port]);\n  await waitUntilUsed(port, 100, 5000);\n}",
      errors: [error('`waitUntilUsed()` from tcp-port-used', 'port', 5, 9, 22)],
    },
  ],
});

ts.run('no-port-readiness-poll: other waiters', rule, {
  valid: [
    // wait-port on a different variable.
    "import waitPort from 'wait-port';\nimport { spawn } from 'node:child_process';\nconst port = 3000, other = 3001;\nspawn('node', ['server.js', String(port)]);\nawait waitPort({ host: 'localhost', port: other });",
    // A connect that is not repeated: a single health check after a report, not a poll.
    "import net from 'node:net';\nimport { spawn } from 'node:child_process';\nconst port = 3000;\nspawn('node', ['server.js', String(port)]);\nnet.connect(port);",
  ],
  invalid: [
    {
      code: "import waitPort from 'wait-port';\nimport { spawn } from 'node:child_process';\nconst port: number = 3000;\nspawn('node', ['server.js', String(port)]);\nawait waitPort({ host: 'localhost', port });",
      errors: [error('`waitPort()` from wait-port', 'port', 5, 7, 15)],
    },
    {
      code: "import tcpPortUsed from 'tcp-port-used';\nimport { spawn } from 'node:child_process';\nconst port = 3000;\nspawn('node', ['server.js', String(port)]);\nawait tcpPortUsed.waitUntilUsedOnHost(port, '127.0.0.1');",
      errors: [error('`waitUntilUsedOnHost()` from tcp-port-used', 'port', 5, 7, 38)],
    },
    {
      code: "import { waitPort } from 'detect-port';\nimport { spawn } from 'node:child_process';\nconst port = 3000;\nspawn('node', ['server.js', String(port)]);\nawait waitPort(port);",
      errors: [error('`waitPort()` from detect-port', 'port', 5, 7, 15)],
    },
    {
      code: "import { waitForPort } from 'get-port-please';\nimport { spawn } from 'node:child_process';\nconst port = 3000;\nspawn('node', ['server.js', String(port)]);\nawait waitForPort(port, { retries: 20 });",
      errors: [error('`waitForPort()` from get-port-please', 'port', 5, 7, 18)],
    },
    {
      // Bun.spawn, then a fetch loop.
      code: "const port = 3000;\nBun.spawn(['bun', 'server.ts'], { env: { PORT: String(port) } });\nfor (let i = 0; i < 50; i++) {\n  try { await fetch(`http://localhost:${port}/`); break; } catch { await Bun.sleep(100); }\n}",
      errors: [error('`fetch()` in a retry loop', 'port', 4, 15, 20)],
    },
    {
      // A hand-written connect loop inside a Promise, with Deno.Command.
      code: "import net from 'node:net';\nconst port = 3000;\nnew Deno.Command('deno', { args: ['run', 'server.ts', String(port)] }).spawn();\nwhile (true) {\n  const ok = await new Promise((resolve) => {\n    const socket = net.createConnection({ port, host: '127.0.0.1' });\n    socket.once('connect', () => resolve(true)).once('error', () => resolve(false));\n  });\n  if (ok) break;\n}",
      errors: [error('`net.createConnection()` in a retry loop', 'port', 6, 20, 40)],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// The checker as the codemods run it, and the text filter.

describe('no-port-readiness-poll checker', () => {
  it('lists a finding for review with the recipes link, never a rewrite', () => {
    const findings: Finding<'blindPoll'>[] = [];
    const linter = new Linter();
    linter.verify(
      "import waitOn from 'wait-on';\nimport { spawn } from 'node:child_process';\nconst port = 3000;\nspawn('node', ['server.js', String(port)]);\nawait waitOn({ resources: [`tcp:${port}`] });",
      {
        languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
        plugins: { t: { rules: { r: { meta: {}, create: (context) => checker(context as never, [], (f) => findings.push(f)) as Rule.RuleListener } } } },
        rules: { 't/r': 'error' },
      },
    );
    expect(findings.map((f) => ({ review: f.review, rewrite: f.rewrite, data: f.data }))).toEqual([
      { review: REVIEW_POLL, rewrite: undefined, data: { poll: WAIT_ON, port: 'port' } },
    ]);
    expect(REVIEW_POLL).toBe('the child must report the address it bound: see https://github.com/exclusive-bind/exclusive-bind/blob/main/docs/helper/recipes.md');
  });

  it.each([
    ["import waitOn from 'wait-on'; spawn(x)", true],
    ["const { spawn } = require('child_process'); while (1) net.connect(port)", true],
    ["import waitOn from 'wait-on';", false],
    ["import { spawn } from 'node:child_process';", false],
  ])('text filter on %s', (text, expected) => {
    expect(textFilter(text, [])).toBe(expected);
  });
});
