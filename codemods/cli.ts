#!/usr/bin/env node
/**
 * exclusive-bind-codemod <transform|all> [paths…] [--dry] [--json]
 * exclusive-bind-codemod <transform|all> --repos <root…> | --repo-list <file> [--allow-dirty] [--branch NAME] [--report FILE]
 * Exit codes: 0 done, 1 some file (or repository) could not be processed, 2 usage error,
 * 3 a repository was refused (uncommitted changes, not a repository root).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { commitMessage, exitCodeOf, formatTable, readRepositoryList, runRepository, type RepositoryReport } from './engine/repositories.js';
import { formatSummary, runCodemod } from './engine/run.js';
import { CODEMODS } from './index.js';

const USAGE = `Usage: exclusive-bind-codemod <transform> [paths…] [options]
       exclusive-bind-codemod <transform> --repos <repository root…> [options]
       exclusive-bind-codemod <transform> --repo-list <file> [options]

Transforms: ${Object.keys(CODEMODS).join(', ')}
Paths default to the current folder; node_modules and .gitignore'd files are skipped.
A package whose files gain an exclusive-bind import gains the dependency in its package.json
(or its deno.json imports); the summary ends with the install command to run.

Options:
  --dry            change nothing; print a unified diff of what would change
  --json           print the summary as JSON (for CI); with repositories, one object per repository
  --only-dependencies
                   rewrite nothing: add exclusive-bind to the package of every file that already
                   imports it (after a run by another engine, e.g. the Codemod CLI's jssg step)
  --help           show this text

Several repositories (each with its own .gitignore and package.json):
  --repos          the paths are repository roots
  --repo-list F    read repository roots from file F (one per line, # comments)
  --allow-dirty    also process a repository with uncommitted changes (refused otherwise)
  --branch NAME    create branch NAME in each changed repository and commit the changes on it,
                   with a message listing what changed and what was left for review
  --report FILE    write the JSON report (one object per repository) to FILE

Exit code: 0 done; 1 a file or a repository could not be processed; 2 usage error;
3 a repository was refused. With several repositories, the worst one decides.`;

/** Progress goes to stderr every this many files on long runs. */
const PROGRESS_EVERY = 250;

function usageError(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        dry: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean' },
        repos: { type: 'boolean' },
        'repo-list': { type: 'string', multiple: true },
        'allow-dirty': { type: 'boolean' },
        branch: { type: 'string' },
        report: { type: 'string' },
        'only-dependencies': { type: 'boolean' },
      },
    });
  } catch (error) {
    usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [name, ...paths] = positionals;
  if (!name) usageError('Missing transform name.');
  const definition = CODEMODS[name];
  if (!definition) usageError(`Unknown transform "${name}".`);
  const repositoryMode = Boolean(values.repos || values['repo-list']);
  if (!repositoryMode) {
    for (const option of ['allow-dirty', 'branch', 'report'] as const) {
      if (values[option] !== undefined) usageError(`--${option} needs --repos or --repo-list.`);
    }
  }
  if (repositoryMode) {
    const roots = [...paths.map((p) => path.resolve(p))];
    for (const list of values['repo-list'] ?? []) {
      if (!fs.existsSync(list)) usageError(`No such repository list: ${list}`);
      roots.push(...readRepositoryList(list));
    }
    if (roots.length === 0) usageError('No repositories given.');
    return runRepositories(definition, [...new Set(roots)], {
      dry: Boolean(values.dry),
      allowDirty: Boolean(values['allow-dirty']),
      branch: values.branch,
      json: Boolean(values.json),
      report: values.report,
    });
  }
  const targets = paths.length > 0 ? paths : ['.'];
  for (const target of targets) if (!fs.existsSync(target)) usageError(`No such file or folder: ${target}`);

  const tty = process.stderr.isTTY;
  const summary = runCodemod(definition, targets, {
    dry: Boolean(values.dry),
    dependenciesOnly: Boolean(values['only-dependencies']),
    cwd: process.cwd(),
    onFile(index, total, relative) {
      if (total <= PROGRESS_EVERY || (index % PROGRESS_EVERY !== 0 && !(tty && index % 25 === 0))) return;
      const line = `[${index}/${total}] ${relative}`;
      process.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
    },
  });
  if (tty && summary.files > PROGRESS_EVERY) process.stderr.write('\r\x1b[K');

  process.stdout.write(values.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
  return summary.errors.length > 0 ? 1 : 0;
}

function runRepositories(
  definition: NonNullable<(typeof CODEMODS)[string]>,
  roots: readonly string[],
  options: { dry: boolean; allowDirty: boolean; branch: string | undefined; json: boolean; report: string | undefined },
): number {
  const cwd = process.cwd();
  const reports: RepositoryReport[] = [];
  roots.forEach((root, index) => {
    const name = path.relative(cwd, root) || '.';
    process.stderr.write(`[${index + 1}/${roots.length}] ${name} …\n`);
    const report = runRepository(definition, root, options);
    reports.push(report);
    const s = report.summary;
    const counts = s ? `: ${s.files} file(s), changed ${s.changed.length}, review ${s.review.length}, errors ${s.errors.length}` : '';
    process.stderr.write(`[${index + 1}/${roots.length}] ${name} ${report.status}${counts}${report.reason ? ` (${report.reason})` : ''} in ${report.seconds} s\n`);
    if (!options.json && s && (s.changed.length > 0 || s.review.length > 0 || s.errors.length > 0)) {
      process.stdout.write(`== ${name}\n${formatSummary(s)}`);
      if (options.dry && options.branch && s.changed.length > 0) process.stdout.write(`Would commit on ${options.branch}:\n${commitMessage(s)}`);
    }
  });
  const json = `${JSON.stringify(reports, null, 2)}\n`;
  if (options.report) fs.writeFileSync(options.report, json);
  process.stdout.write(options.json ? json : `\n${formatTable(reports, cwd)}`);
  return exitCodeOf(reports);
}

process.exitCode = main(process.argv.slice(2));
