// core/file-cache.ts: cached file contents follow the file, with at most one stat per path per linted file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { beginFileLint, FileCache, memoPerFileLint } from '../../core/file-cache.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'eb-file-cache-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

let counter = 0;
function freshFile(): string {
  return path.join(root, `file-${counter++}.json`);
}

/** Writes `text` and moves the mtime on, so a rewrite is seen however coarse the file system's clock. */
function write(file: string, text: string): void {
  const before = fs.statSync(file, { throwIfNoEntry: false });
  fs.writeFileSync(file, text);
  if (before) {
    const later = new Date(before.mtimeMs + 10_000);
    fs.utimesSync(file, later, later);
  }
}

/** A cache of JSON files that counts how often it parsed one. */
function countingCache() {
  const parsed: string[] = [];
  const cache = new FileCache<unknown>((text) => {
    parsed.push(text);
    return JSON.parse(text);
  });
  return { cache, parsed };
}

describe('FileCache', () => {
  it('reads a file once while it is unchanged', () => {
    const file = freshFile();
    write(file, '{"a":1}');
    const { cache, parsed } = countingCache();
    expect(cache.get(file)).toEqual({ a: 1 });
    expect(cache.get(file)).toEqual({ a: 1 });
    expect(parsed).toEqual(['{"a":1}']);
  });

  it('reads it again after a change of the same size (mtime moved on)', () => {
    const file = freshFile();
    write(file, '{"a":1}');
    const { cache } = countingCache();
    expect(cache.get(file)).toEqual({ a: 1 });
    write(file, '{"a":2}');
    expect(cache.get(file)).toEqual({ a: 2 });
  });

  it('reads it again after a change of size within the same mtime', () => {
    const file = freshFile();
    write(file, '{"a":1}');
    const { mtime } = fs.statSync(file);
    const { cache } = countingCache();
    expect(cache.get(file)).toEqual({ a: 1 });
    fs.writeFileSync(file, '{"a":100}');
    fs.utimesSync(file, mtime, mtime);
    expect(cache.get(file)).toEqual({ a: 100 });
  });

  it('sees a file that appears, and one that goes away', () => {
    const file = freshFile();
    const { cache } = countingCache();
    expect(cache.get(file)).toBeUndefined();
    write(file, '{"late":true}');
    expect(cache.get(file)).toEqual({ late: true });
    fs.rmSync(file);
    expect(cache.get(file)).toBeUndefined();
  });

  it('gives undefined for a file its parser rejects, and reads it again once fixed', () => {
    const file = freshFile();
    write(file, '{"half":');
    const { cache } = countingCache();
    expect(cache.get(file)).toBeUndefined();
    write(file, '{"half":false}');
    expect(cache.get(file)).toEqual({ half: false });
  });

  it('gives undefined for a folder', () => {
    const { cache } = countingCache();
    expect(cache.get(root)).toBeUndefined();
  });
});

describe('one linted file: one stat per path', () => {
  it('stats a path once per file lint, and again for the next file', () => {
    const file = freshFile();
    write(file, '{"v":1}');
    const { cache } = countingCache();
    const statSync = vi.spyOn(fs, 'statSync');
    const statsOf = () => statSync.mock.calls.filter(([p]) => p === file).length;

    beginFileLint({});
    expect(cache.get(file)).toEqual({ v: 1 });
    write(file, '{"v":2}');
    // Same file lint: the stat taken at its start stands.
    expect(cache.get(file)).toEqual({ v: 1 });
    expect(statsOf()).toBe(2); // one by the cache, one by write() above

    beginFileLint({});
    expect(cache.get(file)).toEqual({ v: 2 });
    expect(cache.get(file)).toEqual({ v: 2 });
    expect(statsOf()).toBe(3);
  });

  it('ends the scope with the synchronous job that linted the file', async () => {
    const file = freshFile();
    write(file, '{"v":1}');
    const { cache } = countingCache();
    const program = {};
    beginFileLint(program);
    expect(cache.get(file)).toEqual({ v: 1 });
    write(file, '{"v":22}');
    await Promise.resolve();
    // The same Program linted again later (a Linter given the same SourceCode) stats again.
    beginFileLint(program);
    expect(cache.get(file)).toEqual({ v: 22 });
  });
});

describe('a synchronous loop over many files (Linter#verify in a loop, as the corpus run does)', () => {
  it('queues one end of scope for the whole loop, not one per file that would hold its tree until the loop ends', async () => {
    await Promise.resolve(); // start from a fresh job: no end queued
    const queued = vi.spyOn(globalThis, 'queueMicrotask');
    try {
      for (let i = 0; i < 50; i++) beginFileLint({ file: i });
      expect(queued).toHaveBeenCalledTimes(1);
    } finally {
      queued.mockRestore();
    }
  });
});

describe('memoPerFileLint', () => {
  it('computes once per file lint, and every time outside one', async () => {
    const calls: string[] = [];
    const memo = memoPerFileLint((key: string) => {
      calls.push(key);
      return key.length;
    });
    await Promise.resolve(); // no scope left over from an earlier test
    expect([memo('ab'), memo('ab')]).toEqual([2, 2]);
    expect(calls).toEqual(['ab', 'ab']);

    calls.length = 0;
    beginFileLint({});
    expect([memo('ab'), memo('ab'), memo('c')]).toEqual([2, 2, 1]);
    expect(calls).toEqual(['ab', 'c']);
    beginFileLint({});
    expect(memo('ab')).toBe(2);
    expect(calls).toEqual(['ab', 'c', 'ab']);
  });
});
