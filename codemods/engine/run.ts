/**
 * One codemod run over a set of paths: read, transform, write (temp file + rename), and make the
 * packages that now import exclusive-bind depend on it. The command prints what this returns.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import writeFileAtomic from 'write-file-atomic';
import type { CodemodDefinition } from './definition.js';
import { findSourceFiles } from './find-files.js';
import { checkHelperDependency, HELPER_RANGE, helperManifestEdit, importsHelper, installCommandFor, ownerOf, type Owner } from './helper-dependency.js';
import { transformSource, type FileResult } from './transform-source.js';

export interface Summary {
  transform: string;
  dry: boolean;
  files: number;
  changed: { file: string; changes: FileResult['changes']; diff?: string }[];
  unchanged: number;
  skipped: number;
  review: { file: string; line: number; column: number; reason: string }[];
  errors: { file: string; error: string }[];
  /** Manifests that must provide exclusive-bind because a file now imports it. */
  dependencies: { manifest: string; status: 'added' | 'present'; range: string; files: string[]; diff?: string }[];
  /** What to run afterwards, one entry per install root, for the manifests that gained the dependency. */
  install: { cwd: string; command: string }[];
}

export interface RunOptions {
  readonly dry: boolean;
  /** Paths in the summary are relative to this folder. */
  readonly cwd: string;
  /**
   * Rewrite nothing; only make the packages of files that already import exclusive-bind provide it
   * (the step after a per-file engine such as the Codemod CLI's jssg, which cannot edit manifests).
   */
  readonly dependenciesOnly?: boolean;
  /** Called before each file is read. */
  readonly onFile?: (index: number, total: number, relative: string) => void;
}

type ManifestOwner = Extract<Owner, { manifest: string }>;

export function runCodemod(definition: CodemodDefinition, targets: readonly string[], options: RunOptions): Summary {
  const relativeOf = (file: string) => path.relative(options.cwd, file) || file;
  const files = findSourceFiles(targets);
  const summary: Summary = {
    transform: definition.name,
    dry: options.dry,
    files: files.length,
    changed: [],
    unchanged: 0,
    skipped: 0,
    review: [],
    errors: [],
    dependencies: [],
    install: [],
  };
  /** Per manifest: its entry in the summary, or why it cannot be edited. */
  const manifests = new Map<string, Summary['dependencies'][number] | { error: string }>();

  /** Makes the manifest provide the helper (written before the file that needs it) or says why not. */
  const provide = (owner: ManifestOwner, file: string): string | undefined => {
    let entry = manifests.get(owner.manifest);
    if (!entry) {
      try {
        const edit = helperManifestEdit(owner);
        const relative = relativeOf(edit.manifest);
        entry = { manifest: relative, status: edit.status, range: HELPER_RANGE, files: [] };
        if (edit.status === 'added') {
          if (options.dry) entry.diff = createTwoFilesPatch(`a/${relative}`, `b/${relative}`, edit.before, edit.after);
          else writeFileAtomic.sync(edit.manifest, edit.after);
        }
        summary.dependencies.push(entry);
      } catch (error) {
        entry = { error: `${relativeOf(owner.manifest)} cannot gain the exclusive-bind dependency: ${(error as Error).message}` };
      }
      manifests.set(owner.manifest, entry);
    }
    if ('error' in entry) return entry.error;
    entry.files.push(relativeOf(file));
    return undefined;
  };

  const provideForExistingImport = (file: string, relative: string, source: string) => {
    if (!importsHelper(source)) {
      summary.unchanged++;
      return;
    }
    const owner = ownerOf(file);
    if (owner.kind === 'unresolvable') {
      summary.review.push({ file: relative, line: 1, column: 1, reason: owner.reason.replace('the rewrite imports', 'this file imports') });
      return;
    }
    const problem = provide(owner, file);
    if (problem) summary.errors.push({ file: relative, error: problem });
    else summary.unchanged++;
  };

  files.forEach((file, index) => {
    const relative = relativeOf(file);
    options.onFile?.(index, files.length, relative);
    let source: string;
    try {
      source = fs.readFileSync(file, 'utf8');
    } catch (error) {
      summary.errors.push({ file: relative, error: (error as Error).message });
      return;
    }
    if (options.dependenciesOnly) {
      provideForExistingImport(file, relative, source);
      return;
    }
    let result: FileResult;
    try {
      const checked = checkHelperDependency(transformSource(definition, source, file), source, file);
      result = checked.result;
      const problem = checked.owner && provide(checked.owner, file);
      if (problem) result = { status: 'error', output: source, changes: [], review: result.review, error: problem };
    } catch (error) {
      result = { status: 'error', output: source, changes: [], review: [], error: `internal error: ${(error as Error).message}` };
    }
    for (const item of result.review) summary.review.push({ file: relative, ...item });
    if (result.status === 'error') summary.errors.push({ file: relative, error: result.error ?? 'unknown error' });
    else if (result.status === 'skipped') summary.skipped++;
    else if (result.status === 'unchanged') summary.unchanged++;
    else {
      const entry: Summary['changed'][number] = { file: relative, changes: result.changes };
      if (options.dry) entry.diff = createTwoFilesPatch(`a/${relative}`, `b/${relative}`, source, result.output);
      // Temp file + rename: an interrupted run never leaves a half-written file.
      else writeFileAtomic.sync(file, result.output);
      summary.changed.push(entry);
    }
  });

  const installs = new Map<string, Summary['install'][number]>();
  for (const [manifest, entry] of manifests) {
    if ('error' in entry || entry.status !== 'added') continue;
    const { cwd, command } = installCommandFor(manifest);
    installs.set(`${cwd}\0${command}`, { cwd: path.relative(options.cwd, cwd) || '.', command });
  }
  summary.install = [...installs.values()];
  return summary;
}

