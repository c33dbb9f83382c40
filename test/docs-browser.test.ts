// The platform matrix in a real browser: headless Chromium (Debian's `chromium` package) renders the
// built page at a 1280-px window, saves a screenshot, and a page script measures every table against
// the content column. A table wider than the column is cut off or scrolls: the matrix must read at a
// glance. In CI (CI set) a missing Chromium fails the test; elsewhere it is skipped with the reason.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocsSite } from '../scripts/build-docs-site.mjs';

const CHROMIUM = ['chromium', 'chromium-browser'].find((bin) => spawnSync(bin, ['--version']).status === 0);
const missing = CHROMIUM ? undefined : 'Chromium is not installed (apt-get install -y chromium fonts-noto-color-emoji)';
if (missing && process.env.CI) throw new Error(`CI: ${missing}; the docs browser test must run`);

const WIDTH = 1280;
let tmp: string;

/** Chromium with a fresh profile and nothing that reaches the network. */
function chromium(args: string[]): string {
  const profile = fs.mkdtempSync(path.join(tmp, 'profile-'));
  const result = spawnSync(
    CHROMIUM!,
    [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--user-data-dir=${profile}`, `--window-size=${WIDTH},1600`, '--hide-scrollbars',
      '--virtual-time-budget=3000', ...args,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (result.status !== 0) throw new Error(`chromium failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

// Writes the widths into the DOM once fonts are in, so that --dump-dom carries them out.
const MEASURE = `<script>
document.fonts.ready.then(() => {
  const main = document.querySelector('main');
  const style = getComputedStyle(main);
  const column = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const tables = [...main.querySelectorAll('table')].map((t) => ({
    heading: (t.previousElementSibling && t.previousElementSibling.textContent || '').slice(0, 60),
    width: Math.max(t.scrollWidth, t.getBoundingClientRect().width),
  }));
  const out = document.createElement('pre');
  out.id = 'widths';
  out.textContent = JSON.stringify({ viewport: innerWidth, column, tables });
  document.body.append(out);
});
</script>`;

describe.skipIf(Boolean(missing))('platform matrix in headless Chromium', () => {
  let page: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-browser-'));
    const site = path.join(tmp, 'site');
    await buildDocsSite({ output: site });
    page = path.join(site, 'platform-matrix', 'index.html');
  }, 60_000);

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('takes a screenshot at 1280 px', () => {
    const shot = path.join(tmp, 'platform-matrix.png');
    chromium([`--screenshot=${shot}`, `file://${page}`]);
    const png = fs.readFileSync(shot);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(WIDTH);
  });

  it('no table is wider than the content column', () => {
    const measured = path.join(tmp, 'measured.html');
    fs.writeFileSync(measured, fs.readFileSync(page, 'utf8').replace('</body>', `${MEASURE}</body>`));
    const dom = chromium(['--dump-dom', `file://${measured}`]);
    const json = /<pre id="widths">([^<]*)<\/pre>/.exec(dom)?.[1];
    expect(json, 'the page script wrote no measurements').toBeDefined();
    const { viewport, column, tables } = JSON.parse(json!.replaceAll('&quot;', '"').replaceAll('&amp;', '&')) as {
      viewport: number;
      column: number;
      tables: Array<{ heading: string; width: number }>;
    };
    expect(viewport).toBe(WIDTH);
    expect(tables.length).toBeGreaterThanOrEqual(10);
    expect(tables.filter((t) => t.width > column + 1), `content column: ${column}px`).toEqual([]);
  }, 90_000);
});

// Outside CI, a machine without Chromium says why the check did not run (a skip with the reason).
if (missing) it('platform matrix in headless Chromium: skipped', (ctx) => ctx.skip(missing));
