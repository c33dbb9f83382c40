#!/usr/bin/env node
// Writes the parts of docs/ that come from the socket-API table (core/socket-apis.ts), so the
// docs never restate a platform fact by hand. `--check` fails when a file is out of date.
// Needs the built plugin (npm run build).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  EVIDENCE_SOURCES,
  LIBRARY_BINDS,
  PLATFORMS,
  PLATFORM_NAMES,
  RAW_SOCKOPT_EFFECTS,
  SOCKET_APIS,
  SOCKOPT_ABIS,
  SOCKOPT_ABI_NAMES,
  SOCKOPT_CONSTANTS,
  formatSockoptValue,
} from '../dist/core/socket-apis.js';
import { RUNTIME_VERSIONS, SCENARIOS } from '../test/facts/scenarios.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

/** Linux cell id → the runtimes a facts scenario observed it on (test/facts/scenarios.mjs). */
const OBSERVED = new Map();
for (const scenario of SCENARIOS) {
  for (const id of scenario.cells) {
    const runtimes = OBSERVED.get(id) ?? new Set();
    for (const runtime of scenario.runtimes) runtimes.add(RUNTIME_VERSIONS[runtime]);
    OBSERVED.set(id, runtimes);
  }
}

const EVIDENCE = { src: 'source', doc: 'vendor docs', report: 'public report', inferred: 'inferred' };

/**
 * A cell's verdict: a symbol for the risk and a few words. Ordered checks on the effect; a phrase
 * none of them knows fails the generation, so a new row gets a verdict on purpose.
 */
function verdictOf(effect) {
  const { phrase } = effect;
  if (effect.sockopts === 'n/a') return ['⚪', 'not available'];
  if (/ENOTSUP/.test(phrase)) return ['🟠', 'fails: ENOTSUP'];
  if (/fails|throws/.test(phrase)) return ['🟠', 'fails'];
  if (phrase === 'ignored') return ['🟡', 'ignored'];
  if (effect.sharesLivePort) {
    if (/take over|forcibly/.test(phrase)) return ['🔴', 'hijackable'];
    if (/last process to bind takes|last binder/.test(phrase)) return ['🔴', 'steals unicast'];
    if (/last bind wins/.test(phrase)) return ['🔴', 'co-binds (last bind wins)'];
    if (/co-binds/.test(phrase)) return ['🔴', 'co-binds silently'];
  }
  if (/only rebinds/.test(phrase)) return ['🟡', 'TCP: restarts only; UDP: steals unicast'];
  if (/specific address can bind beside a wildcard/.test(phrase)) return ['🟡', 'shadowable'];
  if (phrase === 'exclusive' || /^keeps (the port exclusive|every other socket off)/.test(phrase)) return ['🟢', 'exclusive'];
  if (/no reuse effect|no extra effect|sets no socket option/.test(phrase)) return ['⚪', 'no socket option'];
  throw new Error(`no verdict for the phrase "${phrase}": add one to scripts/generate-docs.js`);
}

const escapeHtml = (text) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

/**
 * One table cell: the verdict (the full sentence on hover), then the socket options and the
 * evidence in small type. `observedAs` is the Linux cell id; "observed" needs a facts scenario.
 */
function cell(effect, observedAs) {
  const [symbol, verdict] = verdictOf(effect);
  const tags = effect.evidence.map((tag) => {
    if (tag !== 'run') return EVIDENCE[tag];
    const runtimes = observedAs && OBSERVED.get(observedAs);
    if (!runtimes) throw new Error(`${observedAs ?? 'a non-Linux cell'} is tagged observed but no facts scenario covers it (test/facts/scenarios.mjs)`);
    return `observed: ${[...runtimes].join(', ')}`;
  });
  const mechanism = effect.sockopts === 'n/a' ? '' : `${effect.sockopts} · `;
  return `${symbol} <span title="${escapeHtml(effect.phrase)}">**${verdict}**</span><br><small>${mechanism}${tags.join(', ')}</small>`;
}

/** `#default` = what the API does with no option; otherwise the option's effects. */
function effectsOf(token) {
  const [id, what] = token.split('#');
  const api = SOCKET_APIS[id];
  if (!api) throw new Error(`unknown socket API in docs marker: ${id}`);
  if (what === 'default') return { api, label: `${api.display} (no option)`, effects: api.defaults, cellId: `${id}#default` };
  const option = api.options[what];
  if (!option) throw new Error(`${id} has no option ${what}`);
  return { api, label: `${api.display} \`${what}: true\``, effects: option.effects, since: option.since, cellId: `${id}#${what}` };
}

