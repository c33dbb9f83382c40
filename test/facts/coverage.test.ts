// "Observed" means a facts test saw it: a Linux cell of the socket-API table may carry the `run`
// tag only when a scenario of test/facts/scenarios.mjs covers it, and every scenario names cells
// that exist. The docs generator reads the same list, so the matrix cannot say "observed" on its own.
import { describe, expect, it } from 'vitest';
import { UWS_EXCLUSIVE_EFFECTS } from '../../core/socket-apis.js';
import { linuxCells, linuxEffect } from './cells.js';
import { SCENARIOS } from './scenarios.mjs';

const covered = new Set(SCENARIOS.flatMap((s) => s.cells));

describe('facts coverage', () => {
  it('every Linux cell tagged observed has a facts scenario, and only those', () => {
    const tagged = linuxCells().filter((cell) => linuxEffect(cell).evidence.includes('run'));
    expect(tagged.filter((cell) => !covered.has(cell)), 'tagged observed without a facts test').toEqual([]);
    expect([...covered].filter((cell) => !tagged.includes(cell)), 'observed by a facts test but not tagged').toEqual([]);
  });

  it('every scenario names cells that exist, runs somewhere and has a unique name', () => {
    for (const scenario of SCENARIOS) {
      expect(scenario.cells.length, scenario.id).toBeGreaterThan(0);
      for (const cell of scenario.cells) expect(() => linuxEffect(cell), `${scenario.id}: ${cell}`).not.toThrow();
      expect(scenario.runtimes.length, scenario.id).toBeGreaterThan(0);
    }
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
  });

  it('uWebSockets.js stays "from source": it is not installable from the npm registry', () => {
    // The package is published on GitHub only; `uws` on npm is an empty placeholder.
    expect(UWS_EXCLUSIVE_EFFECTS.linux.evidence).not.toContain('run');
    expect(linuxEffect('uws:listen#default').evidence).not.toContain('run');
  });
});
