#!/usr/bin/env node
// Whole public repositories whose port finders, listen options or servers live in helper modules
// (bench/cross-file-repos.json), linted as a user would: the ESLint class, no user config, the
// plugin's configs spread in, every JS/TS file (not .d.ts). Three modes:
//   review   each repository linted with `all` and, in the same parse under a second namespace,
//            `recommended`; every finding (file, line, rule, messageId, message, configs) marked
//            with its reviewed verdict from bench/cross-file-findings.json, or NEW; reviewed
//            findings that are gone are listed as vanished. Writes <out>/<label>.json and .md.
//   timing   the monorepo linted by several plugin builds (or one build with settings), each run
//            in a fresh process (a CLI run: no summary cache carried over), variants alternating
//            in order round by round; reports each variant's time relative to the first.
//            Writes <out>/timing.json.
//   report   two review runs (before, after) and the timing into bench/CROSS-FILE-REPORT.md.
// The repositories are not committed: fetch them at the listed commits into one folder (--root).
//   node bench/cross-file-review.mjs --root DIR [--plugin DIR] [--label main] [DIR …]
//   node bench/cross-file-review.mjs --timing --root DIR --variant main=DIR --variant i19=DIR
//        [--settings i19-off='{"exclusive-bind":{…}}'] [--variant i19-off=DIR] [--rounds 3] [--config all]
//   node bench/cross-file-review.mjs --report .cache/cross-file/main.json .cache/cross-file/i19.json
// --plugin / --variant name a built plugin package (a folder with package.json and dist/index.js).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ESLint } from 'eslint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const self = fileURLToPath(import.meta.url);
const manifestFile = path.join(root, 'bench/cross-file-repos.json');
const defaultReviewed = path.join(root, 'bench/cross-file-findings.json');

/** Prefix under which the second copy of the plugin runs the `recommended` rules. */
const REC = 'recommended-copy';
const SOURCE_FILES = '**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}';

/**
 * Everything but the plugin: JavaScript with the latest syntax and JSX (React projects keep JSX in
 * .js files), .jsx linted at all, .cts as CommonJS, no .d.ts; the repository's own eslint
 * comments ignored. TypeScript files get their parser from the plugin's own config block.
 */
function baseConfig() {
  return [
    { ignores: ['**/*.d.ts', '**/*.d.mts', '**/*.d.cts'] },
    { files: ['**/*.{js,mjs,cjs,jsx}'], languageOptions: { ecmaVersion: 'latest', parserOptions: { ecmaFeatures: { jsx: true } } } },
    { files: ['**/*.cts'], languageOptions: { sourceType: 'commonjs' } },
    { linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } },
  ];
}

/**
 * `recommended`, `all`, or `both`: `all` plus `recommended` under a second namespace, one parse
 * per file. The plugin's configs are arrays (rules block, TypeScript parser block): spread.
 */
