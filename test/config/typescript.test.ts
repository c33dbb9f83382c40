// TypeScript files with nothing but the plugin's config: ESLint finds .ts/.tsx/.mts/.cts files
// (lintFiles on a project folder, so its file matching is what is tested) and parses them; and a
// typescript-eslint setup with type information keeps working whichever comes first in the array.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../../index.js';

let scratch: string;

beforeAll(() => {
  scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'exclusive-bind-ts-config-')));
});

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

function project(name: string, files: Record<string, string>): string {
  const dir = path.join(scratch, name);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

interface Report {
  file: string;
  ruleId: string | null;
  messageId?: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** Every message of `eslint .` in `cwd`, warnings about skipped files and parse errors included. */
async function lintProject(cwd: string, config: Linter.Config[]): Promise<{ files: string[]; reports: Report[] }> {
  const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: config });
  const results = await eslint.lintFiles(['.']);
  const reports = results.flatMap((result) =>
    result.messages.map((m) => ({
      file: path.relative(cwd, result.filePath),
      ruleId: m.ruleId,
      ...(m.messageId ? { messageId: m.messageId } : { message: m.message }),
      line: m.line,
      column: m.column,
      endLine: m.endLine,
      endColumn: m.endColumn,
    })),
  );
  const files = results.map((r) => path.relative(cwd, r.filePath)).sort();
  return { files, reports: reports.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || String(a.ruleId).localeCompare(String(b.ruleId))) };
}

const reusePort = (file: string, line: number, column: number, endColumn: number): Report => ({
  file,
  ruleId: 'exclusive-bind/no-reuse-port',
  messageId: 'reusePort',
  line,
  column,
  endLine: line,
  endColumn,
});

describe('a TypeScript project with only the plugin config', () => {
  let dir: string;
  beforeAll(() => {
    // Each file has syntax that only a TypeScript parser reads: a type annotation, JSX in .tsx,
    // `import x = require()` in .cts.
    dir = project('plain', {
      'src/server.ts': "import http from 'node:http';\n\nconst port: number = 8080;\nhttp.createServer().listen({ port, reusePort: true });\n",
      'src/view.tsx':
        "import http from 'node:http';\n\nconst view = <p>{'ok'}</p>;\nconst port: number = 8080;\nhttp.createServer(() => view).listen({ port, reusePort: true });\n",
      'src/esm.mts': "import net from 'node:net';\n\nconst port = 8080 as number;\nnet.createServer().listen({ port, reusePort: true });\n",
      'src/cjs.cts': "import net = require('node:net');\n\nconst port: number = 8080;\nnet.createServer().listen({ port, reusePort: true });\n",
      'src/plain.js': "import http from 'node:http';\n\nhttp.createServer().listen({ port: 8080, reusePort: true });\n",
      'src/types.d.ts': 'export type Port = number;\n',
    });
  });

  for (const [name, config] of [
    ['recommended', plugin.configs.recommended],
    ['strict', plugin.configs.strict],
    ['all', plugin.configs.all],
  ] as const) {
    it(`${name}: every .ts, .tsx, .mts, .cts and .js file is linted and reported`, async () => {
      const { files, reports } = await lintProject(dir, config);
      expect(files).toEqual(['src/cjs.cts', 'src/esm.mts', 'src/plain.js', 'src/server.ts', 'src/types.d.ts', 'src/view.tsx']);
      expect(reports).toEqual([
        reusePort('src/cjs.cts', 4, 35, 50),
        reusePort('src/esm.mts', 4, 35, 50),
        reusePort('src/plain.js', 3, 42, 57),
        reusePort('src/server.ts', 4, 36, 51),
        reusePort('src/view.tsx', 5, 46, 61),
      ]);
    });
  }
});

describe('a project on typescript-eslint with type information', () => {
  // `ready()` is a floating promise: only a type-aware rule can tell. The project has no
  // @types/node, so node:http is declared here (otherwise the no-unsafe-* rules report its `any`).
  const files = {
    'src/node-http.d.ts':
      "declare module 'node:http' {\n  interface Server {\n    listen(options: { port: number; reusePort?: boolean }): Server;\n  }\n  const http: { createServer(): Server };\n  export default http;\n}\n",
    'tsconfig.json': `${JSON.stringify({ compilerOptions: { strict: true, target: 'es2022', module: 'nodenext', types: [], noEmit: true }, include: ['src'] })}\n`,
    'src/server.ts':
      "import http from 'node:http';\n\nasync function ready(): Promise<void> {}\n\nready();\nhttp.createServer().listen({ port: 8080, reusePort: true });\n",
  };
  const expected: Report[] = [
    { file: 'src/server.ts', ruleId: '@typescript-eslint/no-floating-promises', messageId: 'floatingVoid', line: 5, column: 1, endLine: 5, endColumn: 9 },
    reusePort('src/server.ts', 6, 42, 57),
  ];

  for (const [setup, parserOptions] of [
    ['projectService', (dir: string) => ({ projectService: true, tsconfigRootDir: dir })],
    ['project', (dir: string) => ({ project: './tsconfig.json', tsconfigRootDir: dir })],
  ] as const) {
    it(`${setup}: typescript-eslint first, then the plugin`, async () => {
      const dir = project(`typed-${setup}-first`, files);
      const config = [...tseslint.configs.recommendedTypeChecked, { languageOptions: { parserOptions: parserOptions(dir) } }, ...plugin.configs.recommended];
      expect((await lintProject(dir, config as Linter.Config[])).reports).toEqual(expected);
    });

    it(`${setup}: the plugin first, then typescript-eslint`, async () => {
      const dir = project(`typed-${setup}-last`, files);
      const config = [...plugin.configs.recommended, ...tseslint.configs.recommendedTypeChecked, { languageOptions: { parserOptions: parserOptions(dir) } }];
      expect((await lintProject(dir, config as Linter.Config[])).reports).toEqual(expected);
    });
  }
});
