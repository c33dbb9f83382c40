#!/usr/bin/env node
// Builds the codemods with esbuild (no options: `node scripts/build-codemods.mjs`):
//
//   dist/codemods/<name>.cjs   a jscodeshift transform for each codemods/<name>/transform.ts, plus
//                              all.cjs (every transform in one pass, CODEMODS.all of codemods/index.ts).
//                              Dependencies stay external: they are installed with the package.
//                              npx jscodeshift --no-babel --fail-on-error -t dist/codemods/reuse-port.cjs src
//   codemods/recipe/dist/runner.cjs
//                              codemods/cli.ts with everything bundled, for the Codemod CLI package
//                              (`codemod publish` ships no node_modules); copied into the dist/ of
//                              every other codemods/<name>/ that has a codemod.yaml.
//   codemods/recipe/dist/jssg.mjs
//                              the recipe as a jssg transform (the Codemod CLI's own engine), with
//                              everything bundled; see JSSG_SHIMS for what jssg's runtime lacks.
//   codemods/recipe/dist/THIRD-PARTY-LICENSES.txt
//                              the licences of the packages bundled into the runner.
//
// Old bundles are removed first; the output depends only on the sources and node_modules.
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const codemodsDir = path.join(root, 'codemods');
const transformsOut = path.join(root, 'dist', 'codemods');
const recipeDist = path.join(codemodsDir, 'recipe', 'dist');
const runner = path.join(recipeDist, 'runner.cjs');
const licences = path.join(recipeDist, 'THIRD-PARTY-LICENSES.txt');

/**
 * What the runner may leave unbundled besides node builtins; the engine never loads any of it.
 * - jiti (marked external): ESLint's config loader, reached through @typescript-eslint/utils →
 *   eslint/use-at-your-own-risk, imports this optional dependency lazily, only to load TypeScript
 *   config files; the engine runs ESLint's Linter with an inline config. Not installed here anyway.
 * - picomatch (only its `require.resolve` probe): fdir probes it inside try/catch; the module itself
 *   is bundled. Without node_modules the probe fails quietly and fdir does without; the engine never globs.
 */
const EXTERNAL = ['jiti', 'jiti/*'];
const allowedUnbundled = (entry) =>
  isBuiltin(entry.path) ||
  entry.path === 'jiti' ||
  entry.path.startsWith('jiti/') ||
  (entry.path === 'picomatch' && entry.kind === 'require-resolve');

const jssgBundle = path.join(recipeDist, 'jssg.mjs');

/**
 * jssg runs transforms in an embedded JavaScript runtime (QuickJS with a subset of Node's modules),
 * not in Node. What the engine's dependencies need from Node beyond that subset, and how the bundle
 * does without it (each found by running the bundle under `codemod jssg run`):
 * - `eslint`: its entry point loads the ESLint class, which needs `worker_threads`; the engine uses
 *   only `Linter`, so `eslint` resolves to Linter alone, plus the classes @typescript-eslint/utils
 *   extends at load time (never used by the engine).
 * - `eslint/use-at-your-own-risk`: only FlatESLint/LegacyESLint wrappers use it.
 * - `debug` (typescript-estree's logging) calls Node's tty and util at load time: a silent stub.
 * - `structuredClone` is missing: ESLint's config validation clones rule options, which here are
 *   plain JSON, so JSON round-tripping is enough.
 */
