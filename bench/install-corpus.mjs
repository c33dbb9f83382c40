#!/usr/bin/env node
// Installs the pinned corpus (bench/corpus.json) into .cache/bench-corpus from the npm registry,
// without running install scripts. Idempotent: skips the install when the lock matches the list.
// Exports the corpus file list for the benchmarks.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const corpusDir = path.join(root, '.cache/bench-corpus');
const { packages } = JSON.parse(fs.readFileSync(path.join(root, 'bench/corpus.json'), 'utf8'));
const EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx']);

export function installCorpus() {
  const stamp = path.join(corpusDir, 'installed.json');
  const wanted = JSON.stringify(packages);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted) return;
  fs.mkdirSync(corpusDir, { recursive: true });
  fs.writeFileSync(path.join(corpusDir, 'package.json'), JSON.stringify({ private: true, dependencies: packages }, null, 2));
  console.error(`installing ${Object.keys(packages).length} packages into ${path.relative(root, corpusDir)} …`);
  execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--omit=optional', '--loglevel=error'], {
    cwd: corpusDir,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  fs.writeFileSync(stamp, wanted);
}

/** Every JS/TS source file of the corpus (not .d.ts), sorted, with its text. */
export function corpusFiles() {
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && EXTENSIONS.has(path.extname(entry.name)) && !entry.name.endsWith('.d.ts')) out.push(full);
    }
  };
  walk(path.join(corpusDir, 'node_modules'));
  return out.sort();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  installCorpus();
  const files = corpusFiles();
  const bytes = files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
  console.log(`${files.length} files, ${(bytes / 1e6).toFixed(1)} MB in ${path.relative(root, corpusDir)}`);
}
