#!/usr/bin/env node
// Codemod throughput on the real corpus: the recipe (every transform, one pass) against
// jscodeshift's identity transform (parse + print every file), in the same process, chunk by
// chunk and in alternating order so machine noise hits both alike. Prints files/s and the ratio.
//   node bench/codemod-throughput.mjs [--limit N]     (needs npm run build)
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { corpusFiles, installCorpus } from './install-corpus.mjs';
import { transformSource } from '../dist/codemods/engine/transform-source.js';
import { CODEMODS } from '../dist/codemods/index.js';

const require = createRequire(import.meta.url);
const jscodeshift = require('jscodeshift');
const { values } = parseArgs({ options: { limit: { type: 'string' }, chunk: { type: 'string', default: '100' } } });

installCorpus();
let files = corpusFiles();
if (values.limit) files = files.slice(0, Number(values.limit));
const sources = files.map((file) => fs.readFileSync(file, 'utf8'));

const parserFor = (file) => {
  const ext = path.extname(file);
  return ext === '.ts' || ext === '.mts' || ext === '.cts' ? 'ts' : ext === '.tsx' ? 'tsx' : 'babel';
};
const shifters = new Map();
function identity(file, source) {
  const parser = parserFor(file);
  if (!shifters.has(parser)) shifters.set(parser, jscodeshift.withParser(parser));
  return shifters.get(parser)(source).toSource();
}

const recipe = CODEMODS.all;
const totals = { identity: 0n, recipe: 0n };
const counts = { identityErrors: 0, changed: 0, review: 0, skipped: 0, unchanged: 0, errors: 0 };

function timeIdentity(from, to) {
  const start = process.hrtime.bigint();
  for (let i = from; i < to; i++) {
    try {
      identity(files[i], sources[i]);
    } catch {
      counts.identityErrors++;
    }
  }
  totals.identity += process.hrtime.bigint() - start;
}

function timeRecipe(from, to) {
  const start = process.hrtime.bigint();
  for (let i = from; i < to; i++) {
    const result = transformSource(recipe, sources[i], files[i]);
    counts[result.status === 'error' ? 'errors' : result.status]++;
    counts.review += result.review.length;
  }
  totals.recipe += process.hrtime.bigint() - start;
}

// Warm both up on the first chunk (JIT, parser caches), untimed.
const chunk = Number(values.chunk);
for (let i = 0; i < Math.min(chunk, files.length); i++) {
  try { identity(files[i], sources[i]); } catch {}
  transformSource(recipe, sources[i], files[i]);
}

for (let from = 0, round = 0; from < files.length; from += chunk, round++) {
  const to = Math.min(from + chunk, files.length);
  if (round % 2 === 0) { timeIdentity(from, to); timeRecipe(from, to); }
  else { timeRecipe(from, to); timeIdentity(from, to); }
  if (round % 20 === 0) process.stderr.write(`\r${to}/${files.length}`);
}
process.stderr.write('\n');

const seconds = (ns) => Number(ns) / 1e9;
const rate = (ns) => files.length / seconds(ns);
const bytes = sources.reduce((sum, s) => sum + s.length, 0);
console.log(`corpus: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB (bench/corpus.json)`);
console.log(`jscodeshift identity (parse + print): ${rate(totals.identity).toFixed(0)} files/s (${seconds(totals.identity).toFixed(1)} s, ${counts.identityErrors} files it could not parse)`);
console.log(`recipe (all transforms, one pass):    ${rate(totals.recipe).toFixed(0)} files/s (${seconds(totals.recipe).toFixed(1)} s)`);
console.log(`  would change ${counts.changed}, unchanged after parse ${counts.unchanged}, skipped by prefilter ${counts.skipped}, left for review ${counts.review}, errors ${counts.errors}`);
console.log(`ratio recipe / identity: ${(rate(totals.recipe) / rate(totals.identity)).toFixed(1)}x`);
