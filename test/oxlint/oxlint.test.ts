// The plugin under Oxlint's JS plugins (jsPlugins in .oxlintrc.json): Oxlint, run as a child
// process with JSON output, reports the same findings (rule, file, line, column, message) as
// ESLint's API on the same files and config. The one known difference (docs/oxlint.md, "What
// does not work") is asserted as it stands, so this file fails when Oxlint changes it.
// Needs dist/ (npm run build) and Oxlint in .cache/runtimes (npm run runtimes).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintExamples } from '../../scripts/lint-example.js';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(import.meta.dirname, 'fixtures');
const project = path.join(fixtures, 'project');
const OXLINT = path.join(root, '.cache/runtimes/oxlint/node_modules/.bin/oxlint');
const PLUGIN = path.join(root, 'dist/index.js');
const CORPUS = path.join(root, '.cache/bench-corpus');
/** Corpus files: detect-port's own probes and browser-sync's port finder (reported), node-ssdp (a multicast receiver). */
const CORPUS_FILES = [
  'node_modules/detect-port/dist/commonjs/detect-port.js',
  'node_modules/detect-port/dist/esm/detect-port.js',
  'node_modules/detect-port-alt/lib/detect-port.js',
  'node_modules/browser-sync/dist/utils.js',
  'node_modules/node-ssdp/lib/index.js',
];

type Plugin = { rules: Record<string, unknown>; configs: Record<'recommended' | 'strict' | 'all', Linter.Config[]> };

/** The rules a config turns on, across its blocks (Oxlint's config lists rules, it has no `extends`). */
const rulesOf = (config: Linter.Config[]) => Object.assign({}, ...config.map((block) => block.rules ?? {})) as Linter.RulesRecord;
type ConfigName = 'recommended' | 'strict' | 'all';
interface Finding {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  message: string;
}
interface OxlintDiagnostic {
  message: string;
  code?: string;
  filename: string;
  labels: { span: { line: number; column: number } }[];
}

const installed = fs.existsSync(OXLINT);
if (!installed && process.env.CI !== 'true') {
  console.warn(`test/oxlint skipped: Oxlint is not installed at ${path.relative(root, OXLINT)}; run \`npm run runtimes\`.`);
}

let plugin: Plugin;
let tmp: string;

beforeAll(async () => {
  if (!installed) {
    throw new Error(`CI: Oxlint is missing at ${path.relative(root, OXLINT)}; run \`npm run runtimes\` (node scripts/install-runtimes.mjs).`);
  }
  if (!fs.existsSync(PLUGIN)) throw new Error('dist/index.js is missing; run `npm run build` first.');
  plugin = (await import(PLUGIN)).default as Plugin;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'exclusive-bind-oxlint-'));
});

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const sortFindings = (findings: Finding[]) =>
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));

/** An .oxlintrc.json for a plugin config, Oxlint's own rules off; written to a temp folder. */
function oxlintConfig(name: ConfigName, extra: { settings?: Record<string, unknown>; jsPlugins?: string[]; rules?: object } = {}): string {
  const config = {
    categories: { correctness: 'off' },
    jsPlugins: extra.jsPlugins ?? [PLUGIN],
    settings: extra.settings ?? {},
    rules: extra.rules ?? rulesOf(plugin.configs[name]),
  };
  const file = path.join(fs.mkdtempSync(path.join(tmp, 'config-')), '.oxlintrc.json');
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/** Runs Oxlint with JSON output; every diagnostic, the plugin's own first. */
function runOxlint(cwd: string, config: string, targets: string[], extraArgs: string[] = []): OxlintDiagnostic[] {
  const result = spawnSync(OXLINT, ['-c', config, '-f', 'json', '--disable-nested-config', ...extraArgs, ...targets], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (result.error) throw result.error;
  // 0: nothing found, 1: findings. Anything else (bad config, plugin failed to load) is a failure.
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`oxlint exited ${result.status}\n${result.stdout}\n${result.stderr}`);
  }
  const start = result.stdout.indexOf('{');
  if (start < 0) throw new Error(`oxlint printed no JSON\n${result.stdout}\n${result.stderr}`);
  return (JSON.parse(result.stdout.slice(start)) as { diagnostics: OxlintDiagnostic[] }).diagnostics;
}

