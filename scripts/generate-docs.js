#!/usr/bin/env node
// Writes the parts of docs/ that come from the socket-API table (core/socket-apis.ts), so the
// docs never restate a platform fact by hand. `--check` fails when a file is out of date.
// Needs the built plugin (npm run build).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
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

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

const EVIDENCE = { run: 'observed', src: 'source', doc: 'vendor docs', report: 'public report', inferred: 'inferred' };

function cell(effect) {
  const tags = effect.evidence.map((e) => EVIDENCE[e]).join(', ');
  return `${effect.phrase} (${effect.sockopts}) [${tags}]`;
}

/** `#default` = what the API does with no option; otherwise the option's effects. */
function effectsOf(token) {
  const [id, what] = token.split('#');
  const api = SOCKET_APIS[id];
  if (!api) throw new Error(`unknown socket API in docs marker: ${id}`);
  if (what === 'default') return { api, label: `${api.display} (no option)`, effects: api.defaults };
  const option = api.options[what];
  if (!option) throw new Error(`${id} has no option ${what}`);
  return { api, label: `${api.display} \`${what}: true\``, effects: option.effects, since: option.since };
}

function table(tokens) {
  const header = `| call | ${PLATFORMS.map((p) => PLATFORM_NAMES[p]).join(' | ')} | older versions |`;
  const rule = `|${' --- |'.repeat(PLATFORMS.length + 2)}`;
  const rows = tokens.map((token) => {
    const { label, effects, since } = effectsOf(token);
    const older = since ? `versions outside \`${since.supported}\`: ${cell(since.unsupported)}` : '—';
    const cells = [label, ...PLATFORMS.map((p) => cell(effects[p])), older];
    // A `||` in a semver range would end a table cell.
    return `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
  });
  return [header, rule, ...rows].join('\n');
}

const LEGEND =
  'Tags: observed = seen on Linux with strace or two real processes; source = read in the runtime\'s source; ' +
  'vendor docs; public report; inferred = not in the fact sheet, follows from the socket layer the API shares with an observed row. ' +
  'Nothing was run on macOS, Windows or FreeBSD.';

function matrix() {
  const sections = Object.values(SOCKET_APIS).map((api) => {
    const tokens = [`${api.id}#default`, ...Object.keys(api.options).map((o) => `${api.id}#${o}`)];
    return `### ${api.display} (${api.protocol.toUpperCase()})\n\n${table(tokens)}`;
  });
  return `${LEGEND}\n\n${sections.join('\n\n')}`;
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
    ...Object.entries(RAW_SOCKOPT_EFFECTS).map(([name, row]) => `| ${name} | ${PLATFORMS.map((p) => cell(row[p])).join(' | ')} |`),
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
  return text.replace(MARKER, (_all, begin, kind, tokens, end) => {
    const body =
      kind === 'matrix' ? matrix() : kind === 'sockopts' ? sockopts() : kind === 'libraries' ? libraries() : table(tokens.trim().split(/\s+/));
    return `${begin}\n\n${body}\n\n${end}`;
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
