// The harness recipes (docs/helper/recipes.md, files in examples/harness/) run for real: the vitest
// ones as a vitest project of their own, the Playwright config against a stand-in of Playwright's
// webServer `wait.stdout` (start the command, match its stdout, export the named groups as upper-case
// environment variables, evaluate the config again in that environment, as a worker does).
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { distEntry, repoRoot } from './support.js';

const harness = join(repoRoot, 'examples/harness');
const stops: Array<() => void> = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

function needsBuild(): void {
  if (!existsSync(distEntry)) throw new Error('exclusive-bind is not built: npm run build -w exclusive-bind');
}

describe('docs/helper/recipes.md', () => {
  it('shows every recipe file as it is', () => {
    const markdown = readFileSync(join(repoRoot, 'docs/helper/recipes.md'), 'utf8');
    const shown = [...markdown.matchAll(/<!-- recipe file: (\S+) -->\n```\w+\n([\s\S]*?)\n```\n/g)];
    expect(shown.map((m) => m[1])).toEqual([
      'examples/harness/server.mjs',
      'examples/harness/vitest.global-setup.mjs',
      'examples/harness/api.test.mjs',
      'examples/harness/vitest.config.mjs',
      'examples/harness/cli.mjs',
      'examples/harness/cli.test.mjs',
      'examples/harness/playwright.config.mjs',
    ]);
    for (const [, file, code] of shown) expect(code, file).toBe(readFileSync(join(repoRoot, file!), 'utf8').trimEnd());
  });

  it('the vitest recipes pass as a project of their own (global setup, CLI under test)', async () => {
    needsBuild();
    const vitest = join(repoRoot, 'node_modules/vitest/vitest.mjs');
    const { stdout } = await promisify(execFile)(process.execPath, [vitest, 'run', '--config', join(harness, 'vitest.config.mjs'), '--reporter', 'json'], {
      cwd: repoRoot,
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    const report = JSON.parse(stdout) as { numPassedTests: number; numFailedTests: number; testResults: Array<{ assertionResults: Array<{ title: string; status: string }> }> };
    expect({ passed: report.numPassedTests, failed: report.numFailedTests }).toEqual({ passed: 3, failed: 0 });
    expect(report.testResults.flatMap((f) => f.assertionResults.map((a) => a.title)).sort()).toEqual([
      'a port that is taken fails with the CLI’s own EADDRINUSE, not a timeout',
      'serve answers on the port it reported',
      'the server the global setup started answers',
    ]);
  }, 60_000);

  it('the Playwright config: wait.stdout matches the report line, the tests reach the server at baseURL', async () => {
    needsBuild();
    const configUrl = pathToFileURL(join(harness, 'playwright.config.mjs')).href;
    const { webServer } = (await import(configUrl)).default as { webServer: { command: string; env: Record<string, string>; wait: { stdout: RegExp }; port?: unknown; url?: unknown } };
    expect(webServer.port ?? webServer.url).toBeUndefined(); // either would make Playwright poll

    // Its own process group, as Playwright starts it: the shell and the server go together.
    const child = spawn(webServer.command, { shell: true, detached: true, cwd: harness, env: { ...process.env, ...webServer.env }, stdio: ['ignore', 'pipe', 'inherit'] });
    stops.push(() => {
      child.stdout.destroy();
      process.kill(-child.pid!, 'SIGKILL');
    });
    const groups = await new Promise<Record<string, string>>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += String(chunk);
        const match = webServer.wait.stdout.exec(out);
        if (match?.groups) resolve(match.groups);
      });
      child.once('exit', (code) => reject(new Error(`web server exited (${code}) before its line; stdout: ${out}`)));
    });
    const env = Object.fromEntries(Object.entries(groups).map(([name, value]) => [name.toUpperCase(), value]));
    expect(Object.keys(env)).toEqual(['SERVER_PORT']);

    const before = process.env.SERVER_PORT;
    process.env.SERVER_PORT = env.SERVER_PORT;
    try {
      const { use } = (await import(`${configUrl}?evaluated-again`)).default as { use: { baseURL: string } };
      expect(use.baseURL).toBe(`http://127.0.0.1:${env.SERVER_PORT}`);
      const body = (await fetch(`${use.baseURL}/page`).then((r) => r.json())) as { pid: number; path: string };
      expect(body.path).toBe('/page');
      expect(typeof body.pid).toBe('number');
    } finally {
      if (before === undefined) delete process.env.SERVER_PORT;
      else process.env.SERVER_PORT = before;
    }
  });
});