/** The plugin's findings in Oxlint's output; fails on diagnostics without a rule (a plugin crash, a parse error). */
function oxlintFindings(cwd: string, config: string, targets: string[]): Finding[] {
  const diagnostics = runOxlint(cwd, config, targets);
  const errors = diagnostics.filter((d) => !d.code);
  expect(errors.map((d) => `${d.filename}: ${d.message}`)).toEqual([]);
  return sortFindings(
    diagnostics
      .filter((d) => d.code!.startsWith('exclusive-bind('))
      .map((d) => ({
        ruleId: d.code!.replace(/^exclusive-bind\((.*)\)$/, 'exclusive-bind/$1'),
        file: path.relative(cwd, path.resolve(cwd, d.filename)),
        line: d.labels[0]!.span.line,
        column: d.labels[0]!.span.column,
        message: d.message,
      })),
  );
}

function toFindings(cwd: string, results: ESLint.LintResult[]): Finding[] {
  return sortFindings(
    results.flatMap((result) =>
      result.messages.map((m) => {
        if (!m.ruleId) throw new Error(`ESLint: ${result.filePath}: ${m.message}`);
        return { ruleId: m.ruleId, file: path.relative(cwd, result.filePath), line: m.line, column: m.column, message: m.message };
      }),
    ),
  );
}

/** ESLint's findings on the fixture project: the plugin config (it parses .ts itself). */
async function eslintFindings(cwd: string, name: ConfigName, settings: Record<string, unknown> = {}): Promise<Finding[]> {
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [
      ...plugin.configs[name],
      { settings },
    ],
  });
  return toFindings(cwd, await eslint.lintFiles(['.']));
}

describe.skipIf(!installed && process.env.CI !== 'true')('Oxlint runs the plugin (jsPlugins)', () => {
  it('examples/: the same 10 findings as ESLint, with the config from docs/oxlint.md', async () => {
    const examples = path.join(root, 'examples');
    const expected = toFindings(examples, await lintExamples());
    expect(expected).toHaveLength(10);
    // The documented config, as checked in: the package name as the jsPlugins specifier.
    const config = path.join(fixtures, 'recommended.oxlintrc.json');
    expect(oxlintFindings(examples, config, ['.'])).toEqual(expected);
  });

  it('the documented config is the recommended config, and docs/oxlint.md shows it', () => {
    const config = JSON.parse(fs.readFileSync(path.join(fixtures, 'recommended.oxlintrc.json'), 'utf8'));
    expect(config).toEqual({ jsPlugins: ['eslint-plugin-exclusive-bind'], rules: rulesOf(plugin.configs.recommended) });
    const docs = fs.readFileSync(path.join(root, 'docs/oxlint.md'), 'utf8');
    const snippet = /```jsonc?\n([\s\S]*?)```/.exec(docs)?.[1];
    expect(snippet && JSON.parse(snippet)).toEqual(config);
  });

  for (const name of ['recommended', 'strict', 'all'] as const) {
    it(`fixtures (.js, .cjs, .mjs, .ts): the same findings as ESLint with the ${name} config`, async () => {
      const expected = await eslintFindings(project, name);
      expect(expected.length).toBeGreaterThanOrEqual(8);
      expect(oxlintFindings(project, oxlintConfig(name), ['.'])).toEqual(expected);
    });
  }

  it('settings and rule options reach the rules: messages for the targeted platforms only', async () => {
    const settings = { 'exclusive-bind': { platforms: ['linux', 'darwin'], node: '>=22.12' } };
    const expected = await eslintFindings(project, 'strict', settings);
    const unrestricted = await eslintFindings(project, 'strict');
    // The settings change the messages (no Windows, no "Node < 22.12: ignored").
    expect(expected.map((f) => f.message)).not.toEqual(unrestricted.map((f) => f.message));
    expect(oxlintFindings(project, oxlintConfig('strict', { settings }), ['.'])).toEqual(expected);
  });
});

