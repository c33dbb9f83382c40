#!/usr/bin/env node
/**
 * exclusive-bind-codemod <transform|all> [paths…] [--dry] [--json]
 * Exit codes: 0 done, 1 some file could not be processed, 2 usage error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createTwoFilesPatch } from 'diff';
import writeFileAtomic from 'write-file-atomic';
import { findSourceFiles } from './engine/find-files.js';
import { transformSource, type FileResult } from './engine/transform-source.js';
import { CODEMODS } from './index.js';

const USAGE = `Usage: exclusive-bind-codemod <transform> [paths…] [options]

Transforms: ${Object.keys(CODEMODS).join(', ')}
Paths default to the current folder; node_modules and .gitignore'd files are skipped.

Options:
  --dry     change nothing; print a unified diff of what would change
  --json    print the summary as JSON (for CI)
  --help    show this text`;

/** Progress goes to stderr every this many files on long runs. */
const PROGRESS_EVERY = 250;

interface Summary {
  transform: string;
  dry: boolean;
  files: number;
  changed: { file: string; changes: FileResult['changes']; diff?: string }[];
  unchanged: number;
  skipped: number;
  review: { file: string; line: number; column: number; reason: string }[];
  errors: { file: string; error: string }[];
}

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
      options: { dry: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
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
  const targets = paths.length > 0 ? paths : ['.'];
  for (const target of targets) if (!fs.existsSync(target)) usageError(`No such file or folder: ${target}`);

  const cwd = process.cwd();
  const files = findSourceFiles(targets);
  const summary: Summary = { transform: name, dry: Boolean(values.dry), files: files.length, changed: [], unchanged: 0, skipped: 0, review: [], errors: [] };
  const tty = process.stderr.isTTY;
  files.forEach((file, index) => {
    const relative = path.relative(cwd, file) || file;
    if (files.length > PROGRESS_EVERY && (index % PROGRESS_EVERY === 0 || (tty && index % 25 === 0))) {
      const line = `[${index}/${files.length}] ${relative}`;
      process.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
    }
    let source: string;
    try {
      source = fs.readFileSync(file, 'utf8');
    } catch (error) {
      summary.errors.push({ file: relative, error: (error as Error).message });
      return;
    }
    let result: FileResult;
    try {
      result = transformSource(definition, source, file);
    } catch (error) {
      result = { status: 'error', output: source, changes: [], review: [], error: `internal error: ${(error as Error).message}` };
    }
    for (const item of result.review) summary.review.push({ file: relative, ...item });
    if (result.status === 'error') summary.errors.push({ file: relative, error: result.error ?? 'unknown error' });
    else if (result.status === 'skipped') summary.skipped++;
    else if (result.status === 'unchanged') summary.unchanged++;
    else {
      const entry: Summary['changed'][number] = { file: relative, changes: result.changes };
      if (values.dry) entry.diff = createTwoFilesPatch(`a/${relative}`, `b/${relative}`, source, result.output);
      // Temp file + rename: an interrupted run never leaves a half-written file.
      else writeFileAtomic.sync(file, result.output);
      summary.changed.push(entry);
    }
  });
  if (tty && files.length > PROGRESS_EVERY) process.stderr.write('\r\x1b[K');

  if (values.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else printSummary(summary);
  return summary.errors.length > 0 ? 1 : 0;
}

function printSummary(summary: Summary): void {
  const out: string[] = [];
  for (const entry of summary.changed) if (entry.diff) out.push(entry.diff);
  const verb = summary.dry ? 'would change' : 'changed';
  out.push(
    `${summary.transform}: ${summary.files} file(s) read; ${verb} ${summary.changed.length}, unchanged ${summary.unchanged}, ` +
      `skipped by prefilter ${summary.skipped}, left for review ${summary.review.length}, errors ${summary.errors.length}`,
  );
  for (const entry of summary.changed) out.push(`  ${verb}: ${entry.file} (${entry.changes.map((c) => `${c.line}:${c.column} ${c.change}`).join(', ')})`);
  for (const item of summary.review) out.push(`  review: ${item.file}:${item.line}:${item.column} ${item.reason}`);
  for (const item of summary.errors) out.push(`  error: ${item.file}: ${item.error}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

process.exitCode = main(process.argv.slice(2));
