// The real-world corpus (bench/corpus.json: 46 npm packages and their dependencies, every JS/TS
// file): `recommended` reports exactly the reviewed findings in bench/reviewed-findings.json and
// never crashes, and the codemods' dry run neither fails on a file that parses nor writes a file
// that does not. The corpus is installed from the npm registry on the first run (into
// .cache/bench-corpus); this test does not skip when it cannot be, it fails.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dryRun, lintCorpus, readCorpus } from '../../bench/corpus-report.mjs';
import { corpusDir, installCorpus } from '../../bench/install-corpus.mjs';
import { transformSource } from '../../codemods/engine/transform-source.js';
import { CODEMODS } from '../../codemods/index.js';
import plugin from '../../index.js';

const root = path.resolve(import.meta.dirname, '../..');
const reviewedFile = path.join(root, 'bench/reviewed-findings.json');

interface Reviewed {
  package: string;
  file: string;
  line: number;
  rule: string;
  verdict: 'true-positive' | 'false-positive';
  reason: string;
}
interface Located {
  package: string;
  file: string;
}
interface Finding extends Located {
  line: number;
  column: number;
  rule: string;
  message: string;
}
interface WithError extends Located {
  error: string;
}
interface DryRun {
  codemod: string;
  skipped: number;
  changes: unknown[];
  inputDoesNotParse: WithError[];
  errors: WithError[];
  crashes: WithError[];
  unparsableOutputs: WithError[];
}

const { packages } = JSON.parse(fs.readFileSync(path.join(root, 'bench/corpus.json'), 'utf8')) as { packages: Record<string, string> };
const reviewed = (JSON.parse(fs.readFileSync(reviewedFile, 'utf8')) as { findings: Reviewed[] }).findings;

let files: { filename: string; source: string }[] = [];
let lint: { findings: Finding[]; unparsable: WithError[]; crashes: (WithError & { rule: string | null })[] };
let dryRuns: DryRun[] = [];

const key = (f: { package: string; file: string; rule: string; line: number }) => `${f.package} ${f.file}:${f.line} ${f.rule}`;
const show = (items: object[]) => JSON.stringify(items, null, 2);

beforeAll(() => {
  try {
    installCorpus();
    files = readCorpus();
  } catch (error) {
    throw new Error(
      `The corpus could not be installed into ${path.relative(root, corpusDir)} (npm install of the packages in bench/corpus.json, ` +
        `from the npm registry). This test needs it and does not skip; fix the network or registry access, or run ` +
        `\`node bench/install-corpus.mjs\` to see npm's error.\n${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  if (!files.length) throw new Error(`The corpus in ${path.relative(root, corpusDir)} holds no JS/TS files: delete the folder and run again`);
}, 300_000);

// Linting every file is most of this test's time (a few minutes on 2 cores for about 25,000 files);
// the codemods run with their prefilters, as the CLI does (bench/corpus-report.mjs checks that the
// prefilters miss nothing).
beforeAll(() => {
  lint = lintCorpus(plugin, files, { mode: 'recommended' });
  dryRuns = Object.values(CODEMODS).map((definition) => dryRun(transformSource, definition, files));
}, 1_200_000);

describe('corpus', () => {
  it('holds files of every package in bench/corpus.json', () => {
    const present = new Set(files.map((f) => path.relative(path.join(corpusDir, 'node_modules'), f.filename).split(path.sep).slice(0, 2).join('/')));
    const missing = Object.keys(packages).filter((name) => !present.has(name) && ![...present].some((p) => p.startsWith(`${name}/`)));
    expect(missing).toEqual([]);
  });
});

describe('recommended on the corpus', () => {
  it('never crashes', () => {
    expect(lint.crashes, `rules threw on corpus files:\n${show(lint.crashes)}`).toEqual([]);
  });

  it('still reports every reviewed true positive', () => {
    const reported = new Set(lint.findings.map(key));
    const lost = reviewed.filter((r) => r.verdict === 'true-positive' && !reported.has(key(r)));
    expect(
      lost,
      `reviewed true positives no longer reported (a rule lost them; if the code moved, the finding's line changed — check it and update bench/reviewed-findings.json):\n${show(lost)}\n` +
        `findings in the same files:\n${show(lint.findings.filter((f) => lost.some((l) => l.file === f.file)))}`,
    ).toEqual([]);
  });

  it('reports no reviewed false positive', () => {
    const falsePositives = new Set(reviewed.filter((r) => r.verdict === 'false-positive').map(key));
    const back = lint.findings.filter((f) => falsePositives.has(key(f)));
    expect(back, `reviewed false positives are reported:\n${show(back)}`).toEqual([]);
  });

  it('reports nothing that has not been reviewed', () => {
    const known = new Set(reviewed.map(key));
    const fresh = lint.findings.filter((f) => !known.has(key(f)));
    const template = fresh.map((f) => ({ package: f.package, file: f.file, line: f.line, rule: f.rule, verdict: 'true-positive | false-positive', reason: `read .cache/bench-corpus/node_modules/${f.file}:${f.line}; ${f.message}` }));
    expect(
      fresh.map(key),
      `findings nobody has reviewed. Read the code at each (.cache/bench-corpus/node_modules/<file>), then add an entry to ` +
        `bench/reviewed-findings.json with the verdict and the reason (a false positive is recorded there, and fixed in the rule):\n${show(template)}`,
    ).toEqual([]);
  });
});

describe('codemods on the corpus (dry run)', () => {
  it('fail on no file that parses', () => {
    const failures = dryRuns.flatMap((run) => [...run.errors, ...run.crashes].map((e) => ({ codemod: run.codemod, ...e })));
    expect(failures, show(failures)).toEqual([]);
  });

  it('fail to parse only files the linter cannot parse either', () => {
    const unparsable = new Set(lint.unparsable.map((u) => u.file));
    const other = dryRuns.flatMap((run) => run.inputDoesNotParse.filter((e) => !unparsable.has(e.file)).map((e) => ({ codemod: run.codemod, ...e })));
    expect(other, show(other)).toEqual([]);
  });

  it('write no output that does not parse', () => {
    const outputs = dryRuns.flatMap((run) => run.unparsableOutputs.map((e) => ({ codemod: run.codemod, ...e })));
    expect(outputs, show(outputs)).toEqual([]);
  });

  it('ran every transform and the recipe', () => {
    expect(dryRuns.map((run) => run.codemod).sort()).toEqual(['all', 'exclusive-misuse', 'implicit-reuse-port', 'port-probe', 'reuse-port', 'unicast-reuse-addr']);
  });
});
