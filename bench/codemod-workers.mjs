#!/usr/bin/env node
// Codemod throughput against the number of jscodeshift workers: the recipe bundle
// (dist/codemods/all.cjs) run by the jscodeshift CLI in dry mode over the corpus, in-band and with
// 1 … (cores - 1) workers (jscodeshift never starts more than cores - 1). Each setting runs
// `--rounds` times in rotating order; the median wall time gives files/s.
//   npm run build && node bench/codemod-workers.mjs [--rounds N]
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { corpusDir, corpusFiles, installCorpus } from './install-corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
installCorpus();
const files = corpusFiles().length;
const maxWorkers = Math.max(os.cpus().length - 1, 1);
const settings = [['in-band', ['--run-in-band']], ...Array.from({ length: maxWorkers }, (_, i) => [`${i + 1} worker(s)`, [`--cpus=${i + 1}`]])];
const times = Object.fromEntries(settings.map(([name]) => [name, []]));

for (let round = 0; round < Number(values.rounds); round++) {
  for (let k = 0; k < settings.length; k++) {
    const [name, flags] = settings[(round + k) % settings.length];
    const start = process.hrtime.bigint();
    const result = spawnSync(
      path.join(root, 'node_modules/.bin/jscodeshift'),
      ['--no-babel', '--dry', '--silent', ...flags, '-t', path.join(root, 'dist/codemods/all.cjs'), path.join(corpusDir, 'node_modules')],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    if (result.error) throw result.error;
    times[name].push(Number(process.hrtime.bigint() - start) / 1e9);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`corpus: ${files} files; ${os.cpus().length} cores, so jscodeshift runs at most ${maxWorkers} worker(s)`);
for (const [name] of settings) {
  const seconds = median(times[name]);
  console.log(`${name.padEnd(12)} ${(files / seconds).toFixed(0)} files/s (median of ${times[name].length}: ${seconds.toFixed(1)} s)`);
}
