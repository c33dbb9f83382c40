import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import rule, { checker, textFilter } from '../../rules/no-port-readiness-poll.js';
import { RECIPES_URL } from '../../core/readiness/spawn-rewrite.js';
import type { Finding } from '../../core/finding.js';
import { Linter } from 'eslint';
import type { Rule } from 'eslint';
import { jsTester, projectFile, tsTester } from './helpers.js';

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
    const findings: Finding<string>[] = [];
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
      {
        review: `the port does not come from a port finder declared in the same block; the child must report the address it bound: see ${RECIPES_URL}`,
        rewrite: undefined,
        data: { poll: WAIT_ON, port: 'port' },
      },
    ]);
    expect(RECIPES_URL).toBe('https://github.com/exclusive-bind/exclusive-bind/blob/main/docs/helper/recipes.md');
  });

  it.each([
    ["import waitOn from 'wait-on'; import { spawn } from 'node:child_process'", true],
    ["import waitOn from 'wait-on'; Bun.spawn(x)", true],
    ["import waitOn from 'wait-on'; spawn(x)", false],
    ["const { spawn } = require('child_process'); while (1) net.connect(port)", true],
    ["import waitOn from 'wait-on';", false],
    ["import { spawn } from 'node:child_process';", false],
  ])('text filter on %s', (text, expected) => {
    expect(textFilter(text, [])).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// The spawnListening() suggestion: a finder's port, a Node script of this repository that
// reports its address, then the poll, in one block.

const harness = projectFile({ type: 'module' }, 'test/harness.js');
const root = path.dirname(path.dirname(harness));
fs.writeFileSync(path.join(root, 'server.js'), "listenExclusive(server, { port: Number(process.env.PORT), report: true });\n");
fs.writeFileSync(path.join(root, 'quiet.js'), 'server.listen(Number(process.env.PORT));\n');

const SHAPE = (script: string, child = 'const child = ') =>
  `import getPort from 'get-port';
import waitOn from 'wait-on';
import { spawn } from 'node:child_process';

export async function start() {
  const port = await getPort();
  ${child}spawn('node', ['${script}', '--port', String(port)], { env: { ...process.env, PORT: \`\${port}\` } });
  await waitOn({ resources: [\`tcp:127.0.0.1:\${port}\`] });
  return { child, url: \`http://127.0.0.1:\${port}\` };
}
`;

js.run('no-port-readiness-poll: the spawnListening() suggestion', rule, {
  valid: [],
  invalid: [
    {
      code: SHAPE('server.js'),
      filename: harness,
      errors: [
        {
          ...error(WAIT_ON, 'port', 8, 9, 15),
          suggestions: [
            {
              messageId: 'spawnListening',
              output: `import { spawnListening } from 'exclusive-bind';

export async function start() {
  const { child, port } = await spawnListening(process.execPath, ['server.js', '--port', '0'], { env: { ...process.env, PORT: '0' } });
  return { child, url: \`http://127.0.0.1:\${port}\` };
}
`,
            },
          ],
        },
      ],
    },
    {
      // The script does not report yet: no suggestion (it would wait for a report that never comes).
      code: SHAPE('quiet.js'),
      filename: harness,
      errors: [error(WAIT_ON, 'port', 8, 9, 15)],
    },
    {
      // A script that is not in the repository.
      code: SHAPE('missing.js'),
      filename: harness,
      errors: [error(WAIT_ON, 'port', 8, 9, 15)],
    },
  ],
});

describe('the spawnListening() rewrite, left for review', () => {
  function reviews(code: string): string[] {
    const findings: Finding<string>[] = [];
    // The file lies outside this repository: a Linter only lints files under its cwd.
    new Linter({ cwd: root }).verify(
      code,
      {
        languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
        plugins: { t: { rules: { r: { meta: {}, create: (context) => checker(context as never, [], (f) => findings.push(f)) as Rule.RuleListener } } } },
        rules: { 't/r': 'error' },
      },
      { filename: harness },
    );
    return findings.map((f) => f.review ?? `rewrite ${f.rewrite}`);
  }
  const tail = `; the child must report the address it bound: see ${RECIPES_URL}`;

  it.each([
    ['server.js', 'rewrite spawnListening'],
    ['quiet.js', `the child script quiet.js does not report its address yet (listenExclusive() with report: true, or reportListening())${tail}`],
    ['missing.js', `the child script missing.js is not a file of this repository${tail}`],
  ])('%s', (script, expected) => {
    expect(reviews(SHAPE(script))).toEqual([expected]);
  });

  it('the port used by something else before the poll', () => {
    const code = SHAPE('server.js').replace('  await waitOn', '  console.log(port);\n  await waitOn');
    expect(reviews(code)).toEqual([`the port is used by more than the child between the finder and the poll${tail}`]);
  });

  it('spawn options the helper does not take', () => {
    const code = SHAPE('server.js').replace('{ env:', "{ stdio: 'inherit', env:");
    expect(reviews(code)).toEqual([`the spawn options go beyond env and cwd${tail}`]);
  });
});

// A method with overload signatures: the signatures have no body, the implementation follows them.
ts.run('no-port-readiness-poll: overloaded methods', rule, {
  valid: [
    `import { spawn } from 'node:child_process';
export class Document {
  get(index: number): string;
  get(key: string): string;
  get(key: number | string): string {
    return String(key);
  }
  codes(): string[] {
    const out: string[] = [];
    const first = this.get(0);
    for (let i = 0; i < 3; i++) out.push(first.get(i));
    return out;
  }
  start() {
    return spawn('node', ['server.js']);
  }
}`,
  ],
  invalid: [],
});
