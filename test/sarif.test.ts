// docs/ci.md: ESLint's SARIF formatter (@microsoft/eslint-formatter-sarif) run with the command
// the page shows, on the bundled examples/ project. Every finding of this plugin arrives as a SARIF
// result with our rule id, and the run's rule list links each rule to its docs page.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../index.js';
import { REPOSITORY_URL } from '../core/rule-creator.js';

const root = path.resolve(import.meta.dirname, '..');
const examples = path.join(root, 'examples');
const page = fs.readFileSync(path.join(root, 'docs/ci.md'), 'utf8');
const COMMAND = 'npx eslint . --format @microsoft/eslint-formatter-sarif --output-file eslint-results.sarif';

interface SarifRule {
  id: string;
  helpUri: string;
  shortDescription?: { text: string };
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
  suppressions?: { kind: string; justification: string }[];
}

let tmp: string;
let sarif: { version: string; runs: { tool: { driver: { name: string; rules: SarifRule[] } }; results: SarifResult[] }[] };
let expected: ESLint.LintResult[];

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'eb-sarif-'));
  const output = path.join(tmp, 'eslint-results.sarif');
  // The page's command, with the output file moved out of the repository; `npx` finds the
  // repository's ESLint and formatter.
  const args = COMMAND.split(' ').slice(1).map((arg) => (arg === 'eslint-results.sarif' ? output : arg));
  const run = spawnSync('npx', ['--no-install', ...args], { cwd: examples, encoding: 'utf8' });
  // ESLint exits 1 because the examples have findings; 2 would be a crash or a bad formatter.
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(1);
  sarif = JSON.parse(fs.readFileSync(output, 'utf8'));
  // The same lint through ESLint's API, to compare with.
  expected = await new ESLint({ cwd: examples }).lintFiles(['.']);
}, 120_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('SARIF output (docs/ci.md)', () => {
  it('is the command docs/ci.md shows', () => {
    expect(page).toContain(COMMAND);
    expect(page).toContain('npm install --save-dev @microsoft/eslint-formatter-sarif');
  });

  it('carries every finding with our rule id, message and location', () => {
    const want = expected.flatMap((r) =>
      r.messages.map((m) => ({ ruleId: m.ruleId, text: m.message, uri: pathToFileURL(r.filePath).href, line: m.line, column: m.column })),
    );
    expect(want.length).toBeGreaterThan(0);
    expect(want.every((w) => w.ruleId?.startsWith('exclusive-bind/'))).toBe(true);
    const results = sarif.runs[0]!.results.filter((r) => !r.suppressions?.length);
    const got = results.map((r) => ({
      ruleId: r.ruleId,
      text: r.message.text,
      uri: r.locations[0]!.physicalLocation.artifactLocation.uri,
      line: r.locations[0]!.physicalLocation.region.startLine,
      column: r.locations[0]!.physicalLocation.region.startColumn,
    }));
    const order = (a: { uri: string; line: number; column: number }, b: { uri: string; line: number; column: number }) =>
      a.uri.localeCompare(b.uri) || a.line - b.line || a.column - b.column;
    expect(got.sort(order)).toEqual(want.sort(order));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.tool.driver.name).toBe('ESLint');
  });

  it("lists each reporting rule with its description and its docs page as helpUri", () => {
    const rules = sarif.runs[0]!.tool.driver.rules;
    const reported = [...new Set(sarif.runs[0]!.results.map((r) => r.ruleId))].sort();
    expect(rules.map((r) => r.id).sort()).toEqual(reported);
    expect(reported.length).toBeGreaterThan(2);
    for (const rule of rules) {
      const name = rule.id.replace(/^exclusive-bind\//, '');
      const meta = plugin.rules[name as keyof typeof plugin.rules].meta!;
      expect(rule.helpUri).toBe(meta.docs!.url);
      expect(rule.helpUri).toBe(`${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`);
      expect(fs.existsSync(path.join(root, 'docs/rules', `${name}.md`))).toBe(true);
      expect(rule.shortDescription?.text).toBe(meta.docs!.description);
    }
    for (const result of sarif.runs[0]!.results) expect(rules[result.ruleIndex]!.id).toBe(result.ruleId);
  });

  it('lists a finding silenced with eslint-disable as suppressed, the reason as its justification', async () => {
    const eslint = new ESLint({ cwd: examples });
    const code = `import net from 'node:net';
// eslint-disable-next-line exclusive-bind/no-reuse-port -- the workers share this port on purpose
net.createServer().listen({ port: 3000, reusePort: true });
`;
    const results = await eslint.lintText(code, { filePath: path.join(examples, 'src/shared-port.js') });
    const formatter = await eslint.loadFormatter('@microsoft/eslint-formatter-sarif');
    const log = JSON.parse(await formatter.format(results)) as typeof sarif;
    expect(log.runs[0]!.results.map((r) => ({ ruleId: r.ruleId, line: r.locations[0]!.physicalLocation.region.startLine, suppressions: r.suppressions }))).toEqual([
      { ruleId: 'exclusive-bind/no-reuse-port', line: 3, suppressions: [{ kind: 'inSource', justification: 'the workers share this port on purpose' }] },
    ]);
  });
});

describe("the codemods' JSON report (docs/ci.md)", () => {
  it('has exactly the fields the page lists, from the command the page shows', () => {
    const command = 'npx exclusive-bind-codemod all . --dry --json > codemod-report.json';
    expect(page).toContain(command);
    const cli = path.join(root, 'dist/codemods/cli.js');
    if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
    const run = spawnSync(process.execPath, [cli, 'all', '.', '--dry', '--json'], { cwd: examples, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    const table = page.split("## The codemods' report in CI")[1]!.split('\n\n').find((block) => block.startsWith('| field |'))!;
    const fields = table
      .split('\n')
      .slice(2)
      .flatMap((row) => [...row.split(' | ')[0]!.matchAll(/`(\w+)`/g)].map((m) => m[1]!));
    expect(fields.sort()).toEqual(Object.keys(report).sort());
    // The examples have rewrites and review items: the page's gate would fail the job.
    expect((report.changed as unknown[]).length).toBeGreaterThan(0);
    expect((report.review as unknown[]).length).toBeGreaterThan(0);
  }, 60_000);
});
