#!/usr/bin/env node
// Lint cost on the real corpus (bench/corpus.json), same process, same files, chunk by chunk in
// rotating order so machine noise hits every configuration alike:
//   none     ESLint with no rules (parse and scope analysis; ESLint skips the traversal)
//   noop     one rule that listens to CallExpression/NewExpression and does nothing: what any
//            rule costs in ESLint's traversal and event dispatch, before doing any work
//   plugin   every rule of this plugin (the `all` config)
//   anchor   eslint-plugin-n's no-deprecated-api, a module-tracking rule of the same kind
// Reports each run's time, and the plugin's and the anchor's cost over `none` and over `noop`.
//   node bench/lint-cost.mjs [--every N] [--chunk N]      (needs npm run build)
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Linter } from 'eslint';
import nodePlugin from 'eslint-plugin-n';
import plugin from '../dist/index.js';
import { corpusFiles, installCorpus } from './install-corpus.mjs';

const { values } = parseArgs({ options: { every: { type: 'string', default: '3' }, chunk: { type: 'string', default: '50' } } });

installCorpus();
// JavaScript only: the default parser is the same for all three, and parsing is the baseline.
const files = corpusFiles()
  .filter((file) => /\.(c|m)?js$/.test(file))
  .filter((_, index) => index % Number(values.every) === 0);
const sources = files.map((file) => fs.readFileSync(file, 'utf8'));

// The corpus lives in node_modules: lift ESLint's default ignore for it. .cjs files are CommonJS,
// the rest modules (ESLint's own defaults).
const base = [
  { ignores: ['!**/node_modules/'] },
  { files: ['**/*.{js,cjs,mjs}'], languageOptions: { ecmaVersion: 'latest' }, linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } },
];
const noop = { meta: { type: 'problem', schema: [] }, create: () => ({ CallExpression() {}, NewExpression() {} }) };
const configs = {
  none: base,
  noop: [...base, { plugins: { bench: { rules: { noop } } }, rules: { 'bench/noop': 'error' } }],
  plugin: [...base, plugin.configs.all],
  anchor: [...base, { plugins: { n: nodePlugin }, rules: { 'n/no-deprecated-api': 'error' } }],
};
const names = Object.keys(configs);
const linter = new Linter({ cwd: path.resolve(path.dirname(new URL(import.meta.url).pathname), '../.cache/bench-corpus') });
const totals = Object.fromEntries(names.map((n) => [n, 0n]));
const findings = Object.fromEntries(names.map((n) => [n, 0]));
let unparsable = 0;

function run(name, from, to) {
  const start = process.hrtime.bigint();
  for (let i = from; i < to; i++) {
    const config = configs[name];
    const messages = linter.verify(sources[i], config, { filename: files[i] });
    // The corpus's own /* eslint */ comments are ignored (noInlineConfig); a file ESLint did not
    // lint at all would make the comparison meaningless.
    if (messages.some((m) => m.ruleId === null && !m.fatal && /matching configuration|ignored/i.test(m.message))) throw new Error(`not linted: ${files[i]}: ${messages[0].message}`);
    if (name === 'none' && messages.some((m) => m.fatal)) unparsable++;
    findings[name] += messages.filter((m) => !m.fatal && m.ruleId).length;
  }
  totals[name] += process.hrtime.bigint() - start;
}

// Warm-up, untimed.
for (const name of names) for (let i = 0; i < Math.min(50, files.length); i++) linter.verify(sources[i], configs[name], { filename: files[i] });

const chunk = Number(values.chunk);
for (let from = 0, round = 0; from < files.length; from += chunk, round++) {
  const to = Math.min(from + chunk, files.length);
  for (let k = 0; k < names.length; k++) run(names[(round + k) % names.length], from, to);
  if (round % 10 === 0) process.stderr.write(`\r${to}/${files.length}`);
}
process.stderr.write('\n');

const s = (ns) => Number(ns) / 1e9;
const bytes = sources.reduce((sum, text) => sum + text.length, 0);
console.log(`corpus sample: ${files.length} JS files (every ${values.every}th), ${(bytes / 1e6).toFixed(1)} MB; ${unparsable} do not parse (same for every run)`);
for (const name of names) console.log(`${name.padEnd(7)} ${s(totals[name]).toFixed(2)} s, ${findings[name]} findings`);
const over = (name, baseline) => ((s(totals[name]) / s(totals[baseline]) - 1) * 100).toFixed(1);
console.log(`over no rules:    plugin (all ${Object.keys(plugin.rules).length} rules) +${over('plugin', 'none')} %, n/no-deprecated-api +${over('anchor', 'none')} %, a no-op rule +${over('noop', 'none')} %`);
console.log(`over a no-op rule: plugin +${over('plugin', 'noop')} %, n/no-deprecated-api +${over('anchor', 'noop')} %`);