export function lintConfigs(plugin, mode, settings) {
  const extra = settings ? [{ settings }] : [];
  if (mode !== 'both') return [...baseConfig(), ...plugin.configs[mode], ...extra];
  const recommendedRules = Object.assign({}, ...plugin.configs.recommended.map((block) => block.rules ?? {}));
  const renamed = Object.fromEntries(Object.entries(recommendedRules).map(([rule, entry]) => [rule.replace(/^exclusive-bind\//, `${REC}/`), entry]));
  return [...baseConfig(), ...plugin.configs.all, { plugins: { [REC]: plugin }, rules: renamed }, ...extra];
}

async function loadPlugin(dir) {
  const entry = path.join(path.resolve(dir), 'dist/index.js');
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: build that plugin first`);
  return (await import(pathToFileURL(entry).href)).default;
}

/** The commit a plugin build came from: a COMMIT file beside a copied build, else its git HEAD. */
function pluginCommit(dir) {
  const file = path.join(dir, 'COMMIT');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim().slice(0, 12);
  const git = spawnSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  return git.status === 0 ? git.stdout.trim().slice(0, 12) : '?';
}

/**
 * Lints a whole directory. A rule that throws stops ESLint's run: the file it names is recorded
 * as a crash and left out of a second run (at most 20 times).
 */
export async function lintDirectory(dir, configs, { stats = false } = {}) {
  const crashes = [];
  for (;;) {
    const ignores = crashes.map((c) => c.file);
    const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: [...configs, { ignores }], errorOnUnmatchedPattern: false, stats });
    try {
      const results = await eslint.lintFiles([SOURCE_FILES]);
      return { results, crashes };
    } catch (error) {
      const where = /Occurred while linting (.+?)(?::\d+)?$/m.exec(String(error?.message));
      if (!where || crashes.length >= 20) throw error;
      const rule = /Rule: "([^"]+)"/.exec(String(error.message))?.[1] ?? null;
      crashes.push({ file: path.relative(dir, where[1]).split(path.sep).join('/'), rule, error: String(error.message).split('\n')[0] });
    }
  }
}

/** Findings of one repository, the two configs' copies of one finding merged into one row. */
export function collectFindings(repo, dir, results) {
  const rows = new Map();
  const unparsable = [];
  let files = 0;
  for (const result of results) {
    files++;
    const file = path.relative(dir, result.filePath).split(path.sep).join('/');
    for (const m of result.messages) {
      if (m.fatal) {
        unparsable.push({ repo, file, error: `${m.line}:${m.column} ${m.message}` });
        continue;
      }
      if (!m.ruleId) {
        if (/matching configuration|ignored/i.test(m.message)) throw new Error(`not linted: ${repo}/${file}: ${m.message}`);
        continue;
      }
      const config = m.ruleId.startsWith(`${REC}/`) ? 'recommended' : 'all';
      const rule = m.ruleId.replace(`${REC}/`, 'exclusive-bind/');
      const key = `${file}:${m.line}:${m.column}:${rule}:${m.message}`;
      const row = rows.get(key) ?? { repo, file, line: m.line, column: m.column, rule, messageId: m.messageId ?? null, message: m.message, configs: [] };
      row.configs.push(config);
      rows.set(key, row);
    }
  }
  const findings = [...rows.values()]
    .map((row) => ({ ...row, configs: row.configs.sort().reverse() }))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
  return { files, findings, unparsable };
}

const reviewKey = (f) => `${f.repo}|${f.file}|${f.line}|${f.rule}`;

/** Marks each finding with its reviewed verdict (or NEW) and lists reviewed findings now gone. */
export function applyVerdicts(findings, reviewed, repos) {
  const verdicts = new Map(reviewed.map((r) => [reviewKey(r), r]));
  const seen = new Set();
  const marked = findings.map((f) => {
    const review = verdicts.get(reviewKey(f));
    if (review) seen.add(reviewKey(f));
    return { ...f, verdict: review?.verdict ?? 'NEW', reason: review?.reason ?? '' };
  });
  const vanished = reviewed.filter((r) => repos.includes(r.repo) && !seen.has(reviewKey(r)));
  return { findings: marked, vanished };
}

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
function table(lines, head, rows) {
  lines.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`), '');
}

function runMarkdown(run) {
  const lines = [`# Cross-file review: ${run.label}`, '', `${run.environment}.`, ''];
  table(lines, ['repository', 'commit', 'files', 'do not parse', 'crashes', '`recommended`', '`all`'], run.repos.map((r) => [r.name, r.commit.slice(0, 12), r.files, r.unparsable.length, r.crashes.length, r.findings.filter((f) => f.configs.includes('recommended')).length, r.findings.filter((f) => f.configs.includes('all')).length]));
  table(lines, ['repository', 'file', 'line', 'rule', 'messageId', 'configs', 'verdict', 'message'], run.repos.flatMap((r) => r.findings.map((f) => [r.name, `\`${f.file}\``, f.line, f.rule.replace('exclusive-bind/', ''), f.messageId, f.configs.join(', '), f.verdict, f.message])));
  if (run.vanished.length) table(lines, ['repository', 'file', 'line', 'rule', 'verdict', 'reviewed reason'], run.vanished.map((v) => [v.repo, `\`${v.file}\``, v.line, v.rule, v.verdict, v.reason]));
  return `${lines.join('\n').trimEnd()}\n`;
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Repositories to lint: the directories given, else every repository of the manifest under --root. */
function repositories(values, positionals) {
  const manifest = readJson(manifestFile);
  if (positionals.length) {
    return positionals.map((dir) => {
      const name = path.basename(path.resolve(dir));
      const known = manifest.repositories.find((r) => r.dir === name);
      return { name: known?.name ?? name, repository: known?.repository ?? '?', commit: known?.commit ?? '?', dir: path.resolve(dir) };
    });
  }
  if (!values.root) throw new Error('give repository directories, or --root with the manifest\'s repositories in it');
  return manifest.repositories.map((r) => ({ ...r, dir: path.join(path.resolve(values.root), r.dir) }));
}

async function review(values, positionals) {
  const pluginDir = values.plugin?.[0] ?? root;
  const plugin = await loadPlugin(pluginDir);
  const configs = lintConfigs(plugin, 'both');
  const reviewed = readJson(values.reviewed ?? defaultReviewed).findings;
  const repos = [];
  for (const repo of repositories(values, positionals)) {
    if (!fs.existsSync(repo.dir)) throw new Error(`${repo.dir} is missing: fetch ${repo.repository} at ${repo.commit}`);
    const start = process.hrtime.bigint();
    const { results, crashes } = await lintDirectory(repo.dir, configs);
    const collected = collectFindings(repo.name, repo.dir, results);
    repos.push({ name: repo.name, repository: repo.repository, commit: repo.commit, ...collected, crashes, seconds: Number(process.hrtime.bigint() - start) / 1e9 });
    process.stderr.write(`${repo.name}: ${collected.files} files, ${collected.findings.length} findings, ${collected.unparsable.length} do not parse, ${crashes.length} crashes\n`);
  }
  const { findings, vanished } = applyVerdicts(repos.flatMap((r) => r.findings), reviewed, repos.map((r) => r.name));
  for (const repo of repos) repo.findings = findings.filter((f) => f.repo === repo.name);
  const label = values.label ?? 'run';
  const run = { label, environment: `Node ${process.version}, ESLint ${ESLint.version}, plugin ${plugin.meta.version} built from commit ${pluginCommit(path.resolve(pluginDir))}, ${new Date().toISOString().slice(0, 10)}`, repos, vanished };
  const out = path.resolve(values.out ?? path.join(root, '.cache/cross-file'));
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, `${label}.json`), `${JSON.stringify(run, null, 2)}\n`);
  fs.writeFileSync(path.join(out, `${label}.md`), runMarkdown(run));
  process.stdout.write(`${JSON.stringify(findings.map(({ repo, file, line, rule, messageId, message, configs, verdict }) => ({ repo, file, line, rule, messageId, message, configs, verdict })), null, 2)}\n`);
  process.stderr.write(`wrote ${path.join(out, `${label}.json`)} and .md: ${findings.length} findings (${findings.filter((f) => f.verdict === 'NEW').length} NEW), ${vanished.length} reviewed findings vanished\n`);
}

/** One timed lint in this process (the child of --timing): prints what it measured as JSON. */
async function lintOnce(values, positionals) {
  const plugin = await loadPlugin(values.plugin[0]);
  const settings = values.settings?.[0] ? JSON.parse(values.settings[0]) : undefined;
  const dir = path.resolve(positionals[0]);
  const start = process.hrtime.bigint();
  const { results, crashes } = await lintDirectory(dir, lintConfigs(plugin, values.config ?? 'all', settings), { stats: true });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const collected = collectFindings('monorepo', dir, results);
  // ESLint's own per-rule times (what TIMING=all prints), summed over the files, in seconds.
  const ruleSeconds = {};
  for (const result of results) {
    for (const pass of result.stats?.times.passes ?? []) {
      for (const [rule, time] of Object.entries(pass.rules ?? {})) ruleSeconds[rule] = (ruleSeconds[rule] ?? 0) + time.total / 1e3;
    }
  }
  process.stdout.write(JSON.stringify({ seconds, files: collected.files, findings: collected.findings.length, unparsable: collected.unparsable.length, crashes: crashes.length, ruleSeconds }));
}

async function timing(values, positionals) {
  const settings = Object.fromEntries((values.settings ?? []).map((s) => [s.slice(0, s.indexOf('=')), s.slice(s.indexOf('=') + 1)]));
  const variants = (values.variant ?? []).map((v) => ({ name: v.slice(0, v.indexOf('=')), dir: path.resolve(v.slice(v.indexOf('=') + 1)) }));
  if (variants.length < 2) throw new Error('--timing needs two --variant name=DIR (the same DIR twice with --settings name=JSON for a switch)');
  const listed = readJson(manifestFile).monorepo;
  const dir = positionals[0] ? path.resolve(positionals[0]) : path.join(path.resolve(values.root ?? '.'), listed.dir);
  const manifest = path.basename(dir) === listed.dir ? listed : { name: path.basename(dir), repository: '?', commit: '?', shape: '' };
  const config = values.config ?? 'all';
  const run = (variant) => {
    const args = [self, '--lint-once', '--plugin', variant.dir, '--config', config, ...(settings[variant.name] ? ['--settings', settings[variant.name]] : []), dir];
    const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (child.status !== 0) throw new Error(`${variant.name}: ${child.stderr}`);
    return JSON.parse(child.stdout);
  };
  // Untimed: brings the files into the page cache for every variant alike.
  run(variants[0]);
  const rounds = Number(values.rounds ?? 3);
  const measured = variants.map(() => []);
  for (let round = 0; round < rounds; round++) {
    const order = variants.map((_, i) => (i + round) % variants.length);
    for (const i of order) {
      measured[i].push(run(variants[i]));
      process.stderr.write(`round ${round + 1}/${rounds}: ${variants[i].name} ${measured[i].at(-1).seconds.toFixed(1)} s\n`);
    }
  }
  const total = (list) => list.reduce((sum, m) => sum + m.seconds, 0);
  const result = {
    monorepo: { ...manifest, dir },
    config,
    rounds,
    environment: `Node ${process.version}, ESLint ${ESLint.version}, ${new Date().toISOString().slice(0, 10)}`,
    variants: variants.map((v, i) => ({
      name: v.name,
      plugin: v.dir,
      settings: settings[v.name] ?? null,
      files: measured[i][0].files,
      findings: measured[i][0].findings,
      unparsable: measured[i][0].unparsable,
      crashes: measured[i][0].crashes,
      ratio: total(measured[i]) / total(measured[0]),
      // Each rule's time as a share of the variant's whole lint time (same run, so comparable).
      ruleShares: Object.fromEntries(Object.keys(measured[i][0].ruleSeconds).map((rule) => [rule, measured[i].reduce((sum, m) => sum + m.ruleSeconds[rule], 0) / total(measured[i])])),
      roundRatios: measured[i].map((m, r) => m.seconds / measured[0][r].seconds),
    })),
  };
  const out = path.resolve(values.out ?? path.join(root, '.cache/cross-file'));
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'timing.json'), `${JSON.stringify(result, null, 2)}\n`);
  for (const v of result.variants) console.log(`${v.name.padEnd(12)} ×${v.ratio.toFixed(3)} of ${variants[0].name} (rounds: ${v.roundRatios.map((r) => r.toFixed(3)).join(', ')}), ${v.files} files, ${v.findings} findings`);
}

