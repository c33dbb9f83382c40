import rule from '../../rules/no-implicit-reuse-port.js';
import { BUN_ALL, CO_BIND, UWS_ALL, jsTester, projectFile, targets, tsTester } from './helpers.js';

const js = jsTester();
const ts = tsTester();
const cjs = jsTester('commonjs');

const bun = { effects: BUN_ALL };
const uws = { effects: UWS_ALL };

// ---------------------------------------------------------------------------------------------
// Bun.serve: implicit SO_REUSEPORT when a `development` key is present and falsy (facts §3). An
// absent key is exclusive whatever NODE_ENV says (observed: test/facts/bun-serve.test.ts).

js.run('no-implicit-reuse-port: Bun.serve', rule, {
  valid: [
    // No `development` key: exclusive, even under NODE_ENV=production.
    'Bun.serve({ port: 3000, fetch });',
    'Bun.serve({});',
    `Bun.serve({
  port: 3000,
  fetch(req) {
    return new Response('ok');
  },
});`,
    "import { serve } from 'bun';\nserve({ port: 8080, fetch });",
    'const base = { port: 8080 };\nBun.serve({ ...base, fetch });',
    // `development: undefined` is read as absent.
    'Bun.serve({ port: 3000, development: undefined, fetch });',
    // A node:cluster child (NODE_UNIQUE_ID set) shares on purpose: the primary hands out the port.
    "import cluster from 'node:cluster';\nif (cluster.isWorker) Bun.serve({ port: 3000, fetch });",
    'if (process.env.NODE_UNIQUE_ID) Bun.serve({ port: 3000, fetch });',
    // Development mode: true, a truthy value, or the object form.
    'Bun.serve({ development: true, fetch });',
    "Bun.serve({ development: 'yes', fetch });",
    'Bun.serve({ port: 3000, development: { hmr: false, console: true }, fetch });',
    'Bun.serve({ port: 3000, development: { hmr: getHmr() }, fetch });',
    // Explicit reusePort either way (no-reuse-port's business), port 0.
    'Bun.serve({ reusePort: false, development: false, fetch });',
    'Bun.serve({ port: 3000, reusePort: true, fetch });',
    'Bun.serve({ port: 0, development: false, fetch });',
    "Bun.serve({ port: '0', development: false, fetch });",
    'const port = 0;\nBun.serve({ port, development: false, fetch });',
    // A unix socket has no port to share.
    "Bun.serve({ unix: '/tmp/app.sock', development: false, fetch });",
    // Options that cannot be seen: cannot tell.
    'export function start(options) { Bun.serve(options); }',
    'export function start(options) { Bun.serve({ ...options, fetch }); }',
    // Not Bun.
    "import { serve } from '@hono/node-server';\nserve({ port: 3000, development: false, fetch });",
    'const Bun = { serve() {} };\nBun.serve({ port: 3000, development: false, fetch });',
    'Bun.listen({ port: 3000, socket });',
    'Bun.serve();',
  ],
  invalid: [
    {
      code: 'Bun.serve({ port: 3000, development: false, fetch });',
      errors: [
        {
          messageId: 'bunServe',
          data: bun,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 53,
          suggestions: [
            {
              messageId: 'addReusePortFalse',
              output: 'Bun.serve({ port: 3000, development: false, fetch, reusePort: false });',
            },
          ],
        },
      ],
    },
    {
      // null, 0 and '' coerce to false just the same.
      code: 'Bun.serve({ port: 3000, development: null, fetch });',
      errors: [
        {
          messageId: 'bunServe',
          data: bun,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 52,
          suggestions: [
            {
              messageId: 'addReusePortFalse',
              output: 'Bun.serve({ port: 3000, development: null, fetch, reusePort: false });',
            },
          ],
        },
      ],
    },
    {
      code: 'Bun.serve({ port: 3000, development: 0 });',
      errors: [
        {
          messageId: 'bunServe',
          data: bun,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 42,
          suggestions: [
            { messageId: 'addReusePortFalse', output: 'Bun.serve({ port: 3000, development: 0, reusePort: false });' },
          ],
        },
      ],
    },
    {
      code: "Bun.serve({ port: 3000, development: '' });",
      errors: [
        {
          messageId: 'bunServe',
          data: bun,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 43,
          suggestions: [
            { messageId: 'addReusePortFalse', output: "Bun.serve({ port: 3000, development: '', reusePort: false });" },
          ],
        },
      ],
    },
    {
      // Multi-line with a trailing comma.
      code: `Bun.serve({
  port: 3000,
  development: false,
  fetch(req) {
    return new Response('ok');
  },
});`,
      errors: [
        {
          messageId: 'bunServe',
          data: bun,
          line: 1,
          column: 1,
          endLine: 7,
          endColumn: 3,
          suggestions: [
            {
              messageId: 'addReusePortFalse',
              output: `Bun.serve({
  port: 3000,
  development: false,
  fetch(req) {
    return new Response('ok');
  },
  reusePort: false,
});`,
            },
          ],
        },
      ],
    },
    {
      // Multi-line without a trailing comma.
      code: `Bun.serve({
    port: 3000,
    development: false
});`,
      errors: [
        {
          messageId: 'bunServe',
          data: bun,
          line: 1,
          column: 1,
          endLine: 4,
          endColumn: 3,
          suggestions: [
            {
              messageId: 'addReusePortFalse',
              output: `Bun.serve({
    port: 3000,
    development: false,
    reusePort: false
});`,
            },
          ],
        },
      ],
    },
    {
      // Not known statically: false in production is the common case.
      code: "Bun.serve({ development: process.env.NODE_ENV !== 'production', fetch });",
      errors: [
        {
          messageId: 'bunServe',
          data: bun,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 73,
          suggestions: [
            {
              messageId: 'addReusePortFalse',
              output:
                "Bun.serve({ development: process.env.NODE_ENV !== 'production', fetch, reusePort: false });",
            },
          ],
        },
      ],
    },
    {
      // Set in one branch only: the other branch is enough.
      code: 'Bun.serve(dev ? { port: 8080, fetch } : { port: 8080, development: false, fetch });',
      errors: [
        {
          messageId: 'bunServe',
          data: bun,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 83,
          suggestions: [],
        },
      ],
    },
    {
      code: `import { serve } from 'bun';
serve({ port: 8080, development: false, fetch });`,
      errors: [
        {
          messageId: 'bunServe',
          data: bun,
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 49,
          suggestions: [
            {
              messageId: 'addReusePortFalse',
              output: `import { serve } from 'bun';
serve({ port: 8080, development: false, fetch, reusePort: false });`,
            },
          ],
        },
      ],
    },
    {
      code: `import Bun from 'bun';
export default Bun.serve({ port: 8080, development: isDev, fetch });`,
      errors: [
        {
          messageId: 'bunServe',
          data: bun,
          line: 2,
          column: 16,
          endLine: 2,
          endColumn: 68,
          suggestions: [
            {
              messageId: 'addReusePortFalse',
              output: `import Bun from 'bun';
export default Bun.serve({ port: 8080, development: isDev, fetch, reusePort: false });`,
            },
          ],
        },
      ],
    },
    {
      // Through local variables: the function and a once-read options object.
      code: `const serve = Bun.serve;
const options = { port: 8080, development: false, fetch };
serve(options);`,
      errors: [
        {
          messageId: 'bunServe',
          data: bun,
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 15,
          suggestions: [
            {
              messageId: 'addReusePortFalse',
              output: `const serve = Bun.serve;
const options = { port: 8080, development: false, fetch, reusePort: false };
serve(options);`,
            },
          ],
        },
      ],
    },
    {
      // Options read twice: editing them would change the other use, so no suggestion.
      code: `const options = { port: 8080, development: false, fetch };
Bun.serve(options);
log(options);`,
      errors: [
        {
          messageId: 'bunServe',
          data: bun,
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 19,
          suggestions: [],
        },
      ],
    },
    {
      // A known spread that sets development: false.
      code: `const base = { port: 8080, development: false };
Bun.serve({ ...base, fetch });`,
      errors: [
        {
          messageId: 'bunServe',
          data: bun,
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'addReusePortFalse',
              output: `const base = { port: 8080, development: false };
Bun.serve({ ...base, fetch, reusePort: false });`,
            },
          ],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// uWebSockets.js: SO_REUSEPORT by default on any non-zero port (facts §5). Reported on the
// `listen` name: the chain before it can span many lines.

js.run('no-implicit-reuse-port: uWebSockets.js (ESM)', rule, {
  valid: [
    "import uWS from 'uWebSockets.js';\nuWS.App().listen(0, (token) => {});",
    "import uWS from 'uWebSockets.js';\nuWS.App().listen('127.0.0.1', 0, (token) => {});",
    "import uWS from 'uWebSockets.js';\nuWS.App().listen(9001, uWS.LIBUS_LISTEN_EXCLUSIVE_PORT, (token) => {});",
    "import uWS from 'uWebSockets.js';\nuWS.App().listen('::', 9001, uWS.LIBUS_LISTEN_EXCLUSIVE_PORT, (token) => {});",
    "import { App, LIBUS_LISTEN_EXCLUSIVE_PORT } from 'uWebSockets.js';\nApp().listen(9001, LIBUS_LISTEN_EXCLUSIVE_PORT, (token) => {});",
    // The flag's numeric value (bit 1).
    "import uWS from 'uWebSockets.js';\nuWS.App().listen(9001, 1, (token) => {});",
    // Options that cannot be seen.
    "import uWS from 'uWebSockets.js';\nexport const start = (flags) => uWS.App().listen(9001, flags, (token) => {});",
    // listen_unix and other libraries' apps.
    "import uWS from 'uWebSockets.js';\nuWS.App().listen_unix((token) => {}, '/tmp/app.sock');",
    "import { App } from 'some-framework';\nApp().listen(9001, (token) => {});",
  ],
  invalid: [
    {
      // Default import, (port, cb).
      code: `import uWS from 'uWebSockets.js';
uWS.App().listen(9001, (token) => {});`,
      errors: [
        {
          messageId: 'uwsListen',
          data: uws,
          line: 2,
          column: 11,
          endLine: 2,
          endColumn: 17,
          suggestions: [
            {
              messageId: 'addExclusiveFlag',
              output: `import uWS from 'uWebSockets.js';
uWS.App().listen(9001, uWS.LIBUS_LISTEN_EXCLUSIVE_PORT, (token) => {});`,
            },
          ],
        },
      ],
    },
    {
      // Named import: the flag is merged into it.
      code: `import { App } from 'uWebSockets.js';
App().listen(9001, cb);`,
      errors: [
        {
          messageId: 'uwsListen',
          data: uws,
          line: 2,
          column: 7,
          endLine: 2,
          endColumn: 13,
          suggestions: [
            {
              messageId: 'addExclusiveFlag',
              output: `import { App, LIBUS_LISTEN_EXCLUSIVE_PORT } from 'uWebSockets.js';
App().listen(9001, LIBUS_LISTEN_EXCLUSIVE_PORT, cb);`,
            },
          ],
        },
      ],
    },
    {
      // Namespace import, SSLApp, app held in a variable, (host, port, cb).
      code: `import * as uWS from 'uWebSockets.js';
const app = uWS.SSLApp({ key_file_name: 'key.pem' });
app.listen('0.0.0.0', 443, (token) => {});`,
      errors: [
        {
          messageId: 'uwsListen',
          data: uws,
          line: 3,
          column: 5,
          endLine: 3,
          endColumn: 11,
          suggestions: [
            {
              messageId: 'addExclusiveFlag',
              output: `import * as uWS from 'uWebSockets.js';
const app = uWS.SSLApp({ key_file_name: 'key.pem' });
app.listen('0.0.0.0', 443, uWS.LIBUS_LISTEN_EXCLUSIVE_PORT, (token) => {});`,
            },
          ],
        },
      ],
    },
    {
      // Chained routes, (host, port, cb) across lines.
      code: `import uWS from 'uWebSockets.js';
uWS
  .App()
  .get('/*', (res) => res.end('ok'))
  .ws('/*', {})
  .listen('0.0.0.0', 9001, (token) => {});`,
      errors: [
        {
          messageId: 'uwsListen',
          data: uws,
          line: 6,
          column: 4,
          endLine: 6,
          endColumn: 10,
          suggestions: [
            {
              messageId: 'addExclusiveFlag',
              output: `import uWS from 'uWebSockets.js';
uWS
  .App()
  .get('/*', (res) => res.end('ok'))
  .ws('/*', {})
  .listen('0.0.0.0', 9001, uWS.LIBUS_LISTEN_EXCLUSIVE_PORT, (token) => {});`,
            },
          ],
        },
      ],
    },
    {
      // (port, options, cb) with LIBUS_LISTEN_DEFAULT's value 0: the options are replaced.
      code: `import uWS from 'uWebSockets.js';
uWS.App().listen(9001, 0, (token) => {});`,
      errors: [
        {
          messageId: 'uwsListen',
          data: uws,
          line: 2,
          column: 11,
          endLine: 2,
          endColumn: 17,
          suggestions: [
            {
              messageId: 'addExclusiveFlag',
              output: `import uWS from 'uWebSockets.js';
uWS.App().listen(9001, uWS.LIBUS_LISTEN_EXCLUSIVE_PORT, (token) => {});`,
            },
          ],
        },
      ],
    },
    {
      // (host, port, options, cb) with LIBUS_LISTEN_DEFAULT.
      code: `import uWS from 'uWebSockets.js';
uWS.App().listen('::', 9001, uWS.LIBUS_LISTEN_DEFAULT, (token) => {});`,
      errors: [
        {
          messageId: 'uwsListen',
          data: uws,
          line: 2,
          column: 11,
          endLine: 2,
          endColumn: 17,
          suggestions: [
            {
              messageId: 'addExclusiveFlag',
              output: `import uWS from 'uWebSockets.js';
uWS.App().listen('::', 9001, uWS.LIBUS_LISTEN_EXCLUSIVE_PORT, (token) => {});`,
            },
          ],
        },
      ],
    },
    {
      // Port from a constant.
      code: `import { App } from 'uWebSockets.js';
const PORT = 9001;
App().listen(PORT, (token) => {});`,
      errors: [
        {
          messageId: 'uwsListen',
          data: uws,
          line: 3,
          column: 7,
          endLine: 3,
          endColumn: 13,
          suggestions: [
            {
              messageId: 'addExclusiveFlag',
              output: `import { App, LIBUS_LISTEN_EXCLUSIVE_PORT } from 'uWebSockets.js';
const PORT = 9001;
App().listen(PORT, LIBUS_LISTEN_EXCLUSIVE_PORT, (token) => {});`,
            },
          ],
        },
      ],
    },
  ],
});

cjs.run('no-implicit-reuse-port: uWebSockets.js (CommonJS)', rule, {
  valid: ["require('uWebSockets.js').App().listen(9001, require('uWebSockets.js').LIBUS_LISTEN_EXCLUSIVE_PORT, cb);"],
  invalid: [
    {
      // Inline require: the flag is read from the same require call.
      code: "require('uWebSockets.js').App().listen(9001, cb);",
      errors: [
        {
          messageId: 'uwsListen',
          data: uws,
          line: 1,
          column: 33,
          endLine: 1,
          endColumn: 39,
          suggestions: [
            {
              messageId: 'addExclusiveFlag',
              output:
                "require('uWebSockets.js').App().listen(9001, require('uWebSockets.js').LIBUS_LISTEN_EXCLUSIVE_PORT, cb);",
            },
          ],
        },
      ],
    },
    {
      code: `const uWS = require('uWebSockets.js');
uWS.App().listen(9001, cb);`,
      errors: [
        {
          messageId: 'uwsListen',
          data: uws,
          line: 2,
          column: 11,
          endLine: 2,
          endColumn: 17,
          suggestions: [
            {
              messageId: 'addExclusiveFlag',
              output: `const uWS = require('uWebSockets.js');
uWS.App().listen(9001, uWS.LIBUS_LISTEN_EXCLUSIVE_PORT, cb);`,
            },
          ],
        },
      ],
    },
    {
      // Destructured require: the flag is merged into the pattern.
      code: `'use strict';
const { App } = require('uWebSockets.js');
App().listen(9001, cb);`,
      errors: [
        {
          messageId: 'uwsListen',
          data: uws,
          line: 3,
          column: 7,
          endLine: 3,
          endColumn: 13,
          suggestions: [
            {
              messageId: 'addExclusiveFlag',
              output: `'use strict';
const { App, LIBUS_LISTEN_EXCLUSIVE_PORT } = require('uWebSockets.js');
App().listen(9001, LIBUS_LISTEN_EXCLUSIVE_PORT, cb);`,
            },
          ],
        },
      ],
    },
  ],
});

ts.run('no-implicit-reuse-port: TypeScript forms', rule, {
  valid: [
    {
      filename: 'react.tsx',
      languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
      code: `const page = <main>{Bun.version}</main>;
Bun.serve({ port: 0, fetch: () => new Response(String(page)) });`,
    },
    `@sealed class S { static #app = Bun.serve({ development: true, fetch } satisfies object); }
function sealed(c: unknown, ctx: ClassDecoratorContext) {}`,
    'await Bun.serve?.({ port: 0, fetch })?.stop();',
  ],
  invalid: [
    {
      code: `import uWS = require('uWebSockets.js');
uWS.App().listen(9001, (token: unknown) => {});`,
      errors: [
        {
          messageId: 'uwsListen',
          data: uws,
          line: 2,
          column: 11,
          endLine: 2,
          endColumn: 17,
          suggestions: [
            {
              messageId: 'addExclusiveFlag',
              output: `import uWS = require('uWebSockets.js');
uWS.App().listen(9001, uWS.LIBUS_LISTEN_EXCLUSIVE_PORT, (token: unknown) => {});`,
            },
          ],
        },
      ],
    },
    {
      code: `import type { Serve } from 'bun';
const options = { port: 8080, development: false, fetch } satisfies Serve;
Bun.serve(options as Serve);`,
      errors: [
        {
          messageId: 'bunServe',
          data: bun,
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'addReusePortFalse',
              output: `import type { Serve } from 'bun';
const options = { port: 8080, development: false, fetch, reusePort: false } satisfies Serve;
Bun.serve(options as Serve);`,
            },
          ],
        },
      ],
    },
    {
      // Optional call: still a Bun.serve that binds.
      code: 'Bun.serve?.({ port: 8080, development: false, fetch });',
      errors: [
        {
          messageId: 'bunServe',
          data: bun,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 55,
          suggestions: [
            {
              messageId: 'addReusePortFalse',
              output: 'Bun.serve?.({ port: 8080, development: false, fetch, reusePort: false });',
            },
          ],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Targets.

js.run('no-implicit-reuse-port: targets', rule, {
  valid: [
    // Bun does not run on FreeBSD: nothing to say to a FreeBSD-only project.
    { code: 'Bun.serve({ port: 3000, development: false, fetch });', settings: targets({ platforms: ['freebsd'] }) },
  ],
  invalid: [
    {
      code: 'Bun.serve({ port: 3000, development: false, fetch });',
      settings: targets({ platforms: ['linux'] }),
      errors: [
        {
          messageId: 'bunServe',
          data: { effects: `Linux: ${CO_BIND}` },
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 53,
          suggestions: [
            {
              messageId: 'addReusePortFalse',
              output: 'Bun.serve({ port: 3000, development: false, fetch, reusePort: false });',
            },
          ],
        },
      ],
    },
    {
      code: `import uWS from 'uWebSockets.js';
uWS.App().listen(9001, cb);`,
      filename: projectFile({ os: ['win32', 'darwin'] }),
      errors: [
        {
          messageId: 'uwsListen',
          data: {
            effects:
              'macOS: a second instance co-binds the live port (last bind wins); Windows: uSockets sets SO_REUSEADDR, which lets another process take over the port',
          },
          line: 2,
          column: 11,
          endLine: 2,
          endColumn: 17,
          suggestions: [
            {
              messageId: 'addExclusiveFlag',
              output: `import uWS from 'uWebSockets.js';
uWS.App().listen(9001, uWS.LIBUS_LISTEN_EXCLUSIVE_PORT, cb);`,
            },
          ],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// uWebSockets.js three-argument listen with non-literal arguments: the callback is last, so
// `(host, port, cb)` and `(port, options, cb)` are told apart by what the first argument is (uWS
// treats a string there as the host), then by the second.

/** Where `needle` sits in `code`, as RuleTester reports it. */
function locate(code: string, needle: string) {
  const index = code.indexOf(needle);
  const before = code.slice(0, index).split('\n');
  const line = before.length;
  const column = before.at(-1)!.length + 1;
  return { line, column, endLine: line, endColumn: column + needle.length };
}

/** A `(host, port, cb)` call: reported on `listen`, the flag goes in third position. */
function hostPortCase(code: string, listenArgs: string) {
  const [host, port, cb] = listenArgs.split(', ');
  return {
    code,
    errors: [
      {
        messageId: 'uwsListen' as const,
        data: uws,
        ...locate(code, 'listen('),
        endColumn: locate(code, 'listen(').column + 'listen'.length,
        suggestions: [
          {
            messageId: 'addExclusiveFlag' as const,
            output: code.replace(`listen(${listenArgs})`, `listen(${host}, ${port}, uWS.LIBUS_LISTEN_EXCLUSIVE_PORT, ${cb})`),
          },
        ],
      },
    ],
  };
}

js.run('no-implicit-reuse-port: uWebSockets.js overloads with non-literal arguments', rule, {
  valid: [
    // (port, options, cb): a number first, options not visible or exclusive.
    "import uWS from 'uWebSockets.js';\nuWS.App().listen(Number(process.env.PORT), flags, (token) => {});",
    "import uWS from 'uWebSockets.js';\nconst port = parseInt(process.env.PORT, 10);\nuWS.App().listen(port, listenFlags, (token) => {});",
    "import uWS from 'uWebSockets.js';\nexport function start(port, options) {\n  uWS.App().listen(port, options, (token) => {});\n}",
    "import uWS from 'uWebSockets.js';\nexport function start(port) {\n  uWS.App().listen(port, uWS.LIBUS_LISTEN_EXCLUSIVE_PORT, (token) => {});\n}",
    // (host, port, options, cb) with the flag.
    "import uWS from 'uWebSockets.js';\nexport function start(host, port) {\n  uWS.App().listen(host, port, uWS.LIBUS_LISTEN_EXCLUSIVE_PORT, (token) => {});\n}",
    // Nothing tells the two forms apart: quiet.
    "import uWS from 'uWebSockets.js';\nexport function start(a, b) {\n  uWS.App().listen(a, b, (token) => {});\n}",
    // A string host on port 0.
    "import uWS from 'uWebSockets.js';\nuWS.App().listen(process.env.HOST ?? '127.0.0.1', 0, (token) => {});",
  ],
  invalid: [
    // A string first: a host from the environment, a template, a `host` name, `config.host`.
    hostPortCase(
      "import uWS from 'uWebSockets.js';\nconst host = process.env.HOST || '0.0.0.0';\nuWS.App().listen(host, port, (token) => {});",
      'host, port, (token) => {}',
    ),
    hostPortCase(
      "import uWS from 'uWebSockets.js';\nuWS.App().listen(`${prefix}::1`, port, onListen);",
      '`${prefix}::1`, port, onListen',
    ),
    hostPortCase(
      "import uWS from 'uWebSockets.js';\nexport function start(host, port) {\n  uWS.App().listen(host, port, onListen);\n}",
      'host, port, onListen',
    ),
    hostPortCase(
      "import uWS from 'uWebSockets.js';\nuWS.App().listen(config.host, config.port, onListen);",
      'config.host, config.port, onListen',
    ),
    // The first argument is unknown, the second is named like a port.
    hostPortCase(
      "import uWS from 'uWebSockets.js';\nexport function start(where, listenPort) {\n  uWS.App().listen(where, listenPort, onListen);\n}",
      'where, listenPort, onListen',
    ),
    {
      // (port, options, cb) whose options are a constant without the exclusive bit.
      code: "import uWS from 'uWebSockets.js';\nconst flags = uWS.LIBUS_LISTEN_DEFAULT;\nuWS.App().listen(Number(process.env.PORT), flags, onListen);",
      errors: [
        {
          messageId: 'uwsListen',
          data: uws,
          line: 3,
          column: 11,
          endLine: 3,
          endColumn: 17,
          suggestions: [
            {
              messageId: 'addExclusiveFlag',
              output:
                "import uWS from 'uWebSockets.js';\nconst flags = uWS.LIBUS_LISTEN_DEFAULT;\nuWS.App().listen(Number(process.env.PORT), uWS.LIBUS_LISTEN_EXCLUSIVE_PORT, onListen);",
            },
          ],
        },
      ],
    },
  ],
});

ts.run('no-implicit-reuse-port: uWebSockets.js overloads from type annotations', rule, {
  valid: [
    "import uWS from 'uWebSockets.js';\nexport function start(p: number, o: number) {\n  uWS.App().listen(p, o, () => {});\n}",
  ],
  invalid: [
    hostPortCase(
      "import uWS from 'uWebSockets.js';\nexport function start(h: string, p: number) {\n  uWS.App().listen(h, p, onListen);\n}",
      'h, p, onListen',
    ),
  ],
});

// ---------------------------------------------------------------------------------------------
// Libraries that turn sharing on by themselves (LIBRARY_BINDS): Elysia passes `reusePort: true`
// to Bun.serve unless told otherwise; hyper-express binds through uWebSockets.js without the
// exclusive flag unless the Server has `exclusive_port: true`.

js.run('no-implicit-reuse-port: Elysia and hyper-express', rule, {
  valid: [
    "import { Elysia } from 'elysia';\nnew Elysia().listen({ port: 3000, reusePort: false });",
    "import { Elysia } from 'elysia';\nnew Elysia({ serve: { reusePort: false } }).listen(3000);",
    "import { Elysia } from 'elysia';\nimport { node } from '@elysiajs/node';\nnew Elysia({ adapter: node() }).listen(3000);",
    "import { Elysia } from 'elysia';\nnew Elysia().listen(0);",
    // Options that cannot be seen.
    "import { Elysia } from 'elysia';\nexport const start = (options) => new Elysia().listen(options);",
    // A project on Elysia before 0.8.
    { code: "import { Elysia } from 'elysia';\nnew Elysia().listen(3000);", filename: projectFile({ dependencies: { elysia: '0.7.30' } }) },
    "import HyperExpress from 'hyper-express';\nnew HyperExpress.Server({ exclusive_port: true }).listen(8080);",
    "import { Server } from 'hyper-express';\nnew Server().listen(0);",
    "import { Server } from 'hyper-express';\nnew Server().listen('/tmp/app.sock');",
    "import { Server } from 'hyper-express';\nexport const start = (options) => new Server(options).listen(8080);",
  ],
  invalid: [
    {
      code: "import { Elysia } from 'elysia';\nnew Elysia().get('/', () => 'hi').listen(3000);",
      errors: [
        {
          messageId: 'elysiaListen',
          data: bun,
          line: 2,
          column: 35,
          endLine: 2,
          endColumn: 41,
          suggestions: [
            {
              messageId: 'addReusePortFalse',
              output: "import { Elysia } from 'elysia';\nnew Elysia().get('/', () => 'hi').listen({ port: 3000, reusePort: false });",
            },
          ],
        },
      ],
    },
    {
      code: "import { Elysia } from 'elysia';\nconst app = new Elysia({ prefix: '/api' });\napp.listen({ port: 3000, hostname: '0.0.0.0' });",
      errors: [
        {
          messageId: 'elysiaListen',
          data: bun,
          line: 3,
          column: 5,
          endLine: 3,
          endColumn: 11,
          suggestions: [
            {
              messageId: 'addReusePortFalse',
              output:
                "import { Elysia } from 'elysia';\nconst app = new Elysia({ prefix: '/api' });\napp.listen({ port: 3000, hostname: '0.0.0.0', reusePort: false });",
            },
          ],
        },
      ],
    },
    {
      code: "import HyperExpress from 'hyper-express';\nnew HyperExpress.Server().listen(8080);",
      errors: [
        {
          messageId: 'hyperExpressListen',
          data: uws,
          line: 2,
          column: 27,
          endLine: 2,
          endColumn: 33,
          suggestions: [
            {
              messageId: 'addExclusivePort',
              output: "import HyperExpress from 'hyper-express';\nnew HyperExpress.Server({ exclusive_port: true }).listen(8080);",
            },
          ],
        },
      ],
    },
    {
      code: "const { Server } = require('hyper-express');\nconst server = new Server({ max_body_length: 1024 });\nserver.listen(8080);",
      errors: [
        {
          messageId: 'hyperExpressListen',
          data: uws,
          line: 3,
          column: 8,
          endLine: 3,
          endColumn: 14,
          suggestions: [
            {
              messageId: 'addExclusivePort',
              output:
                "const { Server } = require('hyper-express');\nconst server = new Server({ max_body_length: 1024, exclusive_port: true });\nserver.listen(8080);",
            },
          ],
        },
      ],
    },
    {
      // A custom host: hyper-express refuses exclusive_port there, so no edit.
      code: "import { Server } from 'hyper-express';\nnew Server().listen(8080, '0.0.0.0');",
      errors: [{ messageId: 'hyperExpressListen', data: uws, line: 2, column: 14, endLine: 2, endColumn: 20, suggestions: [] }],
    },
  ],
});
