// A sample app in a temporary folder that uses this repository's built plugin the way an installed
// one is used: `node_modules/<name>` links to the repository (its `exports` point at dist/) and to
// the packages the app itself would install. Node follows the links to their real paths, so the
// plugin's own dependencies resolve from the repository's node_modules. Much faster than installing
// the packed tarballs (test/e2e/packed-app.test.ts does that once).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** Creates the app with `files`; `packages` are linked from the repository's node_modules. */
export function linkedApp(prefix: string, files: Record<string, string>, packages: string[] = ['eslint']): string {
  if (!fs.existsSync(path.join(root, 'dist/index.js'))) throw new Error('dist/index.js is missing: run npm run build first');
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  writeFiles(dir, files);
  const link = (name: string, target: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, 'node_modules', name)), { recursive: true });
    fs.symlinkSync(target, path.join(dir, 'node_modules', name), 'dir');
  };
  link('eslint-plugin-exclusive-bind', root);
  for (const name of packages) link(name, path.join(root, 'node_modules', name));
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}