/** The summary as text: diffs first (dry run), then counts, per-file lines, and the install step last. */
export function formatSummary(summary: Summary): string {
  const out: string[] = [];
  for (const entry of summary.changed) if (entry.diff) out.push(entry.diff);
  for (const entry of summary.dependencies) if (entry.diff) out.push(entry.diff);
  const verb = summary.dry ? 'would change' : 'changed';
  out.push(
    `${summary.transform}: ${summary.files} file(s) read; ${verb} ${summary.changed.length}, unchanged ${summary.unchanged}, ` +
      `skipped by prefilter ${summary.skipped}, left for review ${summary.review.length}, errors ${summary.errors.length}`,
  );
  for (const entry of summary.changed) {
    out.push(`  ${verb}: ${entry.file} (${entry.changes.map((c) => `${c.line}:${c.column} ${c.change}`).join(', ')})`);
    for (const c of entry.changes) if (c.note) out.push(`  note: ${entry.file}:${c.line}:${c.column} ${c.note}`);
  }
  for (const item of summary.review) out.push(`  review: ${item.file}:${item.line}:${item.column} ${item.reason}`);
  for (const item of summary.errors) out.push(`  error: ${item.file}: ${item.error}`);
  for (const entry of summary.dependencies) {
    const what = entry.manifest.endsWith('package.json') ? 'dependencies' : 'imports';
    const action =
      entry.status === 'present'
        ? `already provides exclusive-bind, left alone`
        : `${summary.dry ? 'would gain' : 'gained'} "exclusive-bind": "${entry.range}" in ${what}`;
    out.push(`  dependency: ${entry.manifest} ${action} (imported by ${entry.files.join(', ')})`);
  }
  if (summary.install.length > 0) {
    const steps = summary.install.map(({ cwd, command }) => (cwd === '.' ? command : `(cd ${shellQuote(cwd)} && ${command})`));
    out.push(`${summary.dry ? 'After applying, install' : 'Now install'} the new dependency: ${steps.join('; ')}`);
  }
  return `${out.join('\n')}\n`;
}

function shellQuote(text: string): string {
  return /^[\w./@:-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
