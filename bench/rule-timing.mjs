#!/usr/bin/env node
// Per-rule time on the real corpus, from ESLint's own stats (`stats: true`, what `eslint --stats`
// reports): every rule of the plugin's `all` config and, in the same run, the anchor
// eslint-plugin-n no-deprecated-api, each as a share of ESLint's parse time for the same files.
// A rule's time includes its create() and its text filter.
//   node bench/rule-timing.mjs [--every N]      (needs npm run build)
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ESLint } from 'eslint';
import nodePlugin from 'eslint-plugin-n';
import plugin from '../dist/index.js';
import { corpusDir, corpusFiles, installCorpus } from './install-corpus.mjs';

const { values } = parseArgs({ options: { every: { type: 'string', default: '3' } } });

installCorpus();
const files = corpusFiles()
  .filter((file) => /\.(c|m)?js$/.test(file))
  .filter((_, index) => index % Number(values.every) === 0);

const eslint = new ESLint({
  cwd: corpusDir,
  overrideConfigFile: true,
  stats: true,
  overrideConfig: [
    { ignores: ['!**/node_modules/'] },
    { files: ['**/*.{js,cjs,mjs}'], languageOptions: { ecmaVersion: 'latest' }, linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } },
    ...plugin.configs.all,
    { plugins: { n: nodePlugin }, rules: { 'n/no-deprecated-api': 'error' } },
  ],
});

// Warm-up, untimed: the first files pay for compiling the rules.
for (const file of files.slice(0, 100)) await eslint.lintText(fs.readFileSync(file, 'utf8'), { filePath: file });

let parse = 0;
const rules = new Map();
for (const [index, file] of files.entries()) {
  const [result] = await eslint.lintText(fs.readFileSync(file, 'utf8'), { filePath: file });
  for (const pass of result.stats?.times.passes ?? []) {
    parse += pass.parse?.total ?? 0;
    for (const [rule, time] of Object.entries(pass.rules ?? {})) rules.set(rule, (rules.get(rule) ?? 0) + time.total);
  }
  if (index % 500 === 0) process.stderr.write(`\r${index}/${files.length}`);
}
process.stderr.write('\n');

const ours = [...rules].filter(([rule]) => rule.startsWith('exclusive-bind/')).sort((a, b) => b[1] - a[1]);
const row = (name, ms) => `| ${name} | ${ms.toFixed(0)} ms | ${((ms / parse) * 100).toFixed(2)} % |`;
console.log(`${files.length} JS files (every ${values.every}th of the corpus), ESLint parse time ${parse.toFixed(0)} ms`);
console.log('| rule | time | share of parse time |\n|---|---|---|');
for (const [rule, ms] of ours) console.log(row(rule.replace('exclusive-bind/', ''), ms));
console.log(row(`**all ${ours.length}**`, ours.reduce((sum, [, ms]) => sum + ms, 0)));
console.log(row('n/no-deprecated-api (anchor)', rules.get('n/no-deprecated-api') ?? 0));
