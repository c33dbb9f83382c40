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

/** Human name of the version range that ignores an option, e.g. "Node < 22.12". */
function unsupportedLabel(api: SocketApi, facts: OptionFacts): string {
  const first = facts.since?.supported.match(/>=(\d+)\.(\d+)/);
  return first ? `${RUNTIME_NAMES[api.runtime]} < ${first[1]}.${first[2]}` : 'older versions';
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
  const someUnsupported =
    gate !== undefined && (targets.node === undefined || !semver.subset(targets.node, gate.supported));
  if (someSupported) {
    const text = describePlatforms(facts.effects, platforms);
    if (text) parts.push(text);
  }
  if (gate && someUnsupported) {
    const who = someSupported ? unsupportedLabel(api, facts) : `Node ${targets.node}`;
    parts.push(`${who}: ${gate.unsupported.phrase}`);
  }
  if (facts.note && someSupported && platforms.includes('linux')) parts.push(facts.note);
  return parts.join('; ');
}