/** bench/CROSS-FILE-REPORT.md from a review run before and one after, and the timing. */
function report(values, positionals) {
  const [before, after] = positionals.map(readJson);
  const reviewed = readJson(values.reviewed ?? defaultReviewed).findings;
  const timingFile = path.resolve(values.out ?? path.join(root, '.cache/cross-file'), 'timing.json');
  const timed = fs.existsSync(timingFile) ? readJson(timingFile) : null;
  const verdicts = new Map(reviewed.map((r) => [reviewKey(r), r]));
  const keysOf = (run) => new Set(run.repos.flatMap((r) => r.findings.map(reviewKey)));
  const beforeKeys = keysOf(before);
  const afterKeys = keysOf(after);
  const lines = [];
  const p = (text = '') => lines.push(text);
  p('# Cross-file review');
  p();
  p('Generated by `node bench/cross-file-review.mjs --report <before>.json <after>.json` (do not edit by hand) from two');
  p(`runs of the same script: **${before.label}** (${before.environment}) and **${after.label}** (${after.environment}).`);
  p('Each repository (bench/cross-file-repos.json) is linted whole with the ESLint class, no user config, the plugin\'s');
  p('`all` config and `recommended` under a second namespace in one parse, every JS/TS file but `.d.ts`. Verdicts are');
  p('in bench/cross-file-findings.json, each from reading the code at the reported line.');
  p();
  p('## Repositories');
  p();
  const count = (run, name, config) => run.repos.find((r) => r.name === name)?.findings.filter((f) => f.configs.includes(config)).length ?? 0;
  table(lines, ['repository', 'commit', 'files', 'do not parse', `\`recommended\` ${before.label} → ${after.label}`, `\`all\` ${before.label} → ${after.label}`, 'shape', 'what a cross-file finding would be'], after.repos.map((r) => {
    const meta = readJson(manifestFile).repositories.find((m) => m.name === r.name);
    return [`[${r.repository}](https://github.com/${r.repository})`, `\`${r.commit.slice(0, 12)}\``, r.files, r.unparsable.length, `${count(before, r.name, 'recommended')} → ${count(after, r.name, 'recommended')}`, `${count(before, r.name, 'all')} → ${count(after, r.name, 'all')}`, meta?.shape ?? '', meta?.expected ?? ''];
  }));
  const all = new Map();
  for (const run of [before, after]) for (const r of run.repos) for (const f of r.findings) all.set(reviewKey(f), { ...f, ...(run === after ? { message: f.message, configs: f.configs } : {}) });
  const rows = [...all.entries()].map(([key, f]) => {
    const state = beforeKeys.has(key) && afterKeys.has(key) ? 'both' : afterKeys.has(key) ? `new in ${after.label}` : `gone in ${after.label}`;
    const v = verdicts.get(key);
    return [f.repo, `\`${f.file}\``, f.line, f.rule.replace('exclusive-bind/', ''), f.configs.join(', '), state, v?.verdict ?? 'NOT REVIEWED', v?.reason ?? '', f.message];
  });
  const totals = (keys, config, verdict) => [...all.entries()].filter(([key, f]) => keys.has(key) && f.configs.includes(config) && (!verdict || verdicts.get(key)?.verdict === verdict)).length;
  p('## Counts');
  p();
  table(lines, ['', before.label, after.label], ['recommended', 'all'].flatMap((config) => [
    [`\`${config}\` findings`, totals(beforeKeys, config), totals(afterKeys, config)],
    [`\`${config}\` true positives`, totals(beforeKeys, config, 'true-positive'), totals(afterKeys, config, 'true-positive')],
    [`\`${config}\` false positives`, totals(beforeKeys, config, 'false-positive'), totals(afterKeys, config, 'false-positive')],
  ]));
  p('## Findings');
  p();
  table(lines, ['repository', 'file', 'line', 'rule', 'configs', 'seen', 'verdict', 'reason', 'message'], rows);
  const notes = readJson(values.reviewed ?? defaultReviewed).notes ?? [];
  if (notes.length) {
    p('## Notes from the review');
    p();
    for (const note of notes) p(`- ${note}`);
    p();
  }
  if (timed) {
    p('## Monorepo timing');
    p();
    p(`[${timed.monorepo.repository}](https://github.com/${timed.monorepo.repository}) at \`${timed.monorepo.commit.slice(0, 12)}\` (${timed.monorepo.shape}), the \`${timed.config}\` config,`);
    p(`${timed.rounds} rounds, each variant in a fresh process per round, the order rotating each round. ${timed.environment}.`);
    p('Time relative to the first variant, in the same run (absolute seconds vary with the shared machine). Per-round');
    p('ratios scatter when other work shares the 2 cores; the rules\' share of each lint (ESLint\'s `stats`) is the steadier figure.');
    p();
    table(lines, ['variant', 'settings', 'files', 'findings', 'do not parse', 'time ratio', 'per round', 'the plugin\'s rules, share of the lint time'], timed.variants.map((v) => [v.name, v.settings ? `\`${v.settings}\`` : '', v.files, v.findings, v.unparsable, `×${v.ratio.toFixed(3)}`, v.roundRatios.map((r) => r.toFixed(3)).join(', '), `${(Object.values(v.ruleShares ?? {}).reduce((a, b) => a + b, 0) * 100).toFixed(1)} %`]));
    const rules = [...new Set(timed.variants.flatMap((v) => Object.keys(v.ruleShares ?? {})))].sort();
    if (rules.length) {
      p('Each rule\'s share of its variant\'s lint time (ESLint\'s `stats`, the times `TIMING=all` prints):');
      p();
      table(lines, ['rule', ...timed.variants.map((v) => v.name)], rules.map((rule) => [rule, ...timed.variants.map((v) => `${((v.ruleShares?.[rule] ?? 0) * 100).toFixed(1)} %`)]));
    }
  }
  fs.writeFileSync(path.join(root, 'bench/CROSS-FILE-REPORT.md'), `${lines.join('\n').trimEnd()}\n`);
  process.stderr.write('wrote bench/CROSS-FILE-REPORT.md\n');
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      root: { type: 'string' },
      plugin: { type: 'string', multiple: true },
      label: { type: 'string' },
      reviewed: { type: 'string' },
      out: { type: 'string' },
      timing: { type: 'boolean' },
      variant: { type: 'string', multiple: true },
      settings: { type: 'string', multiple: true },
      rounds: { type: 'string' },
      config: { type: 'string' },
      report: { type: 'boolean' },
      'lint-once': { type: 'boolean' },
    },
  });
  if (values['lint-once']) await lintOnce(values, positionals);
  else if (values.timing) await timing(values, positionals);
  else if (values.report) report(values, positionals);
  else await review(values, positionals);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
