#!/usr/bin/env node
// The main job on the bundled project: lint examples/ with the plugin and print every finding
// with its suggestions, then show what the codemod recipe would change there (dry run, a diff).
// Exits 0 when both ran (findings are the point of the demo), 1 when either failed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { ESLint } from 'eslint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cwd = path.join(root, 'examples');

export async function lintExamples() {
  const eslint = new ESLint({ cwd, overrideConfigFile: path.join(cwd, 'eslint.config.js') });
  return eslint.lintFiles(['.']);
}

function print(results) {
  let count = 0;
  for (const result of results.sort((a, b) => a.filePath.localeCompare(b.filePath))) {
    if (result.messages.length === 0) continue;
    console.log(`\n${path.relative(root, result.filePath)}`);
    for (const message of result.messages) {
      count++;
      console.log(`  ${message.line}:${message.column}  ${message.ruleId ?? 'eslint'}\n    ${message.message}`);
      for (const suggestion of message.suggestions ?? []) console.log(`    💡 ${suggestion.desc}`);
    }
  }
  const files = results.length;
  console.log(`\n${count} finding(s) in ${results.filter((r) => r.messages.length).length} of ${files} file(s).`);
}

/** The codemod recipe on the same folder, as a user would run it: changes nothing, prints a diff. */
function codemodDryRun() {
  console.log('\n— codemods: `exclusive-bind-codemod all examples --dry` —\n');
  const cli = path.join(root, 'dist/codemods/cli.js');
  const result = spawnSync(process.execPath, [cli, 'all', 'examples', '--dry'], { cwd: root, stdio: 'inherit' });
  return result.status;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  lintExamples().then(
    (results) => {
      print(results);
      process.exitCode = codemodDryRun() === 0 ? 0 : 1;
    },
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
