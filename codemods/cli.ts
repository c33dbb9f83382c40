#!/usr/bin/env node
/**
 * exclusive-bind-codemod <transform|all> [paths…] [--dry] [--json]
 * Exit codes: 0 done, 1 some file could not be processed, 2 usage error.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { formatSummary, runCodemod } from './engine/run.js';
import { CODEMODS } from './index.js';

const USAGE = `Usage: exclusive-bind-codemod <transform> [paths…] [options]

Transforms: ${Object.keys(CODEMODS).join(', ')}
Paths default to the current folder; node_modules and .gitignore'd files are skipped.
A package whose files gain an exclusive-bind import gains the dependency in its package.json
(or its deno.json imports); the summary ends with the install command to run.

Options:
  --dry     change nothing; print a unified diff of what would change
  --json    print the summary as JSON (for CI)
  --help    show this text`;

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

  const tty = process.stderr.isTTY;
  const summary = runCodemod(definition, targets, {
    dry: Boolean(values.dry),
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

process.exitCode = main(process.argv.slice(2));