function table(tokens) {
  const header = `| call | ${PLATFORMS.map((p) => PLATFORM_NAMES[p]).join(' | ')} | older versions |`;
  const rule = `|${' --- |'.repeat(PLATFORMS.length + 2)}`;
  const rows = tokens.map((token) => {
    const { label, effects, since, cellId } = effectsOf(token);
    const older = since
      ? `outside \`${since.supported}\`: ${cell(since.unsupported, `${cellId}@unsupported`)}`
      : '—';
    const cells = [label, ...PLATFORMS.map((p) => cell(effects[p], p === 'linux' ? cellId : undefined)), older];
    // A `||` in a semver range would end a table cell.
    return `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
  });
  return [header, rule, ...rows].join('\n');
}

const RUNTIME_NAMES = { node: 'Node', bun: 'Bun', deno: 'Deno', uws: 'uWebSockets.js' };

/** Once per page, above its first generated table. */
function legend() {
  const sources = Object.entries(EVIDENCE_SOURCES).map(([runtime, files]) => `${RUNTIME_NAMES[runtime]}: ${files}`);
  return [
    '**Reading the tables.** 🔴 a second process ends up on the live port (co-binds silently, steals',
    'unicast datagrams, or can take the port over) · 🟠 the bind fails or the process exits · 🟡 not what',
    'the code asks for (ignored, or a specific address can shadow a wildcard one) · 🟢 exclusive · ⚪ no',
    'socket option, or not available. Hover a verdict for the full sentence. In small type: the socket',
    'options the runtime sets, then how it is known:',
    '',
    `- **observed**: a facts test ran two real processes on Linux under the runtime named (${Object.values(RUNTIME_VERSIONS).join(', ')}; test/facts/scenarios.mjs). Only those cells say observed.`,
    `- **source**: read in the runtime's source for the fact sheet (main branches, checked 2026-12-06): ${sources.join('; ')}.`,
    '- **vendor docs**, **public report**; **inferred**: follows from the socket layer the API shares with an observed row.',
    '',
    'Nothing was run on macOS, Windows or FreeBSD.',
  ].join('\n');
}

function matrix() {
  return Object.values(SOCKET_APIS)
    .map((api) => {
      const tokens = [`${api.id}#default`, ...Object.keys(api.options).map((o) => `${api.id}#${o}`)];
      return `### ${api.display} (${api.protocol.toUpperCase()})\n\n${table(tokens)}`;
    })
    .join('\n\n');
}

/** Raw setsockopt constants per ABI and what each reuse option does per platform (facts §1, §6). */
function sockopts() {
  const constants = [
    `| constant | ${SOCKOPT_ABIS.map((abi) => SOCKOPT_ABI_NAMES[abi]).join(' | ')} |`,
    `|${' --- |'.repeat(SOCKOPT_ABIS.length + 1)}`,
    ...Object.entries(SOCKOPT_CONSTANTS).map(([name, values]) => {
      const cells = SOCKOPT_ABIS.map((abi) => (values[abi] === undefined ? '—' : formatSockoptValue(values[abi])));
      return `| ${name} | ${cells.join(' | ')} |`;
    }),
  ];
  const effects = [
    `| option (set before bind) | ${PLATFORMS.map((p) => PLATFORM_NAMES[p]).join(' | ')} |`,
    `|${' --- |'.repeat(PLATFORMS.length + 1)}`,
    ...Object.entries(RAW_SOCKOPT_EFFECTS).map(
      ([name, row]) => `| ${name} | ${PLATFORMS.map((p) => cell(row[p], p === 'linux' ? `raw:${name}` : undefined)).join(' | ')} |`,
    ),
  ];
  return `${constants.join('\n')}\n\n${effects.join('\n')}`;
}

/** Server libraries that hand reuse options on to a runtime API, with the source each row was read in. */
function libraries() {
  const what = { forwarded: 'passed on as given', 'default-on': 'turned on unless the caller turns it off' };
  const rows = Object.values(LIBRARY_BINDS).map((row) => {
    const sharing = row.exclusiveOption
      ? `port sharing unless \`${row.exclusiveOption}: true\``
      : `\`reusePort\` ${what[row.reusePort]}`;
    const cells = [row.display, `\`${row.module}\` ${row.versions === '*' ? 'all versions' : `\`${row.versions}\``}`, SOCKET_APIS[row.forwardsTo].display, sharing, row.source];
    return `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
  });
  return ['| call | versions | reaches | reuse | read in |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

const MARKER = /(<!-- begin generated (effects|matrix|sockopts|libraries)(?::([^>]*))? -->)[\s\S]*?(<!-- end generated \2 -->)/g;

function render(text) {
  let first = true;
  return text.replace(MARKER, (_all, begin, kind, tokens, end) => {
    const body =
      kind === 'matrix' ? matrix() : kind === 'sockopts' ? sockopts() : kind === 'libraries' ? libraries() : table(tokens.trim().split(/\s+/));
    const withLegend = first ? `${legend()}\n\n${body}` : body;
    first = false;
    return `${begin}\n\n${withLegend}\n\n${end}`;
  });
}

function markdownFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(full);
    return entry.name.endsWith('.md') ? [full] : [];
  });
}

let stale = 0;
for (const file of markdownFiles(path.join(root, 'docs'))) {
  const before = fs.readFileSync(file, 'utf8');
  const after = render(before);
  if (after === before) continue;
  if (check) {
    console.error(`out of date: ${path.relative(root, file)} (run npm run docs)`);
    stale++;
  } else {
    fs.writeFileSync(file, after);
    console.log(`updated ${path.relative(root, file)}`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
