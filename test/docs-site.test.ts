// The docs site (eleventy.config.mjs + scripts/build-docs-site.mjs): every docs page becomes an HTML
// page, the sidebar lists every rule and codemod, and no internal link or anchor is broken.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rewriteHref, urlOfPage } from '../eleventy.config.mjs';
import plugin from '../index.js';
import { buildDocsSite, checkDocsSite } from '../scripts/build-docs-site.mjs';

const root = path.resolve(import.meta.dirname, '..');
const docsDir = path.join(root, 'docs');

function markdownPages(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('_')) return []; // _includes: layouts, not pages
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return markdownPages(full);
    return entry.name.endsWith('.md') ? [path.relative(docsDir, full)] : [];
  });
}

/** The output file of a page: `/rules/x/` → rules/x/index.html. */
const htmlFileOf = (out: string, url: string) => path.join(out, ...url.split('/').filter(Boolean), 'index.html');

const navHrefs = (html: string) => {
  const nav = /<nav class="sidebar"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
  return [...nav.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
};

let tmp: string;
let out: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-site-'));
  out = path.join(tmp, 'site');
  await buildDocsSite({ output: out });
}, 60_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('docs site', () => {
  const pages = markdownPages(docsDir);

  it('has the pages the navigation needs', () => {
    for (const page of ['index.md', 'getting-started.md', 'troubleshooting.md', 'oxlint.md', 'platform-matrix.md', 'helper/README.md', 'codemods/README.md']) {
      expect(pages, page).toContain(page);
    }
  });

  it('turns every docs/**/*.md page into an HTML page', () => {
    expect(pages.length).toBeGreaterThan(10);
    for (const page of pages) {
      const file = htmlFileOf(out, urlOfPage(page));
      expect(fs.existsSync(file), `${page} → ${path.relative(out, file)}`).toBe(true);
      expect(fs.readFileSync(file, 'utf8')).toMatch(/<h1[ >]/);
    }
  });

  it('lists every rule and every codemod page in the sidebar of every page', () => {
    const rulePages = fs.readdirSync(path.join(docsDir, 'rules')).filter((f) => f.endsWith('.md'));
    const codemodPages = fs.readdirSync(path.join(docsDir, 'codemods')).filter((f) => f.endsWith('.md') && f !== 'README.md');
    expect(rulePages.map((f) => f.replace(/\.md$/, '')).sort()).toEqual(Object.keys(plugin.rules).sort());
    const expected = [
      '/',
      '/getting-started/',
      '/oxlint/',
      '/codemods/',
      '/helper/',
      '/platform-matrix/',
      '/what-the-rules-follow/',
      '/troubleshooting/',
      ...rulePages.map((f) => `/rules/${f.replace(/\.md$/, '')}/`),
      ...codemodPages.map((f) => `/codemods/${f.replace(/\.md$/, '')}/`),
    ];
    for (const page of pages) {
      const hrefs = navHrefs(fs.readFileSync(htmlFileOf(out, urlOfPage(page)), 'utf8'));
      for (const url of expected) expect(hrefs, `${page} sidebar`).toContain(url);
    }
  });

  it('rewrites .md links to site URLs and links out of docs/ to the repository', () => {
    const page = path.join(root, 'docs/codemods/README.md');
    expect(rewriteHref('reuse-port.md', page, 'docs')).toBe('/codemods/reuse-port/');
    expect(rewriteHref('../rules/no-reuse-port.md#options', page, 'docs')).toBe('/rules/no-reuse-port/#options');
    expect(rewriteHref('../helper/README.md', page, 'docs')).toBe('/helper/');
    expect(rewriteHref('../../bench/RESULTS.md', page, 'docs')).toBe(
      'https://github.com/exclusive-bind/exclusive-bind/blob/main/bench/RESULTS.md',
    );
    expect(rewriteHref('../../examples/', page, 'docs')).toBe('https://github.com/exclusive-bind/exclusive-bind/tree/main/examples');
    expect(rewriteHref('#api', page, 'docs')).toBeUndefined();
    expect(rewriteHref('https://eslint.org/', page, 'docs')).toBeUndefined();
    const html = fs.readFileSync(htmlFileOf(out, '/codemods/'), 'utf8');
    expect(html).not.toMatch(/href="(?!https:)[^"]*\.md(#[^"]*)?"/);
    expect(html).toContain('href="https://github.com/exclusive-bind/exclusive-bind/blob/main/bench/RESULTS.md"');
  });

  it('has no broken internal link or anchor', async () => {
    const report = await checkDocsSite(out);
    expect(report.broken).toEqual([]);
    expect(report.checked).toBeGreaterThan(20);
  }, 60_000);

  it('reports a broken page link, a broken anchor and a repository link to a missing file', async () => {
    const input = path.join(tmp, 'docs');
    fs.cpSync(docsDir, input, { recursive: true });
    fs.writeFileSync(
      path.join(input, 'troubleshooting.md'),
      '# Broken\n\n[gone](rules/no-such-rule.md), [anchor](helper/README.md#no-such-heading), [file](../no-such-file.md)\n',
    );
    const brokenOut = path.join(tmp, 'broken-site');
    await buildDocsSite({ input, output: brokenOut });
    const report = await checkDocsSite(brokenOut);
    const urls = report.broken.map((b: { url: string }) => b.url).join('\n');
    expect(urls).toMatch(/rules\/no-such-rule\//);
    expect(urls).toMatch(/helper\/#no-such-heading/);
    expect(urls).toMatch(/blob\/main\/no-such-file\.md/);
  }, 60_000);
});
