#!/usr/bin/env node
// The plugin and the codemods on the real corpus (bench/corpus.json, every JS/TS file):
//   lint      the `all` config and, in the same parse under a second plugin namespace, the
//             `recommended` config: findings per rule and per config, files that do not parse,
//             crashes (a rule that throws; caught per file, then rule by rule)
//   codemods  every transform and the `all` recipe in dry run through transformSource: changes,
//             review items, errors (files that do not parse apart), crashes, and every changed
//             output parsed again on its own with @typescript-eslint/parser
//   prefilter the `all` recipe once more without its prefilter: a finding in a file the
//             prefilter skipped would be one the codemods miss; and every rule of `all` once
//             more without its text filter: a finding the filtered run lacks would be one the
//             lint misses
// Writes bench/CORPUS-REPORT.md; `--json` prints the full result to stdout; `--no-write` skips
// the Markdown. Needs `npm run build` (uses dist/). test/corpus/corpus.test.ts uses the exported
// functions with the sources.
//   node bench/corpus-report.mjs [--json] [--no-write] [--skip-prefilter-check]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { corpusDir, corpusFiles, installCorpus } from './install-corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nodeModules = path.join(corpusDir, 'node_modules');

/** `a/node_modules/@s/b/lib/x.js` → package `@s/b` (the innermost), file relative to node_modules. */
export function locate(filename) {
  const file = path.relative(nodeModules, filename).split(path.sep).join('/');
  const parts = file.split('/');
  let start = 0;
  for (let i = 0; i < parts.length; i++) if (parts[i] === 'node_modules') start = i + 1;
  const pkg = parts[start]?.startsWith('@') ? `${parts[start]}/${parts[start + 1]}` : parts[start];
  return { package: pkg, file };
}

/**
 * The corpus lives in node_modules: lift ESLint's default ignore for it. JavaScript keeps ESLint's
 * defaults (espree; .js/.mjs modules, .cjs CommonJS) plus JSX for .jsx, which ESLint does not lint
 * by default; TypeScript gets @typescript-eslint/parser. The corpus's own /* eslint *\/ comments
 * are ignored.
 */
