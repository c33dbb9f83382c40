// Types for scenarios.mjs (plain JS so that scripts/generate-docs.js can import it).
export type RuntimeId = 'node20' | 'node24' | 'bun' | 'deno';
export interface BindSpec {
  api: string;
  options?: Record<string, unknown>;
  group?: string;
}
export interface Scenario {
  id: string;
  cells: string[];
  runtimes: RuntimeId[];
  first: BindSpec;
  second?: BindSpec;
  expect: 'co-binds' | 'EADDRINUSE' | 'exits';
  traffic?: 'shared' | 'last-binder' | 'both-receive';
  env?: Record<string, string>;
  denoFlags?: string[];
  traceCells?: boolean;
}
export declare const SCENARIOS: Scenario[];
export declare function cell(api: string, what?: string): string;
export declare const RUNTIME_VERSIONS: Record<RuntimeId, string>;
