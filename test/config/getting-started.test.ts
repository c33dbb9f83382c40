// The three smallest configs in docs/getting-started.md (a JavaScript project, a TypeScript
// project, a project already on typescript-eslint), each as the eslint.config.js of a sample app,
// linted the way `npx eslint src` does: config file lookup and file matching included.
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { linkedApp } from '../support/linked-app.js';

const docs = fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/getting-started.md'), 'utf8');

/** The ```js block whose first line is `label`. */
function configBlock(label: string): string {
  const block = [...docs.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!).find((code) => code.startsWith(`${label}\n`));
  if (!block) throw new Error(`docs/getting-started.md has no js block starting with "${label}"`);
  return block;
}

const serverJs = "import http from 'node:http';\n\nhttp.createServer().listen({ port: 8080, reusePort: true });\n";
// `ready()` floats: only typescript-eslint's type-aware no-floating-promises reports it.
const serverTs = "import http from 'node:http';\n\nasync function ready(): Promise<void> {}\n\nready();\nconst port: number = 8080;\nhttp.createServer().listen({ port, reusePort: true });\n";
// No @types/node in the app: node:http declared, so that the no-unsafe-* rules stay quiet.
const nodeHttp =
  "declare module 'node:http' {\n  interface Server {\n    listen(options: { port: number; reusePort?: boolean }): Server;\n  }\n  const http: { createServer(): Server };\n  export default http;\n}\n";
const tsconfig = `${JSON.stringify({ compilerOptions: { strict: true, target: 'es2022', module: 'nodenext', types: [], noEmit: true }, include: ['src'] })}\n`;

const apps: string[] = [];
afterAll(() => {
  for (const app of apps) fs.rmSync(app, { recursive: true, force: true });
});

async function lintApp(config: string, files: Record<string, string>) {
  const app = linkedApp('exclusive-bind-getting-started-', { 'eslint.config.js': config, 'package.json': '{ "type": "module" }\n', ...files }, ['eslint', 'typescript-eslint']);
  apps.push(app);
  const results = await new ESLint({ cwd: app }).lintFiles(['src']);
  return results
    .flatMap((r) => r.messages.map((m) => ({ file: path.relative(app, r.filePath), ruleId: m.ruleId, line: m.line, column: m.column, ...(m.ruleId ? {} : { message: m.message }) })))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

const reusePort = (file: string, line: number, column: number) => ({ file, ruleId: 'exclusive-bind/no-reuse-port', line, column });

describe('docs/getting-started.md configs', () => {
  it('a JavaScript project', async () => {
    expect(await lintApp(configBlock('// eslint.config.js'), { 'src/server.js': serverJs })).toEqual([reusePort('src/server.js', 3, 42)]);
  });

  it('a TypeScript project: .ts files are linted with nothing else configured', async () => {
    const reports = await lintApp(configBlock('// eslint.config.js: a TypeScript project'), { 'src/server.ts': serverTs, 'src/server.js': serverJs });
    expect(reports).toEqual([reusePort('src/server.js', 3, 42), reusePort('src/server.ts', 7, 36)]);
  });

  it('a project already on typescript-eslint: its type-aware rules and the plugin both report', async () => {
    const reports = await lintApp(configBlock('// eslint.config.js: a project already on typescript-eslint'), {
      'tsconfig.json': tsconfig,
      'src/node-http.d.ts': nodeHttp,
      'src/server.ts': serverTs,
    });
    expect(reports).toEqual([
      { file: 'src/server.ts', ruleId: '@typescript-eslint/no-floating-promises', line: 5, column: 1 },
      reusePort('src/server.ts', 7, 36),
    ]);
  });
});
