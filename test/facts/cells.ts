// The Linux cells of the socket-API table, by the ids test/facts/scenarios.mjs uses.
import {
  RAW_SOCKOPT_EFFECTS,
  SOCKET_APIS,
  type Effect,
  type OptionName,
  type SocketApiId,
} from '../../core/socket-apis.js';

/** The Linux effect a cell id names; throws for an id that names no cell. */
export function linuxEffect(cell: string): Effect {
  if (cell.startsWith('raw:')) {
    const row = RAW_SOCKOPT_EFFECTS[cell.slice(4) as keyof typeof RAW_SOCKOPT_EFFECTS];
    if (!row) throw new Error(`no raw socket option ${cell}`);
    return row.linux;
  }
  const [id, what = 'default'] = cell.split('#') as [SocketApiId, string];
  const api = SOCKET_APIS[id];
  if (!api) throw new Error(`no socket API ${id}`);
  if (what === 'default') return api.defaults.linux;
  const [option, unsupported] = what.split('@') as [OptionName, string | undefined];
  const facts = api.options[option];
  if (!facts) throw new Error(`${id} has no option ${option}`);
  if (unsupported !== undefined) {
    if (unsupported !== 'unsupported' || !facts.since) throw new Error(`${cell}: no such version gate`);
    return facts.since.unsupported;
  }
  return facts.effects.linux;
}

/** Every Linux cell of the table (the platform matrix shows each of them). */
export function linuxCells(): string[] {
  const cells: string[] = [];
  for (const api of Object.values(SOCKET_APIS)) {
    cells.push(`${api.id}#default`);
    for (const [option, facts] of Object.entries(api.options)) {
      cells.push(`${api.id}#${option}`);
      if (facts.since) cells.push(`${api.id}#${option}@unsupported`);
    }
  }
  return [...cells, ...Object.keys(RAW_SOCKOPT_EFFECTS).map((name) => `raw:${name}`)];
}
