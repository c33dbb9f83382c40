/**
 * What the plugin reads from the project's own files (package.json), kept true in a process that
 * lives across lints, such as an editor's ESLint server: a cached value is used only while its
 * file's stat (mtime, size, inode) is the one it was read with, and a file that was absent is
 * looked for again, so an edited, new or deleted file is seen at the next lint.
 *
 * Stats are not free on every lookup, so each path is stat'ed at most once per linted file:
 * `beginFileLint` (called for each file by value-flow's `registerFile`) opens a scope, which ends
 * with the next file or with the synchronous job that lints the file (rules run synchronously).
 * Outside a scope every lookup stats its file.
 */
import fs from 'node:fs';

/** The linted file's Program while its lint runs; stats and memos below belong to it. */
let scope: object | undefined;
/** Per scope: each path's stat, null when there is no such file. */
let stats = new Map<string, fs.Stats | null>();
/** Bumped whenever a scope begins or ends; memos made in another generation are dropped. */
let generation = 0;

function endScope(): void {
  scope = undefined;
  stats = new Map();
  generation++;
}

/** Whether a microtask that ends the scope is already queued. */
let endQueued = false;

/** Starts the lint of the file whose tree is `program` (repeated calls for one file do nothing). */
export function beginFileLint(program: object): void {
  if (scope === program) return;
  endScope();
  scope = program;
  // One queued end at a time, holding no tree: a caller that lints thousands of files in one
  // synchronous loop (Linter#verify) would otherwise keep every file's tree alive until the loop ends.
  // Rules run synchronously, so the end never comes in the middle of a file.
  if (endQueued) return;
  endQueued = true;
  queueMicrotask(() => {
    endQueued = false;
    endScope();
  });
}

/** The file's stat, taken once per scope; undefined when there is no file (or it cannot be stat'ed). */
export function statOf(file: string): fs.Stats | undefined {
  let stat = scope ? stats.get(file) : undefined;
  if (stat === undefined) {
    try {
      stat = fs.statSync(file, { throwIfNoEntry: false }) ?? null;
    } catch {
      // ENOTDIR, EACCES: no file to read here.
      stat = null;
    }
    if (scope) stats.set(file, stat);
  }
  return stat ?? undefined;
}

/**
 * Values parsed from files by path, read again when the file's stat changes. `get` gives
 * undefined for a file that is absent, not a regular file, unreadable, or that `parse` rejects
 * (throws on).
 */
export class FileCache<T> {
  readonly #parse: (text: string) => T;
  readonly #entries = new Map<string, { readonly stamp: string; readonly value: T | undefined }>();

  constructor(parse: (text: string) => T) {
    this.#parse = parse;
  }

  get(file: string): T | undefined {
    const stat = statOf(file);
    if (!stat?.isFile()) {
      this.#entries.delete(file);
      return undefined;
    }
    const stamp = `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
    const entry = this.#entries.get(file);
    if (entry?.stamp === stamp) return entry.value;
    let value: T | undefined;
    try {
      value = this.#parse(fs.readFileSync(file, 'utf8'));
    } catch {
      value = undefined;
    }
    this.#entries.set(file, { stamp, value });
    return value;
  }
}

/**
 * `compute` memoized for the current scope only: for results derived from files through
 * `FileCache`/`statOf` (a walk up the folders), which must not outlive the stats they came from.
 * Outside a scope it computes every time.
 */
export function memoPerFileLint<K, V>(compute: (key: K) => V): (key: K) => V {
  let memo = new Map<K, V>();
  let memoGeneration = -1;
  return (key) => {
    if (!scope) return compute(key);
    if (memoGeneration !== generation) {
      memo = new Map();
      memoGeneration = generation;
    }
    if (memo.has(key)) return memo.get(key)!;
    const value = compute(key);
    memo.set(key, value);
    return value;
  };
}
