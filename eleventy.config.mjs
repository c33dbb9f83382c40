// Eleventy config for the docs site: docs/ → .cache/docs-site/ (build and link check:
// scripts/build-docs-site.mjs). The Markdown pages stay plain GitHub Markdown; this file makes the
// same files work as a site:
// - permalinks: `rules/no-reuse-port.md` → `/rules/no-reuse-port/`, `codemods/README.md` →
//   `/codemods/`, `index.md` → `/`;
// - relative links to `.md` files are rewritten to those URLs (fragment kept), so one link works on
//   GitHub and in the site;
// - relative links that leave docs/ (`../../bench/RESULTS.md`) become absolute links to the
//   repository on GitHub: the site only contains docs/, and a link to the file on GitHub is what the
//   reader gets when reading the same page on GitHub;
// - headings get GitHub's ids (`## The shadowing check` → `#the-shadowing-check`), so in-page and
//   cross-page anchors written for GitHub resolve in the site too.
import path from 'node:path';
import { HtmlBasePlugin } from '@11ty/eleventy';

export const REPOSITORY = 'https://github.com/exclusive-bind/exclusive-bind';
const DOCS_DIR = 'docs';

/** GitHub's heading id: lower case, punctuation and symbols dropped, spaces → `-` (github-slugger). */
export function githubSlug(text) {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Site URL of a page given its path relative to docs/ (`rules/x.md` → `/rules/x/`). */
export function urlOfPage(relativePath) {
  const posix = relativePath.split(path.sep).join('/').replace(/\.md$/, '');
  const parts = posix.split('/');
  const last = parts.pop();
  if (last === 'index' || last === 'README') return `/${parts.map((p) => `${p}/`).join('')}`;
  return `/${[...parts, last].join('/')}/`;
}

/**
 * The site URL for `href` written in the page at `inputPath` (relative to the repository root, or
 * absolute), or undefined when the link is left as written (absolute URLs, in-page anchors,
 * site-absolute paths).
 */
export function rewriteHref(href, inputPath, inputDir) {
  if (!href || href.startsWith('#') || href.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(href)) return undefined;
  const hashAt = href.indexOf('#');
  const target = hashAt === -1 ? href : href.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : href.slice(hashAt);
  const docsRoot = path.resolve(inputDir);
  const resolved = path.resolve(path.dirname(path.resolve(inputPath)), decodeURI(target));
  const inDocs = path.relative(docsRoot, resolved);
  if (inDocs.startsWith('..') || path.isAbsolute(inDocs)) {
    // Leaves docs/: the repository's copy on GitHub (the repository root is docs/'s parent).
    const inRepo = path.relative(path.dirname(docsRoot), resolved).split(path.sep).join('/');
    const kind = target.endsWith('/') || !path.extname(inRepo) ? 'tree' : 'blob';
    return `${REPOSITORY}/${kind}/main/${encodeURI(inRepo)}${fragment}`;
  }
  if (target.endsWith('.md')) return `${urlOfPage(inDocs)}${fragment}`;
  if (target.endsWith('/') || target === '' || target === '.') {
    // A folder inside docs/: its README/index page.
    return `${urlOfPage(path.join(inDocs, 'index.md'))}${fragment}`;
  }
  return undefined; // another file copied as is (none today)
}

function inlineText(token) {
  return (token.children ?? [])
    .filter((child) => child.type === 'text' || child.type === 'code_inline')
    .map((child) => child.content)
    .join('');
}

/** markdown-it plugin: GitHub heading ids and `.md` link rewriting (needs env.page.inputPath). */
function docsMarkdown(md, inputDir) {
  md.core.ruler.push('github_heading_ids', (state) => {
    const seen = new Map();
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].type !== 'heading_open') continue;
      const base = githubSlug(inlineText(tokens[i + 1]));
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      tokens[i].attrSet('id', count === 0 ? base : `${base}-${count}`);
    }
  });
  const defaultLinkOpen =
    md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const inputPath = env?.page?.inputPath;
    if (inputPath) {
      const href = tokens[idx].attrGet('href');
      const rewritten = rewriteHref(href, inputPath, inputDir());
      if (rewritten !== undefined) tokens[idx].attrSet('href', rewritten);
    }
    return defaultLinkOpen(tokens, idx, options, env, self);
  };
}

export default function (eleventyConfig) {
  eleventyConfig.setTemplateFormats(['md']);
  // The input folder may be overridden (`--input`, `new Eleventy(input)`): read it when rendering.
  const inputDir = () => eleventyConfig.directories.input;
  eleventyConfig.amendLibrary('md', (md) => docsMarkdown(md, inputDir));
  eleventyConfig.addGlobalData('layout', 'layout.11ty.js');
  eleventyConfig.addGlobalData('permalink', () => (data) => {
    const url = urlOfPage(path.relative(path.resolve(inputDir()), path.resolve(data.page.inputPath)));
    return `${url}index.html`;
  });
  // `--pathprefix=/exclusive-bind/` (GitHub Pages project site) rewrites every absolute URL.
  eleventyConfig.addPlugin(HtmlBasePlugin);
  // Pages are plain Markdown: code samples may contain `{{` or `{%`, so no template engine first.
  // Directories in the returned object (not `setInputDirectory()`), so that `--input` / `--output`
  // and `new Eleventy(input, output)` (scripts/build-docs-site.mjs, the test) take precedence.
  return {
    dir: { input: DOCS_DIR, output: '.cache/docs-site', includes: '_includes' },
    markdownTemplateEngine: false,
  };
}
