#!/usr/bin/env node
// Builds the docs site (docs/ → .cache/docs-site/, config: eleventy.config.mjs) and checks every
// link in the output with linkinator, offline:
// - links inside the site (pages, anchors) are crawled from a local server and must resolve,
//   fragments included;
// - links to this repository on GitHub (`…/exclusive-bind/blob/main/bench/RESULTS.md`, which is what
//   `../../bench/RESULTS.md` in a page becomes) must name a file or folder that exists here;
// - other http(s) links are not fetched, only required to be well-formed URLs.
// Exit code 1 on any broken link.
//
//   node scripts/build-docs-site.mjs [--output DIR] [--input DIR] [--no-check]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Eleventy from '@11ty/eleventy';
import { LinkChecker, LinkState } from 'linkinator';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPOSITORY = 'https://github.com/exclusive-bind/exclusive-bind';

export const DEFAULT_OUTPUT = path.join(root, '.cache/docs-site');

/** Builds the site into `output` (emptied first). Returns the pages written. */
export async function buildDocsSite({ input = path.join(root, 'docs'), output = DEFAULT_OUTPUT, quiet = true } = {}) {
  fs.rmSync(output, { recursive: true, force: true });
  const eleventy = new Eleventy(input, output, {
    configPath: path.join(root, 'eleventy.config.mjs'),
    quietMode: quiet,
    // As on the command line: `input` and `output` win over the config file's `dir` (for a
    // 'script' source Eleventy lets the config file override them).
    source: 'cli',
  });
  const results = await eleventy.write();
  const pages = results.flat(Infinity).filter((r) => r && r.outputPath);
  return pages.map((r) => ({ inputPath: r.inputPath, outputPath: r.outputPath, url: r.url }));
}

/** Whether a link to this repository on GitHub names something that exists in the working tree. */
function repositoryLinkExists(url) {
  const match = new RegExp(`^${REPOSITORY}/(blob|tree)/main/([^#?]*)`).exec(url);
  if (!match) return undefined;
  const target = path.join(root, decodeURIComponent(match[2]));
  if (!fs.existsSync(target)) return false;
  return match[1] === 'tree' ? fs.statSync(target).isDirectory() : fs.statSync(target).isFile();
}

/**
 * Crawls the built site from a local server. Returns every link with its state; `broken` lists
 * the failures (internal links and anchors that do not resolve, repository links to missing files,
 * malformed external URLs).
 */
export async function checkDocsSite(output = DEFAULT_OUTPUT) {
  const checker = new LinkChecker();
  const result = await checker.check({
    // Start from every page (not only those reachable from the home page).
    serverRoot: output,
    path: '**/*.html',
    recurse: true,
    checkFragments: true,
    // Only the local server is crawled; nothing goes to the network.
    linksToSkip: async (link) => {
      try {
        const { protocol, hostname } = new URL(link);
        return !(protocol === 'http:' && (hostname === 'localhost' || hostname === '127.0.0.1'));
      } catch {
        return false; // not a URL: let linkinator report it
      }
    },
  });
  const broken = [];
  for (const link of result.links) {
    if (link.state === LinkState.BROKEN) {
      broken.push({ url: link.url, parent: link.parent, reason: `status ${link.status ?? '?'}` });
      continue;
    }
    if (link.state !== LinkState.SKIPPED) continue;
    let parsed;
    try {
      parsed = new URL(link.url);
    } catch {
      broken.push({ url: link.url, parent: link.parent, reason: 'malformed URL' });
      continue;
    }
    if (!['http:', 'https:', 'mailto:'].includes(parsed.protocol) || (parsed.protocol !== 'mailto:' && !parsed.hostname)) {
      broken.push({ url: link.url, parent: link.parent, reason: 'malformed URL' });
      continue;
    }
    if (repositoryLinkExists(link.url) === false) {
      broken.push({ url: link.url, parent: link.parent, reason: 'no such file in the repository' });
    }
  }
  const count = (state) => result.links.filter((l) => l.state === state).length;
  return {
    passed: broken.length === 0,
    broken,
    links: result.links,
    checked: count(LinkState.OK),
    skipped: count(LinkState.SKIPPED),
  };
}

async function main(argv) {
  const option = (name) => {
    const at = argv.indexOf(name);
    return at === -1 ? undefined : path.resolve(argv[at + 1]);
  };
  const output = option('--output') ?? DEFAULT_OUTPUT;
  const input = option('--input');
  const started = performance.now();
  const pages = await buildDocsSite({ output, ...(input ? { input } : {}), quiet: false });
  const built = performance.now();
  console.log(`built ${pages.length} pages into ${path.relative(process.cwd(), output) || '.'} in ${Math.round(built - started)} ms`);
  if (argv.includes('--no-check')) return 0;
  const report = await checkDocsSite(output);
  console.log(
    `link check: ${report.checked} internal links and anchors ok, ${report.skipped} external not fetched ` +
      `(well-formed; repository links point at existing files), ${report.broken.length} broken, ` +
      `${Math.round(performance.now() - built)} ms`,
  );
  for (const b of report.broken) console.error(`broken: ${b.url} (${b.reason}) on ${b.parent ?? '?'}`);
  return report.passed ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
