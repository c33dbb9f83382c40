#!/usr/bin/env node
// Lint cost on the real corpus (bench/corpus.json): one ESLint instance per configuration (the
// class the CLI and editors use, so each configuration is normalised once, as in a real run), in
// one process, every file linted by every configuration back to back in rotating order so that
// machine noise hits all of them alike:
//   none     no rules: ESLint still parses, analyses scopes and walks the tree
//   noop     one rule that listens to CallExpression/NewExpression and does nothing: what any
//            rule costs in ESLint's event dispatch and per-rule bookkeeping, before doing any work
//   plugin   every rule of this plugin (the `all` config)
//   anchor   eslint-plugin-n's no-deprecated-api, a module-tracking rule of the same kind
// Reports each run's time, and the plugin's and the anchor's cost over `none` and over `noop`.
//   node bench/lint-cost.mjs [--every N] [--rounds N]      (needs npm run build)
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ESLint } from 'eslint';
import nodePlugin from 'eslint-plugin-n';
import plugin from '../dist/index.js';
import { corpusDir, corpusFiles, installCorpus } from './install-corpus.mjs';

const { values } = parseArgs({ options: { every: { type: 'string', default: '3' }, rounds: { type: 'string', default: '2' } } });

installCorpus();
// JavaScript only: the default parser is the same for all four, and parsing is the baseline.
const files = corpusFiles()
  .filter((file) => /\.(c|m)?js$/.test(file))
  .filter((_, index) => index % Number(values.every) === 0);
const sources = files.map((file) => fs.readFileSync(file, 'utf8'));

// The corpus lives in node_modules: lift ESLint's default ignore for it. The corpus's own
// /* eslint */ comments are ignored, so every configuration runs exactly its own rules.
const base = [
  { ignores: ['!**/node_modules/'] },
  { files: ['**/*.{js,cjs,mjs}'], languageOptions: { ecmaVersion: 'latest' }, linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } },
];
const noop = { meta: { type: 'problem', schema: [] }, create: () => ({ CallExpression() {}, NewExpression() {} }) };
const configs = {
  none: base,
  noop: [...base, { plugins: { bench: { rules: { noop } } }, rules: { 'bench/noop': 'error' } }],
  plugin: [...base, ...plugin.configs.all],
  anchor: [...base, { plugins: { n: nodePlugin }, rules: { 'n/no-deprecated-api': 'error' } }],
};
const names = Object.keys(configs);
const eslint = Object.fromEntries(
  names.map((name) => [name, new ESLint({ cwd: corpusDir, overrideConfigFile: true, overrideConfig: configs[name] })]),
);
const totals = Object.fromEntries(names.map((n) => [n, 0n]));
const findings = Object.fromEntries(names.map((n) => [n, 0]));
let unparsable = 0;

async function lint(name, i, timed) {
  const start = process.hrtime.bigint();
  const [result] = await eslint[name].lintText(sources[i], { filePath: files[i] });
  const elapsed = process.hrtime.bigint() - start;
  if (!timed) return;
  totals[name] += elapsed;
  // A file ESLint did not lint at all would make the comparison meaningless.
  const skipped = result.messages.find((m) => m.ruleId === null && !m.fatal && /matching configuration|ignored/i.test(m.message));
  if (skipped) throw new Error(`not linted: ${files[i]}: ${skipped.message}`);
  if (name === 'none' && result.messages.some((m) => m.fatal)) unparsable++;
  findings[name] += result.messages.filter((m) => !m.fatal && m.ruleId).length;
}

// Warm-up, untimed.
for (let i = 0; i < Math.min(100, files.length); i++) for (const name of names) await lint(name, i, false);

const rounds = Number(values.rounds);
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < files.length; i++) {
    for (let k = 0; k < names.length; k++) await lint(names[(i + round + k) % names.length], i, true);
    if (i % 200 === 0) process.stderr.write(`\rround ${round + 1}/${rounds}: ${i}/${files.length}`);
  }
}
process.stderr.write('\n');

const s = (ns) => Number(ns) / 1e9;
const bytes = sources.reduce((sum, text) => sum + text.length, 0);
console.log(`corpus sample: ${files.length} JS files (every ${values.every}th), ${(bytes / 1e6).toFixed(1)} MB, ${rounds} round(s); ${unparsable / rounds} do not parse (same for every run)`);
for (const name of names) console.log(`${name.padEnd(7)} ${s(totals[name]).toFixed(2)} s, ${findings[name] / rounds} findings per round`);
const over = (name, baseline) => ((s(totals[name]) / s(totals[baseline]) - 1) * 100).toFixed(1);
console.log(`over no rules:    plugin (all ${Object.keys(plugin.rules).length} rules) +${over('plugin', 'none')} %, n/no-deprecated-api +${over('anchor', 'none')} %, a no-op rule +${over('noop', 'none')} %`);
console.log(`over a no-op rule: plugin +${over('plugin', 'noop')} %, n/no-deprecated-api +${over('anchor', 'noop')} %`);