describe.skipIf(!installed && process.env.CI !== 'true')('Oxlint: sourceType differs (docs/oxlint.md)', () => {
  const gateway = path.join(project, 'gap/gateway.js');

  it('context.languageOptions.sourceType: Oxlint derives it from the syntax ("script"), ESLint from config ("module")', async () => {
    const probe = path.join(fixtures, 'source-type-probe.mjs');
    const files = ['gap/gateway.js', 'src/port-finder.js', 'src/probe.cjs', 'src/platforms.mjs', 'src/native.ts'];
    const config = oxlintConfig('recommended', { jsPlugins: [probe], rules: { 'source-type-probe/source-type': 'error' } });
    const oxlint = Object.fromEntries(runOxlint(project, config, files).map((d) => [d.filename, d.message]));

    const probePlugin = (await import(probe)).default as ESLint.Plugin;
    const eslint = new ESLint({
      cwd: project,
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser as Linter.Parser } },
        { plugins: { 'source-type-probe': probePlugin }, rules: { 'source-type-probe/source-type': 'error' } },
      ],
    });
    const eslintResults = Object.fromEntries(
      toFindings(project, await eslint.lintFiles(files)).map((f) => [f.file, f.message]),
    );

    expect(eslintResults).toEqual({
      'gap/gateway.js': 'sourceType=module',
      'src/port-finder.js': 'sourceType=module',
      'src/probe.cjs': 'sourceType=commonjs',
      'src/platforms.mjs': 'sourceType=module',
      'src/native.ts': 'sourceType=module',
    });
    expect(oxlint).toEqual({
      // No import/export syntax: "script", though the package is "type": "module".
      'gap/gateway.js': 'sourceType=script',
      'src/port-finder.js': 'sourceType=script',
      // The same as ESLint:
      'src/probe.cjs': 'sourceType=commonjs',
      'src/platforms.mjs': 'sourceType=module',
      'src/native.ts': 'sourceType=module',
    });
  });

  it('yet a suggestion that adds an import writes the same import under both (the rules follow the file and its package)', async () => {
    // ESLint: the first suggestion, applied.
    const linter = new Linter();
    const source = fs.readFileSync(gateway, 'utf8');
    const [message] = linter.verify(source, plugin.configs.recommended, { filename: gateway });
    expect(message?.ruleId).toBe('exclusive-bind/no-implicit-reuse-port');
    const fix = message!.suggestions![0]!.fix;
    const eslintOutput = source.slice(0, fix.range[0]) + fix.text + source.slice(fix.range[1]);
    // The package is "type": "module": an ES import.
    expect(eslintOutput).toContain("import { LIBUS_LISTEN_EXCLUSIVE_PORT } from 'uWebSockets.js'\n");

    // Oxlint: --fix-suggestions applies the first suggestion, on a copy in the same kind of package.
    const dir = fs.mkdtempSync(path.join(tmp, 'gap-'));
    fs.writeFileSync(path.join(dir, 'package.json'), fs.readFileSync(path.join(project, 'package.json')));
    fs.writeFileSync(path.join(dir, 'gateway.js'), source);
    runOxlint(dir, oxlintConfig('recommended'), ['gateway.js'], ['--fix-suggestions']);
    expect(fs.readFileSync(path.join(dir, 'gateway.js'), 'utf8')).toBe(eslintOutput);
  });
});

// Real corpus files: only in the corpus project (npm run test:corpus sets CORPUS_RUN and installs
// the corpus), so that npm test needs no corpus and nothing here is ever skipped.
if (process.env.CORPUS_RUN === '1') {
  describe('Oxlint on the real-world corpus', () => {
    it('real corpus files (detect-port, browser-sync, node-ssdp): the same findings as ESLint', () => {
      // npm run test:corpus installs the corpus first; nothing is skipped without it.
      if (!fs.existsSync(CORPUS)) throw new Error(`${CORPUS} is missing: run npm run corpus`);
      // Same setup as bench/lint-cost.mjs: node_modules not ignored, the corpus's inline config off.
      const linter = new Linter({ cwd: CORPUS });
      const config: Linter.Config[] = [
        { ignores: ['!**/node_modules/'] },
        { files: ['**/*.{js,cjs,mjs}'], linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } },
        ...plugin.configs.strict,
      ];
      const expected = sortFindings(
        CORPUS_FILES.flatMap((file) => {
          const filename = path.join(CORPUS, file);
          return linter.verify(fs.readFileSync(filename, 'utf8'), config, { filename }).map((m) => {
            if (!m.ruleId) throw new Error(`ESLint: ${file}: ${m.message}`);
            return { ruleId: m.ruleId, file, line: m.line, column: m.column, message: m.message };
          });
        }),
      );
      expect(expected.map((f) => f.ruleId)).toContain('exclusive-bind/no-port-probe');
      expect(expected.length).toBeGreaterThanOrEqual(4);
      // node-ssdp keeps its sockets in `this.sockets[ip]` and joins the group on each one it reads
      // back through `Object.keys(this.sockets)`: a multicast receiver, quiet even under strict.
      expect(expected.filter((f) => f.file.includes('node-ssdp'))).toEqual([]);
      expect(oxlintFindings(CORPUS, oxlintConfig('strict'), CORPUS_FILES)).toEqual(expected);
    });
  });
}
