/**
 * One codemod over several repositories: each is checked (a git work tree, nothing uncommitted
 * unless allowed), transformed with its own .gitignore and package.json, and optionally committed
 * on a new branch with a message that lists what changed and what was left for review.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { CodemodDefinition } from './definition.js';
import { runCodemod, type Summary } from './run.js';

export interface RepositoryOptions {
  readonly dry: boolean;
  readonly allowDirty: boolean;
  /** Create this branch and commit the changes on it. */
  readonly branch?: string | undefined;
}

/** `changed`/`unchanged`: processed; `review`: processed, something left for review; `refused`: not touched; `error`: a file or a git step failed. */
export type RepositoryStatus = 'changed' | 'unchanged' | 'refused' | 'error';

export interface RepositoryReport {
  repository: string;
  status: RepositoryStatus;
  /** Why a repository was refused or failed. */
  reason?: string;
  branch?: string;
  commit?: string;
  seconds: number;
  summary?: Summary;
}

/** Exit code per status; the command exits with the worst (highest severity) of its repositories. */
const SEVERITY: Record<RepositoryStatus, number> = { unchanged: 0, changed: 0, refused: 3, error: 1 };
const RANK: Record<RepositoryStatus, number> = { unchanged: 0, changed: 0, refused: 1, error: 2 };

export function exitCodeOf(reports: readonly RepositoryReport[]): number {
  const worst = reports.reduce<RepositoryStatus>((a, r) => (RANK[r.status] > RANK[a] ? r.status : a), 'unchanged');
  return SEVERITY[worst];
}

function git(cwd: string, args: readonly string[]): { ok: boolean; out: string } {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  const out = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  return { ok: result.status === 0, out: result.error ? result.error.message : out };
}

/** Reads a list file: one repository per line, `#` comments and blank lines ignored, paths relative to the file. */
export function readRepositoryList(file: string): string[] {
  const base = path.dirname(path.resolve(file));
  return fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter(Boolean)
    .map((line) => path.resolve(base, line));
}

/** The commit message: what changed (per file, per manifest) and what was left for review. */
export function commitMessage(summary: Summary): string {
  const lines = [`Apply exclusive-bind codemod "${summary.transform}" to ${summary.changed.length} file(s)`, '', 'Changed:'];
  for (const entry of summary.changed) {
    lines.push(`- ${entry.file}: ${entry.changes.map((c) => `${c.line}:${c.column} ${c.change}`).join(', ')}`);
    for (const c of entry.changes) if (c.note) lines.push(`  note: ${c.line}:${c.column} ${c.note}`);
  }
  for (const entry of summary.dependencies.filter((d) => d.status === 'added')) {
    lines.push(`- ${entry.manifest}: exclusive-bind ${entry.range} added (imported by ${entry.files.join(', ')})`);
  }
  lines.push('', 'Left for review:');
  if (summary.review.length === 0) lines.push('- nothing');
  for (const item of summary.review) lines.push(`- ${item.file}:${item.line}:${item.column} ${item.reason}`);
  if (summary.install.length > 0) {
    lines.push('', `Install the new dependency: ${summary.install.map((i) => (i.cwd === '.' ? i.command : `(cd ${i.cwd} && ${i.command})`)).join('; ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Processes one repository; never throws (a failure is the report's `error` status). */
export function runRepository(definition: CodemodDefinition, root: string, options: RepositoryOptions): RepositoryReport {
  const started = performance.now();
  const report = (fields: Omit<RepositoryReport, 'repository' | 'seconds'>): RepositoryReport => ({
    repository: root,
    ...fields,
    seconds: Math.round((performance.now() - started) / 10) / 100,
  });
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) return report({ status: 'error', reason: 'no such folder' });
  const top = git(root, ['rev-parse', '--show-toplevel']);
  if (!top.ok) return report({ status: 'refused', reason: `not a git repository: ${top.out.split('\n')[0]}` });
  if (fs.realpathSync(top.out) !== fs.realpathSync(root)) {
    return report({ status: 'refused', reason: `not the root of its repository (that is ${top.out})` });
  }
  const status = git(root, ['status', '--porcelain']);
  if (!status.ok) return report({ status: 'error', reason: `git status failed: ${status.out}` });
  if (status.out && !options.allowDirty) {
    const count = status.out.split('\n').length;
    return report({ status: 'refused', reason: `${count} uncommitted change(s); commit or stash them, or pass --allow-dirty` });
  }
  if (options.branch) {
    const exists = git(root, ['rev-parse', '--verify', '--quiet', `refs/heads/${options.branch}`]);
    if (exists.ok) return report({ status: 'refused', reason: `branch ${options.branch} already exists` });
    const valid = git(root, ['check-ref-format', '--branch', options.branch]);
    if (!valid.ok) return report({ status: 'error', reason: `invalid branch name: ${options.branch}` });
  }

  let summary: Summary;
  try {
    summary = runCodemod(definition, [root], { dry: options.dry, cwd: root });
  } catch (error) {
    return report({ status: 'error', reason: `internal error: ${(error as Error).message}` });
  }
  const changed = summary.changed.length > 0;
  const base = { summary, status: (summary.errors.length > 0 ? 'error' : changed ? 'changed' : 'unchanged') as RepositoryStatus };
  if (summary.errors.length > 0) Object.assign(base, { reason: `${summary.errors.length} file(s) could not be processed` });
  if (!options.branch || !changed) return report(base);
  if (options.dry) return report({ ...base, branch: options.branch });

  // Only the files the codemod wrote are committed: with --allow-dirty, other changes stay as they were.
  const paths = [...summary.changed.map((c) => c.file), ...summary.dependencies.filter((d) => d.status === 'added').map((d) => d.manifest)];
  const steps: (readonly string[])[] = [
    ['switch', '--quiet', '--create', options.branch],
    ['add', '--', ...paths],
    ['commit', '--quiet', '--no-verify', '--file', '-'],
  ];
  for (const args of steps) {
    const result =
      args[0] === 'commit'
        ? spawnSync('git', args, { cwd: root, encoding: 'utf8', input: commitMessage(summary) })
        : spawnSync('git', args, { cwd: root, encoding: 'utf8' });
    if (result.status !== 0) {
      const out = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
      return report({ ...base, status: 'error', branch: options.branch, reason: `git ${args[0]} failed: ${out || result.error?.message}` });
    }
  }
  const head = git(root, ['rev-parse', 'HEAD']);
  return report({ ...base, branch: options.branch, commit: head.out });
}

/** The summary table, one row per repository. */
export function formatTable(reports: readonly RepositoryReport[], cwd: string): string {
  const rows = reports.map((r) => {
    const s = r.summary;
    const name = path.relative(cwd, r.repository) || '.';
    return [
      name,
      r.status,
      s ? String(s.files) : '-',
      s ? String(s.changed.length) : '-',
      s ? String(s.review.length) : '-',
      s ? String(s.errors.length) : '-',
      s ? s.dependencies.filter((d) => d.status === 'added').map((d) => d.manifest).join(' ') || '-' : '-',
      r.commit ? `${r.branch} ${r.commit.slice(0, 7)}` : r.branch ? `${r.branch} (dry run)` : '-',
      r.reason ?? '',
    ];
  });
  const header = ['repository', 'status', 'files', 'changed', 'review', 'errors', 'dependency added', 'branch', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const numeric = new Set([2, 3, 4, 5]);
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
