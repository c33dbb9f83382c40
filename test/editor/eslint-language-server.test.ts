// The plugin inside the editor: the VS Code ESLint language server (vscode-eslint-language-server,
// from vscode-langservers-extracted) driven over LSP, as VS Code drives it, on a sample app that
// uses the built plugin with nothing but its recommended config. One server for the whole file,
// as an editor keeps one for hours.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EslintLanguageServer, type Diagnostic } from '../support/eslint-language-server.js';
import { linkedApp } from '../support/linked-app.js';

const manifest = (engines: string) => `${JSON.stringify({ name: 'editor-app', private: true, type: 'module', engines: { node: engines } }, null, 2)}\n`;
const serverJs = "import http from 'node:http';\n\nconst server = http.createServer((req, res) => res.end('ok'));\nserver.listen({ port: 8080, reusePort: true });\n";
const workerTs = "import http from 'node:http';\n\nconst port: number = Number(process.env.PORT);\nhttp.createServer().listen({ port, reusePort: true });\n";

let app: string;
let server: EslintLanguageServer;
let jsUri: string;
let tsUri: string;
let cliBefore: Promise<Record<string, string[]>>;

/**
 * `eslint src --format json` in a process of its own: what a CLI run says about the app right now.
 * Started next to the server's work (both take a second or two), awaited where compared.
 */
async function cliMessages(): Promise<Record<string, string[]>> {
  const eslintBin = path.join(app, 'node_modules/eslint/bin/eslint.js');
  // Exit code 1 (findings) rejects; its stdout is the report all the same.
  const stdout = await promisify(execFile)(process.execPath, [eslintBin, 'src', '--format', 'json'], { cwd: app }).then(
    (result) => result.stdout,
    (error: { stdout?: string }) => error.stdout ?? '',
  );
  const results = JSON.parse(stdout) as { filePath: string; messages: { message: string }[] }[];
  return Object.fromEntries(results.map((r) => [path.relative(app, r.filePath), r.messages.map((m) => m.message)]));
}

/** The diagnostic fields an editor shows. */
async function pull(uri: string): Promise<Pick<Diagnostic, 'code' | 'source' | 'severity' | 'range' | 'message'>[]> {
  const diagnostics = await server.diagnostics(uri);
  return diagnostics.map(({ code, source, severity, range, message }) => ({ code, source, severity, range, message }));
}

const range = (line: number, start: number, end: number) => ({ start: { line, character: start }, end: { line, character: end } });

beforeAll(async () => {
  app = linkedApp('exclusive-bind-editor-', {
    'package.json': manifest('>=20'),
    'eslint.config.js': "import exclusiveBind from 'eslint-plugin-exclusive-bind';\n\nexport default [...exclusiveBind.configs.recommended];\n",
    'src/server.js': serverJs,
    'src/worker.ts': workerTs,
  });
  cliBefore = cliMessages();
  server = await EslintLanguageServer.start(app);
  jsUri = server.open(path.join(app, 'src/server.js'), 'javascript', serverJs);
  tsUri = server.open(path.join(app, 'src/worker.ts'), 'typescript', workerTs);
});

afterAll(async () => {
  await server?.stop();
  if (app) fs.rmSync(app, { recursive: true, force: true });
});

describe('the VS Code ESLint language server with the plugin', () => {
  it('reports reusePort in a .js and a .ts file, with the CLI message and the property as the range', async () => {
    const js = await pull(jsUri);
    const ts = await pull(tsUri);
    const cli = await cliBefore;
    expect({ js, ts }, server.log.join('\n')).toEqual({
      js: [{ code: 'exclusive-bind/no-reuse-port', source: 'eslint', severity: 1, range: range(3, 28, 43), message: cli['src/server.js']![0] }],
      ts: [{ code: 'exclusive-bind/no-reuse-port', source: 'eslint', severity: 1, range: range(3, 35, 50), message: cli['src/worker.ts']![0] }],
    });
    // engines.node ">=20" includes the Node versions that ignore Node's reusePort.
    expect(ts[0]!.message).toContain('Node < 22.12 and 23.0: ignored');
  });

  it('offers both suggestions as code actions, next to the disable and documentation actions', async () => {
    const [diagnostic] = await server.diagnostics(jsUri);
    const actions = await server.codeActions(jsUri, diagnostic!);
    expect(actions.map((a) => a.title)).toEqual([
      'Remove `reusePort`. (exclusive-bind/no-reuse-port)',
      'Bind with `listenExclusive()` from exclusive-bind. (exclusive-bind/no-reuse-port)',
      'Disable exclusive-bind/no-reuse-port for this line',
      'Disable exclusive-bind/no-reuse-port for the entire file',
      'Show documentation for exclusive-bind/no-reuse-port',
    ]);
    expect(actions.slice(0, 2).map((a) => a.command?.command)).toEqual(['eslint.applySuggestion', 'eslint.applySuggestion']);
  });

  it('applies a suggestion through the server (executeCommand, then its applyEdit), and the finding is gone', async () => {
    const [diagnostic] = await server.diagnostics(jsUri);
    const [remove] = await server.codeActions(jsUri, diagnostic!);
    await server.execute(remove!.command!);
    expect(server.text(jsUri)).toBe("import http from 'node:http';\n\nconst server = http.createServer((req, res) => res.end('ok'));\nserver.listen({ port: 8080 });\n");
    expect(await pull(jsUri)).toEqual([]);
  });

  it('sees a package.json change after workspace/didChangeWatchedFiles, without a restart', async () => {
    const before = (await pull(tsUri))[0]!.message;
    // Node >= 24 always honours reusePort: the message no longer names older Node versions.
    fs.writeFileSync(path.join(app, 'package.json'), manifest('>=24'));
    const cliAfter = cliMessages();
    await server.changedOnDisk(path.join(app, 'package.json'));
    const after = await pull(tsUri);
    const cli = await cliAfter;
    expect(cli['src/worker.ts']![0]).not.toContain('Node < 22.12');
    expect(after.map((d) => d.message), server.log.join('\n')).toEqual(cli['src/worker.ts']);
    expect(after[0]!.message).not.toBe(before);
  });
});