const eslintLinter = path.join(root, 'node_modules', 'eslint', 'lib', 'linter', 'linter.js');
const JSSG_SHIMS = {
  eslint: `const { Linter } = require(${JSON.stringify(eslintLinter)});
class ESLint { static version = Linter.version; }
class RuleTester {}
class SourceCode {}
module.exports = { Linter, ESLint, RuleTester, SourceCode };`,
  'eslint/use-at-your-own-risk': `class Unavailable {}
module.exports = { FlatESLint: Unavailable, LegacyESLint: Unavailable };`,
  debug: `function debug() { const log = () => {}; log.enabled = false; log.extend = debug; return log; }
debug.enable = () => {}; debug.disable = () => {}; debug.enabled = () => false;
module.exports = debug;`,
};
const JSSG_BANNER = 'globalThis.structuredClone ??= (value) => (value === undefined ? value : JSON.parse(JSON.stringify(value)));';
/** The Node modules jssg's runtime provides (its runtime documentation, `codemod ai docs jssg`). */
const JSSG_BUILTINS = new Set(['assert', 'buffer', 'console', 'crypto', 'events', 'fs', 'os', 'path', 'perf_hooks', 'process', 'string_decoder', 'timers', 'tty', 'util', 'url', 'zlib']);
const jssgShims = {
  name: 'jssg-shims',
  setup(b) {
    const names = Object.keys(JSSG_SHIMS).map((n) => n.replace(/[/.]/g, '\\$&'));
    b.onResolve({ filter: new RegExp(`^(?:${names.join('|')})$`) }, (args) => ({ path: args.path, namespace: 'jssg-shim' }));
    b.onLoad({ filter: /.*/, namespace: 'jssg-shim' }, (args) => ({ contents: JSSG_SHIMS[args.path], loader: 'js', resolveDir: root }));
    // jssg provides Node's modules to `import` only: a bundled `require('fs')` fails to resolve.
    // Each builtin a CommonJS dependency requires becomes a module that imports it.
    b.onResolve({ filter: /^(node:)?[a-z_]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (!isBuiltin(name)) return undefined;
      if (args.namespace === 'jssg-builtin') return { path: name, external: true };
      return args.kind === 'require-call' ? { path: name, namespace: 'jssg-builtin' } : { path: name, external: true };
    });
    // Modules jssg does not have (inspector, module, …) are only required by code the engine never runs.
    b.onLoad({ filter: /.*/, namespace: 'jssg-builtin' }, (args) => ({
      contents: JSSG_BUILTINS.has(args.path)
        ? `import * as all from ${JSON.stringify(args.path)};\nmodule.exports = all.default ?? all;`
        : 'module.exports = {};',
      loader: 'js',
    }));
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  sourcemap: false,
  legalComments: 'none',
};

function subfolders(predicate) {
  return fs
    .readdirSync(codemodsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && predicate(path.join(codemodsDir, entry.name)))
    .map((entry) => entry.name)
    .sort();
}

/** Transforms: every codemods/<name>/transform.ts. */
const transforms = subfolders((dir) => fs.existsSync(path.join(dir, 'transform.ts')));
/** Codemod CLI packages: every codemods/<name>/codemod.yaml; each gets the runner in its dist/. */
const packages = subfolders((dir) => fs.existsSync(path.join(dir, 'codemod.yaml')));

function fail(message) {
  process.stderr.write(`build-codemods: ${message}\n`);
  process.exit(1);
}

if (transforms.length === 0) fail('no codemods/<name>/transform.ts found');
if (transforms.includes('all')) fail('codemods/all/ would collide with the generated all.cjs');
if (!packages.includes('recipe')) fail('codemods/recipe/codemod.yaml is missing');

/** jscodeshift takes `module.exports.default` when it is a function: `export default` the transform. */
async function buildTransform(name, entry) {
  const outfile = path.join(transformsOut, `${name}.cjs`);
  await build({ ...common, ...entry, outfile, packages: 'external' });
  return outfile;
}

async function buildJssg() {
  await build({
    ...common,
    format: 'esm',
    target: 'es2022',
    minify: process.env.JSSG_MINIFY !== '0',
    outfile: jssgBundle,
    banner: { js: JSSG_BANNER },
    external: EXTERNAL,
    plugins: [jssgShims],
    stdin: {
      contents: [
        "import { CODEMODS } from './codemods/index.ts';",
        "import { toJssg } from './codemods/engine/jssg.ts';",
        'export default toJssg(CODEMODS.all);',
      ].join('\n'),
      resolveDir: root,
      sourcefile: 'codemods/jssg.ts',
      loader: 'ts',
    },
  });
  return jssgBundle;
}

async function buildRunner() {
  const result = await build({
    ...common,
    entryPoints: [path.join(codemodsDir, 'cli.ts')],
    outfile: runner,
    minify: true,
    metafile: true,
    external: EXTERNAL,
  });
  const unbundled = Object.values(result.metafile.outputs)
    .flatMap((output) => output.imports)
    .filter((entry) => entry.external && !allowedUnbundled(entry))
    .map((entry) => `${entry.path} (${entry.kind})`);
  if (unbundled.length > 0) throw new Error(`the runner would need these at run time: ${[...new Set(unbundled)].join(', ')}`);
  writeLicences(Object.keys(result.metafile.inputs));
  return runner;
}

/** One section per bundled package (name@version, licence field, LICENSE file), sorted by name. */
function writeLicences(inputs) {
  const dirs = new Set();
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.replaceAll('\\', '/'));
    if (match) dirs.add(path.resolve(root, match[1]));
  }
  const byId = new Map();
  for (const dir of dirs) {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const id = `${manifest.name}@${manifest.version}`;
    if (byId.has(id)) continue; // the same version installed in several places
    const file = fs.readdirSync(dir).sort().find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
    const text = file ? fs.readFileSync(path.join(dir, file), 'utf8').trim() : `(no licence file; package.json says ${manifest.license})`;
    byId.set(id, { id, text: `${id} (${manifest.license})\n\n${text}` });
  }
  const sections = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const header = 'dist/runner.cjs bundles the following packages.\n';
  fs.writeFileSync(licences, `${header}\n${sections.map((s) => `${'='.repeat(78)}\n${s.text}\n`).join('\n')}`);
}

