#!/usr/bin/env node
// The main job on the bundled project: lint examples/ with the plugin and print every finding
// with its suggestions. Exits 0 when the run worked (findings are the point of the demo),
// 1 when ESLint itself failed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

if (import.meta.url === `file://${process.argv[1]}`) {
  lintExamples().then(print, (error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
