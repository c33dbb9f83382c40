#!/usr/bin/env node
// The codemod over several repositories: `exclusive-bind-codemod all --repos …` (one process for
// all of them) against the same command run once per repository (one process each, as a script
// looping over repositories would), dry runs, in alternating order per round so machine noise hits
// both alike. Each repository is a copy of one corpus package made into a git repository (one commit).
// Prints files/s for both and the ratio.
//   npm run build && node bench/multi-repo.mjs [--repos 8] [--rounds 3]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { corpusDir, installCorpus } from './install-corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/codemods/cli.js');
const { values } = parseArgs({ options: { repos: { type: 'string', default: '8' }, rounds: { type: 'string', default: '3' } } });

/** Corpus packages that look like services: they listen on ports, so the codemod has work in them. */
const CANDIDATES = ['express', 'fastify', 'ws', 'socket.io', 'live-server', 'karma', 'pm2', 'smtp-server', 'mongodb-memory-server-core', '@fastify/static', 'portfinder', 'get-port'];

if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
installCorpus();
const modules = path.join(corpusDir, 'node_modules');
const chosen = CANDIDATES.filter((name) => fs.existsSync(path.join(modules, name, 'package.json'))).slice(0, Number(values.repos));

const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GIT_'))),
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
};
function sh(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0 && result.status !== 1) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'eb-multi-repo-'));
process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));
const repos = chosen.map((name) => {
  const dir = path.join(work, name.replace('/', '__'));
  // The package without its own node_modules: what its repository would hold.
  const from = path.join(modules, name);
  fs.cpSync(from, dir, { recursive: true, filter: (source) => !path.relative(from, source).split(path.sep).includes('node_modules') });
  sh('git', ['init', '--quiet'], dir);
  sh('git', ['add', '-A'], dir);
  sh('git', ['commit', '--quiet', '--no-verify', '-m', 'copy'], dir);
  return dir;
});

function together() {
  const report = JSON.parse(sh(process.execPath, [cli, 'all', '--repos', ...repos, '--dry', '--json'], work));
  return report.reduce((files, r) => files + (r.summary?.files ?? 0), 0);
}
function onePerRepository() {
  return repos.reduce((files, repo) => files + JSON.parse(sh(process.execPath, [cli, 'all', '.', '--dry', '--json'], repo)).files, 0);
}

const totals = { together: 0, separate: 0 };
let files = 0;
for (let round = 0; round < Number(values.rounds); round++) {
  const order = round % 2 === 0 ? ['together', 'separate'] : ['separate', 'together'];
  for (const which of order) {
    const start = performance.now();
    const count = which === 'together' ? together() : onePerRepository();
    totals[which] += performance.now() - start;
    files = count;
  }
}
const rate = (ms) => ((files * Number(values.rounds)) / (ms / 1000)).toFixed(0);
const report = JSON.parse(sh(process.execPath, [cli, 'all', '--repos', ...repos, '--dry', '--json'], work));
const changed = report.reduce((n, r) => n + (r.summary?.changed.length ?? 0), 0);
const review = report.reduce((n, r) => n + (r.summary?.review.length ?? 0), 0);
console.log(`${repos.length} repositories (${chosen.join(', ')}), ${files} files; dry run of \`all\`; ${values.rounds} rounds`);
console.log(`would change ${changed} file(s), ${review} left for review`);
console.log(`--repos, one process:        ${rate(totals.together)} files/s (${(totals.together / Number(values.rounds) / 1000).toFixed(1)} s per round)`);
console.log(`one process per repository: ${rate(totals.separate)} files/s (${(totals.separate / Number(values.rounds) / 1000).toFixed(1)} s per round)`);
console.log(`ratio (one process / one per repository): ${(totals.separate / totals.together).toFixed(2)}×`);
