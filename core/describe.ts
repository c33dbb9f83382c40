/**
 * Turns rows of the socket-API table into the one-line "what happens where" part of a message,
 * keeping only what the project targets.
 */
import semver from 'semver';
import {
  PLATFORM_NAMES,
  type Effect,
  type OptionFacts,
  type Platform,
  type SocketApi,
} from './socket-apis.js';
import { targetsIntersect, type Targets } from './targets.js';

const RUNTIME_NAMES = { node: 'Node', bun: 'Bun', deno: 'Deno', uws: 'uWebSockets.js' } as const;

function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** "Linux: …; macOS and Windows: …" for the platforms the project targets, grouped by phrase. */
export function describePlatforms(
  effects: Readonly<Record<Platform, Effect>>,
  platforms: readonly Platform[],
): string {
  const groups = new Map<string, Platform[]>();
  for (const platform of platforms) {
    const current = effects[platform];
    if (current.sockopts === 'n/a') continue;
    const group = groups.get(current.phrase) ?? [];
    group.push(platform);
    groups.set(current.phrase, group);
  }
  return [...groups]
    .map(([phrase, group]) => `${joinNames(group.map((p) => PLATFORM_NAMES[p]))}: ${phrase}`)
    .join('; ');
}

/**
 * The version ranges that `supported` leaves out, each with its human name: the span below the
 * first supported release ("< 22.12") and every hole between two supported spans ("23.0" for
 * Node's reusePort, which 23.0.x ignores although 22.12 has it; facts §2).
 */
function unsupportedRanges(supported: string): { range: string; label: string }[] {
  const spans = new semver.Range(supported).set
    .map((set) => ({
      low: set.find((c) => c.operator === '>=')?.semver,
      high: set.find((c) => c.operator === '<')?.semver,
    }))
    .filter((span): span is { low: semver.SemVer; high: semver.SemVer | undefined } => span.low !== undefined)
    .sort((a, b) => semver.compare(a.low, b.low));
  const name = (v: semver.SemVer) => `${v.major}.${v.minor}`;
  const result: { range: string; label: string }[] = [];
  const first = spans[0];
  if (first) result.push({ range: `<${first.low.version}`, label: `< ${name(first.low)}` });
  for (let i = 0; i + 1 < spans.length; i++) {
    const from = spans[i]!.high;
    const to = spans[i + 1]!.low;
    if (!from || semver.gte(from, to)) continue;
    const last = to.minor > 0 ? `${to.major}.${to.minor - 1}` : `${to.major - 1}`;
    const label =
      from.major === to.major && to.minor === from.minor + 1 && to.patch === 0
        ? name(from)
        : `${from.minor === 0 ? from.major : name(from)} to ${last}`;
    result.push({ range: `>=${from.version} <${to.version}`, label });
  }
  return result;
}

/** Everything an option does for this project's targets, as one clause list. */
export function describeOption(
  api: SocketApi,
  facts: OptionFacts,
  targets: Targets,
  platforms: readonly Platform[] = targets.platforms,
): string {
  const parts: string[] = [];
  const gate = facts.since;
  const someSupported = !gate || targetsIntersect(targets, gate.supported);
  // Only the unsupported versions the project targets are named: a project on `>=22.12` still
  // targets 23.0, which ignores Node's reusePort, but not "Node < 22.12".
  const unsupported = gate
    ? unsupportedRanges(gate.supported).filter((u) => targets.node === undefined || semver.intersects(targets.node, u.range))
    : [];
  const someUnsupported = unsupported.length > 0;
  if (someSupported) {
    const text = describePlatforms(facts.effects, platforms);
    if (text) parts.push(text);
  }
  if (gate && someUnsupported) {
    const who = someSupported
      ? `${RUNTIME_NAMES[api.runtime]} ${joinNames(unsupported.map((u) => u.label))}`
      : `Node ${targets.node}`;
    parts.push(`${who}: ${gate.unsupported.phrase}`);
  }
  if (facts.note && someSupported && platforms.includes('linux')) parts.push(facts.note);
  return parts.join('; ');
}