const started = performance.now();
// dist/codemods also holds tsc's output (the command, the engine): remove only the bundles.
if (fs.existsSync(transformsOut)) {
  for (const file of fs.readdirSync(transformsOut)) if (file.endsWith('.cjs')) fs.rmSync(path.join(transformsOut, file));
}
for (const name of packages) fs.rmSync(path.join(codemodsDir, name, 'dist'), { recursive: true, force: true });

const jobs = [
  ...transforms.map((name) => buildTransform(name, { entryPoints: [path.join(codemodsDir, name, 'transform.ts')] })),
  buildTransform('all', {
    stdin: {
      contents: [
        "import { CODEMODS } from './codemods/index.ts';",
        "import { toJscodeshift } from './codemods/engine/jscodeshift.ts';",
        'export const definition = CODEMODS.all;',
        'export default toJscodeshift(definition);',
      ].join('\n'),
      resolveDir: root,
      sourcefile: 'codemods/all.ts',
      loader: 'ts',
    },
  }),
  buildRunner(),
  buildJssg(),
];
const results = await Promise.allSettled(jobs);
const failures = results.filter((r) => r.status === 'rejected');
if (failures.length > 0) {
  // esbuild has printed its errors already; this names what failed.
  fail(`build failed:\n${failures.map((f) => `  ${String(f.reason.message).split('\n')[0]}`).join('\n')}`);
}
const built = results.map((r) => r.value);
built.push(licences);
for (const name of packages.filter((p) => p !== 'recipe')) {
  for (const file of [runner, jssgBundle, licences]) {
    const copy = path.join(codemodsDir, name, 'dist', path.basename(file));
    fs.mkdirSync(path.dirname(copy), { recursive: true });
    fs.copyFileSync(file, copy);
    built.push(copy);
  }
}
for (const file of built) {
  process.stdout.write(`built ${path.relative(root, file)} (${Math.round(fs.statSync(file).size / 1024)} KiB)\n`);
}
process.stdout.write(`build-codemods: ${built.length} files in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
