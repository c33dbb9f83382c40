/**
 * The files a codemod run reads: source files under the given paths, skipping node_modules, .git
 * and whatever the .gitignore files on the way (and above, up to the repository root) ignore.
 * A file named explicitly is always read.
 */
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { isSourceFile } from './languages.js';

interface Rules {
  readonly base: string;
  readonly rules: Ignore;
}

const ALWAYS_SKIPPED = new Set(['node_modules', '.git']);

function loadGitignore(dir: string): Rules | undefined {
  const file = path.join(dir, '.gitignore');
  if (!fs.existsSync(file)) return undefined;
  return { base: dir, rules: ignore().add(fs.readFileSync(file, 'utf8')) };
}

/** .gitignore files of the folders above `dir`, up to the one holding .git. */
function ancestorRules(dir: string): Rules[] {
  const found: Rules[] = [];
  let current = path.dirname(dir);
  let child = dir;
  while (current !== child) {
    const rules = loadGitignore(current);
    if (rules) found.unshift(rules);
    if (fs.existsSync(path.join(current, '.git'))) break;
    child = current;
    current = path.dirname(current);
  }
  return fs.existsSync(path.join(dir, '.git')) ? [] : found;
}

function isIgnored(full: string, isDir: boolean, stack: readonly Rules[]): boolean {
  return stack.some(({ base, rules }) => {
    const relative = path.relative(base, full);
    if (!relative || relative.startsWith('..')) return false;
    return rules.ignores(isDir ? `${relative}/` : relative);
  });
}

function walk(dir: string, stack: readonly Rules[], out: string[]): void {
  const own = loadGitignore(dir);
  const rules = own ? [...stack, own] : stack;
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!ALWAYS_SKIPPED.has(entry.name) && !isIgnored(full, true, rules)) walk(full, rules, out);
    } else if (entry.isFile() && isSourceFile(entry.name) && !isIgnored(full, false, rules)) {
      out.push(full);
    }
  }
}

export function findSourceFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const input of paths) {
    const full = path.resolve(input);
    const stat = fs.statSync(full);
    if (stat.isDirectory()) walk(full, ancestorRules(full), out);
    else out.push(full);
  }
  return [...new Set(out)];
}