export function baseConfig() {
  return [
    { ignores: ['!**/node_modules/'] },
    { files: ['**/*.{js,mjs,cjs,jsx}'], languageOptions: { ecmaVersion: 'latest' } },
    { files: ['**/*.jsx'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
    { files: ['**/*.{ts,mts,cts,tsx}'], languageOptions: { parser: tsParser } },
    { files: ['**/*.cts'], languageOptions: { sourceType: 'commonjs' } },
    { files: ['**/*.tsx'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
    { linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } },
  ];
}

/** Prefix under which the second copy of the plugin runs the `recommended` rules. */
const REC = 'recommended-copy';

/**
 * Lint configs: `recommended` alone, or `both` (the `all` config plus `recommended` under a second
 * namespace, one parse per file; the rules keep no state between files or instances).
 */
export function lintConfigs(plugin, mode) {
  const recommended = plugin.configs.recommended;
  if (mode === 'recommended') return [...baseConfig(), ...recommended];
  const recommendedRules = Object.assign({}, ...recommended.map((block) => block.rules ?? {}));
  const renamed = Object.fromEntries(Object.entries(recommendedRules).map(([rule, entry]) => [rule.replace(/^exclusive-bind\//, `${REC}/`), entry]));
  return [...baseConfig(), ...plugin.configs.all, { plugins: { [REC]: plugin }, rules: renamed }];
}

/** Only the given rules of a config list (for attributing a crash to its rule). */
function onlyRule(configs, ruleId) {
  return configs.map((config) => (config.rules ? { ...config, rules: Object.fromEntries(Object.entries(config.rules).filter(([id]) => id === ruleId)) } : config));
}

function toFinding(where, message) {
  let rule = message.ruleId;
  let config = 'all';
  if (rule.startsWith(`${REC}/`)) {
    rule = rule.replace(`${REC}/`, 'exclusive-bind/');
    config = 'recommended';
  }
  const suggestions = (message.suggestions ?? []).map((s) => ({ desc: s.desc, fix: s.fix }));
  return { ...where, line: message.line, column: message.column, rule, config, message: message.message, suggestions };
}

/**
 * Lints one file. Returns findings (each tagged with the config that reported it), `unparsable`
 * (the parser's message) or `crashes` (rule id and error; the other rules' findings are kept).
 */
export function lintFile(linter, configs, source, filename) {
  const where = locate(filename);
  const collect = (messages) => {
    const unlinted = messages.find((m) => m.ruleId === null && !m.fatal && /matching configuration|ignored/i.test(m.message));
    if (unlinted) throw new Error(`not linted: ${where.file}: ${unlinted.message}`);
    const fatal = messages.find((m) => m.fatal);
    if (fatal) return { findings: [], unparsable: `${fatal.line}:${fatal.column} ${fatal.message}` };
    return { findings: messages.filter((m) => m.ruleId).map((m) => toFinding(where, m)) };
  };
  try {
    return collect(linter.verify(source, configs, { filename }));
  } catch (error) {
    if (String(error?.message).startsWith('not linted')) throw error;
    // A rule threw: run each rule alone to name it and keep the others' findings.
    const ruleIds = [...new Set(configs.flatMap((config) => Object.keys(config.rules ?? {})))];
    const findings = [];
    const crashes = [];
    for (const ruleId of ruleIds) {
      try {
        const result = collect(linter.verify(source, onlyRule(configs, ruleId), { filename }));
        findings.push(...result.findings);
      } catch (ruleError) {
        crashes.push({ ...where, rule: ruleId.replace(`${REC}/`, 'exclusive-bind/'), error: String(ruleError?.stack ?? ruleError).split('\n').slice(0, 4).join('\n') });
      }
    }
    if (!crashes.length) crashes.push({ ...where, rule: null, error: String(error?.stack ?? error).split('\n').slice(0, 4).join('\n') });
    return { findings, crashes };
  }
}

/** Reads the corpus: every JS/TS file (not .d.ts) with its text. */
export function readCorpus() {
  return corpusFiles().map((filename) => ({ filename, source: fs.readFileSync(filename, 'utf8') }));
}

/** Lints every file; `mode` is 'recommended' or 'both'. */
export function lintCorpus(plugin, files, { mode = 'both', onProgress } = {}) {
  const linter = new Linter({ cwd: corpusDir });
  const configs = lintConfigs(plugin, mode);
  const result = { findings: [], unparsable: [], crashes: [] };
  files.forEach(({ filename, source }, index) => {
    const file = lintFile(linter, configs, source, filename);
    result.findings.push(...file.findings);
    if (file.unparsable) result.unparsable.push({ ...locate(filename), error: file.unparsable });
    if (file.crashes) result.crashes.push(...file.crashes);
    onProgress?.(index + 1, files.length);
  });
  return result;
}

/** Parses a codemod's output on its own, as the codemods parse a file of that name. */
export function parsesWithTypeScriptEslint(text, filename) {
  const jsx = !/\.(?:ts|mts|cts)$/.test(filename);
  const sourceType = /\.c[jt]s$/.test(filename) ? 'script' : 'module';
  try {
    tsParser.parseForESLint(text, { filePath: filename, ecmaVersion: 'latest', sourceType, ecmaFeatures: { jsx }, range: true, loc: true });
    return null;
  } catch (error) {
    return String(error?.message ?? error);
  }
}

/**
 * Runs one codemod in dry run over every file. `prefilter: false` runs it on every file (slow).
 * Errors on files that do not parse in the first place are counted apart from other errors.
 */
export function dryRun(transformSource, definition, files, { prefilter = true, onProgress } = {}) {
  const run = prefilter ? definition : { ...definition, prefilter: { test: () => true } };
  const summary = { codemod: definition.name, prefilter, files: files.length, skipped: 0, unchanged: 0, changed: 0, changes: [], review: [], inputDoesNotParse: [], errors: [], crashes: [], unparsableOutputs: [] };
  files.forEach(({ filename, source }, index) => {
    const where = locate(filename);
    let result;
    try {
      result = transformSource(run, source, filename);
    } catch (error) {
      summary.crashes.push({ ...where, error: String(error?.stack ?? error).split('\n').slice(0, 4).join('\n') });
      return;
    }
    if (result.status === 'error') {
      if (result.error.startsWith('does not parse')) summary.inputDoesNotParse.push({ ...where, error: result.error });
      else summary.errors.push({ ...where, error: result.error });
    } else summary[result.status]++;
    for (const change of result.changes) summary.changes.push({ ...where, ...change });
    for (const item of result.review) summary.review.push({ ...where, ...item });
    if (result.status === 'changed') {
      const failure = parsesWithTypeScriptEslint(result.output, filename);
      if (failure) summary.unparsableOutputs.push({ ...where, error: failure, inputParses: !parsesWithTypeScriptEslint(source, filename) });
    }
    onProgress?.(index + 1, files.length);
  });
  return summary;
}

const count = (items, key) => {
  const out = {};
  for (const item of items) out[item[key]] = (out[item[key]] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
};

function markdown(report) {
  const { corpus, lint, codemods, prefilterCheck } = report;
  const lines = [];
  const p = (text = '') => lines.push(text);
  const table = (head, rows) => {
    p(`| ${head.join(' | ')} |`);
    p(`|${head.map(() => '---').join('|')}|`);
    for (const row of rows) p(`| ${row.join(' | ')} |`);
    p();
  };
  p('# Corpus report');
  p();
  p('Generated by `npm run build && node bench/corpus-report.mjs` (do not edit by hand). The corpus: the');
  p(`${corpus.packages} packages pinned in [corpus.json](corpus.json) with their dependencies, installed by`);
  p('`node bench/install-corpus.mjs` into `.cache/bench-corpus` (not committed); every JS/TS file except');
  p(`\`.d.ts\`. ${report.environment}.`);
  p();
  p('## Headline');
  p();
  table(
    ['', ''],
    [
      ['files', `${corpus.files} (${Object.entries(corpus.byExtension).map(([ext, n]) => `${n} ${ext}`).join(', ')})`],
      ['files that do not parse (ESLint defaults for JS, @typescript-eslint/parser for TS)', String(lint.unparsable.length)],
      ['lint crashes (a rule throwing)', String(lint.crashes.length)],
      ['findings, `recommended`', String(lint.byConfig.recommended)],
      ['findings, `all`', String(lint.byConfig.all)],
      ['lint suggestions (of `all` findings) applied one by one / whose result does not parse', `${lint.suggestions.applied} / ${lint.suggestions.unparsable.length}`],
      ['codemod crashes (transformSource throwing)', String(codemods.reduce((sum, c) => sum + c.crashes.length, 0))],
      ['codemod errors other than inputs that do not parse', String(codemods.reduce((sum, c) => sum + c.errors.length, 0))],
      ['codemod outputs that do not parse', String(codemods.reduce((sum, c) => sum + c.unparsableOutputs.length, 0))],
      ...(prefilterCheck
        ? [
            ['findings in files a codemod prefilter skipped', String(prefilterCheck.missed.length)],
            ['lint findings in files a rule\'s text filter skipped', String(prefilterCheck.textFilter.missed.length)],
          ]
        : []),
    ],
  );
  p('## Lint');
  p();
  p(`The \`all\` config and the \`recommended\` config in the same parse of each file, ${lint.seconds.toFixed(0)} s.`);
  p();
  table(
    ['rule', '`recommended`', '`all`'],
    report.rules.map((rule) => [rule, String(lint.byRule.recommended[rule] ?? 0), String(lint.byRule.all[rule] ?? 0)]),
  );
  p('Every finding:');
  p();
  table(
    ['package', 'file', 'line', 'rule', 'configs', 'message'],
    lint.merged.map((f) => [f.package, `\`${f.file}\``, String(f.line), f.rule.replace('exclusive-bind/', ''), f.configs.join(', '), f.message.replace(/\|/g, '\\|').replace(/\n/g, ' ')]),
  );
  p(`Files that do not parse (${lint.unparsable.length}), by package:`);
  p();
  table(['package', 'files', 'first error'], Object.entries(lint.unparsableByPackage).map(([pkg, items]) => [pkg, String(items.length), `\`${items[0].file}\` ${items[0].error.replace(/\|/g, '\\|')}`]));
  p(`Linted again as CommonJS scripts (outside ESLint's defaults), ${lint.asCommonJs.parse} of them parse; findings in them: ${lint.asCommonJs.findings.length}, crashes: ${lint.asCommonJs.crashes.length}.`);
  p();
  if (lint.crashes.length) {
    p('Crashes:');
    p();
    table(['file', 'rule', 'error'], lint.crashes.map((c) => [`\`${c.file}\``, c.rule ?? '?', c.error.split('\n')[0].replace(/\|/g, '\\|')]));
  }
  p('## Codemods (dry run)');
  p();
  p('Each transform alone and the `all` recipe, through `transformSource`, with the prefilter. "does not parse" counts the');
  p('files the codemod parsed and found unparsable (the same files the lint cannot parse, when the prefilter lets them through).');
  p('Every changed output is parsed again on its own with @typescript-eslint/parser.');
  p();
  table(
    ['codemod', 'skipped by prefilter', 'analysed', 'changed', 'changes', 'review items', 'does not parse', 'other errors', 'crashes', 'outputs that do not parse', 'time'],
    codemods.map((c) => [c.codemod, String(c.skipped), String(c.files - c.skipped), String(c.changed), String(c.changes.length), String(c.review.length), String(c.inputDoesNotParse.length), String(c.errors.length), String(c.crashes.length), String(c.unparsableOutputs.length), `${c.seconds.toFixed(1)} s`]),
  );
  for (const c of codemods) {
    if (!c.changes.length && !c.review.length && !c.errors.length && !c.crashes.length && !c.unparsableOutputs.length) continue;
    p(`\`${c.codemod}\`:`);
    p();
    table(
      ['kind', 'file', 'line', 'detail'],
      [
        ...c.changes.map((x) => ['change', `\`${x.file}\``, String(x.line), x.change]),
        ...c.review.map((x) => ['review', `\`${x.file}\``, String(x.line), x.reason.replace(/\|/g, '\\|')]),
        ...c.errors.map((x) => ['error', `\`${x.file}\``, '', x.error.replace(/\|/g, '\\|')]),
        ...c.crashes.map((x) => ['crash', `\`${x.file}\``, '', x.error.split('\n')[0].replace(/\|/g, '\\|')]),
        ...c.unparsableOutputs.map((x) => ['output does not parse', `\`${x.file}\``, '', x.error.replace(/\|/g, '\\|')]),
      ],
    );
  }
  if (prefilterCheck) {
    p('## Prefilter check');
    p();
    p(`The \`all\` recipe without its prefilter on every file (${prefilterCheck.seconds.toFixed(0)} s): ${prefilterCheck.analysed} files analysed, ${prefilterCheck.filesWithFindings} with a change or a review item,`);
    p(`${prefilterCheck.missed.length} of them in a file the prefilter skips. ${prefilterCheck.errors} errors other than inputs that do not parse, ${prefilterCheck.crashes} crashes.`);
    p();
    if (prefilterCheck.missed.length) table(['file', 'line', 'detail'], prefilterCheck.missed.map((m) => [`\`${m.file}\``, String(m.line), m.detail]));
    const textFilter = prefilterCheck.textFilter;
    p(`Every rule of \`all\` without its text filter on every file (${textFilter.seconds.toFixed(0)} s): ${textFilter.findings} findings,`);
    p(`${textFilter.missed.length} of them missing from the run with the filters.`);
    p();
    if (textFilter.missed.length) table(['file', 'line', 'rule', 'message'], textFilter.missed.map((f) => [`\`${f.file}\``, String(f.line), f.rule, f.message.replace(/\|/g, '\\|')]));
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** Merges the two configs' copies of one finding into one row with the configs that report it. */
export function mergeFindings(findings) {
  const rows = new Map();
  for (const f of findings) {
    const key = `${f.file}:${f.line}:${f.column}:${f.rule}:${f.message}`;
    const row = rows.get(key) ?? { package: f.package, file: f.file, line: f.line, column: f.column, rule: f.rule, message: f.message, configs: [] };
    row.configs.push(f.config);
    rows.set(key, row);
  }
  return [...rows.values()].map((row) => ({ ...row, configs: row.configs.sort().reverse() })).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
}

async function main() {
  const args = new Set(process.argv.slice(2));
  const [{ default: plugin }, { withoutTextFilter }, { CODEMODS }, { transformSource }] = await Promise.all([
    import('../dist/index.js'),
    import('../dist/core/rule-creator.js'),
    import('../dist/codemods/index.js'),
    import('../dist/codemods/engine/transform-source.js'),
  ]);
  installCorpus();
  const files = readCorpus();
  const progress = (label) => (done, total) => {
    if (done % 500 === 0 || done === total) process.stderr.write(`\r${label} ${done}/${total}${done === total ? '\n' : ''}`);
  };
  const timed = (fn) => {
    const start = process.hrtime.bigint();
    const value = fn();
    return { value, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
  };

  const lintRun = timed(() => lintCorpus(plugin, files, { mode: 'both', onProgress: progress('lint') }));
  const lint = lintRun.value;
  const byRule = { recommended: {}, all: {} };
  for (const f of lint.findings) byRule[f.config][f.rule] = (byRule[f.config][f.rule] ?? 0) + 1;
  const unparsableByPackage = {};
  for (const u of lint.unparsable) (unparsableByPackage[u.package] ??= []).push(u);
  // Outside ESLint's defaults, for information: the JavaScript files that do not parse as modules,
  // linted again as CommonJS scripts (many packages ship CommonJS in .js files).
  const unparsableFiles = new Set(lint.unparsable.map((u) => u.file));
  const asCommonJs = lintCorpus(plugin, files.filter((f) => /\.(?:js|jsx|mjs)$/.test(f.filename) && unparsableFiles.has(locate(f.filename).file)).map((f) => ({ ...f, filename: f.filename.replace(/\.(?:js|jsx|mjs)$/, '.cjs') })), { mode: 'both' });

  // Every suggestion of every `all` finding, applied on its own: the result must parse.
  const sourceOf = new Map(files.map((f) => [locate(f.filename).file, f]));
  const suggestionChecks = lint.findings
    .filter((f) => f.config === 'all')
    .flatMap((f) =>
      f.suggestions.map((s) => {
        const { source, filename } = sourceOf.get(f.file);
        const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
        const output = text.slice(0, s.fix.range[0]) + s.fix.text + text.slice(s.fix.range[1]);
        return { file: f.file, line: f.line, rule: f.rule, suggestion: s.desc, error: parsesWithTypeScriptEslint(output, filename) };
      }),
    );

  const codemods = Object.values(CODEMODS).map((definition) => {
    const run = timed(() => dryRun(transformSource, definition, files, { onProgress: progress(definition.name) }));
    return { ...run.value, seconds: run.seconds };
  });

  let prefilterCheck;
  if (!args.has('--skip-prefilter-check')) {
    const all = CODEMODS.all;
    const run = timed(() => dryRun(transformSource, all, files, { prefilter: false, onProgress: progress('all, no prefilter') }));
    const flagged = new Map();
    for (const item of [...run.value.changes.map((c) => ({ ...c, detail: `change ${c.change}` })), ...run.value.review.map((r) => ({ ...r, detail: `review: ${r.reason}` }))]) {
      if (!flagged.has(item.file)) flagged.set(item.file, []);
      flagged.get(item.file).push(item);
    }
    const byFile = new Map(files.map((f) => [locate(f.filename).file, f]));
    const missed = [];
    for (const [file, items] of flagged) {
      const { source } = byFile.get(file);
      // Every transform whose prefilter skips the file must find nothing in it without the prefilter.
      for (const definition of Object.values(CODEMODS)) {
        if (definition.prefilter.test(source)) continue;
        const alone = transformSource({ ...definition, prefilter: { test: () => true } }, source, byFile.get(file).filename);
        if (alone.changes.length || alone.review.length) missed.push(...items.map((item) => ({ ...item, detail: `${definition.name}: ${item.detail}` })));
      }
    }
    // The lint: the `all` rules without their text filters, against the `all` findings above.
    const unfilteredPlugin = { ...plugin, rules: Object.fromEntries(Object.entries(plugin.rules).map(([name, rule]) => [name, withoutTextFilter(rule)])) };
    const key = (f) => `${f.file}:${f.line}:${f.column}:${f.rule}:${f.message}`;
    const filteredFindings = new Set(lint.findings.filter((f) => f.config === 'all').map(key));
    const textFilterRun = timed(() => {
      const linter = new Linter({ cwd: corpusDir });
      const configs = [...baseConfig(), ...plugin.configs.all.map((block) => (block.plugins ? { ...block, plugins: { 'exclusive-bind': unfilteredPlugin } } : block))];
      const found = [];
      files.forEach(({ filename, source }, index) => {
        found.push(...lintFile(linter, configs, source, filename).findings);
        progress('all rules, no text filter')(index + 1, files.length);
      });
      return found;
    });
    prefilterCheck = {
      textFilter: { seconds: textFilterRun.seconds, findings: textFilterRun.value.length, missed: textFilterRun.value.filter((f) => !filteredFindings.has(key(f))) },
      seconds: run.seconds,
      analysed: run.value.files,
      filesWithFindings: flagged.size,
      missed,
      errors: run.value.errors.length,
      crashes: run.value.crashes.length,
      errorList: run.value.errors,
      crashList: run.value.crashes,
    };
  }

  const report = {
    environment: `Node ${process.version}, ESLint ${Linter.version}, plugin ${plugin.meta.version} (dist/), ${new Date().toISOString().slice(0, 10)}`,
    corpus: { packages: Object.keys(JSON.parse(fs.readFileSync(path.join(root, 'bench/corpus.json'), 'utf8')).packages).length, files: files.length, byExtension: count(files.map((f) => ({ ext: path.extname(f.filename) })), 'ext') },
    rules: Object.keys(plugin.rules).map((rule) => `exclusive-bind/${rule}`),
    lint: {
      seconds: lintRun.seconds,
      byConfig: { recommended: lint.findings.filter((f) => f.config === 'recommended').length, all: lint.findings.filter((f) => f.config === 'all').length },
      byRule,
      merged: mergeFindings(lint.findings),
      unparsable: lint.unparsable,
      unparsableByPackage,
      crashes: lint.crashes,
      suggestions: { applied: suggestionChecks.length, unparsable: suggestionChecks.filter((c) => c.error) },
      asCommonJs: { parse: lint.unparsable.filter((u) => /\.(?:js|jsx|mjs)$/.test(u.file)).length - asCommonJs.unparsable.length, findings: asCommonJs.findings, crashes: asCommonJs.crashes },
    },
    codemods,
    prefilterCheck,
  };
  if (!args.has('--no-write')) fs.writeFileSync(path.join(root, 'bench/CORPUS-REPORT.md'), markdown(report));
  if (args.has('--json')) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stderr.write(`wrote bench/CORPUS-REPORT.md: ${files.length} files, ${lint.unparsable.length} do not parse, ${lint.crashes.length} crashes, findings recommended ${report.lint.byConfig.recommended} / all ${report.lint.byConfig.all}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
