/**
 * Port finders and checks exported by the project's own modules: `findFreePort()` written by hand
 * in `ports.ts` and called by the CLI in another file, `isPortFree(port)` tried in a loop there, a
 * `getPort()` of a test-utils package that calls get-port and returns its port.
 *
 * The file the function comes from is read through the value-flow layer (importedFunction) and
 * summarised with the same single-file analysis the rule runs on a file of its own: its
 * hand-written probes (a bind whose port is handed on after the close), its check functions
 * (checks.ts), its bind and close wrappers (`listen(server, port)`, `closeServer(server)`, for checks
 * written in the importing file), and functions that return what a package finder yields. A function it cannot
 * classify is not a finder: the call stays unknown.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { PortFinderExport, ResolvedPortFinder } from '../port-finders.js';
import { importedFunction, returnedValues, skipWrappers, type Provenance } from '../value-flow/index.js';
import { projectFile } from '../value-flow/project-files.js';
import { portChecks, type Helpers, type ImportedHelper } from './checks.js';
import { isHandWrittenProbe, probeBind, probeRoot } from './probes.js';
import type { FunctionNode, Scope, SourceCode } from './syntax.js';

interface FileProbes {
  /** Functions that are hand-written probes: they bind, close and hand on the port themselves. */
  readonly probes: ReadonlySet<FunctionNode>;
  readonly checks: ReadonlyMap<FunctionNode, number>;
  readonly helpers: Helpers;
}

const summaries = new WeakMap<object, FileProbes>();

function callsOf(root: TSESTree.Node, keys: Record<string, readonly string[] | undefined>): TSESTree.CallExpression[] {
  const out: TSESTree.CallExpression[] = [];
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === AST_NODE_TYPES.CallExpression) out.push(node);
    for (const key of keys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (item && typeof (item as TSESTree.Node).type === 'string') stack.push(item as TSESTree.Node);
      }
    }
  }
  return out.sort((a, b) => a.range[0] - b.range[0]);
}

/** The hand-written probes and checks of a file, once per parse of it. */
function probesOf(sourceCode: SourceCode): FileProbes {
  let summary = summaries.get(sourceCode.ast);
  if (summary) return summary;
  const probes = new Set<FunctionNode>();
  const checks = portChecks(sourceCode);
  for (const call of callsOf(sourceCode.ast, sourceCode.visitorKeys as Record<string, readonly string[]>)) {
    const bind = probeBind(sourceCode, call);
    if (bind) {
      const handsOn = isHandWrittenProbe(sourceCode, bind);
      checks.seeBind(bind, handsOn);
      const root = handsOn ? probeRoot(bind) : undefined;
      if (root) probes.add(root);
    }
    checks.seeCall(call);
  }
  summary = { probes, checks: checks.checkFunctions(), helpers: checks.helpers() };
  summaries.set(sourceCode.ast, summary);
  return summary;
}

/** What an exported function is, found from its own file. */
export interface ImportedFinder extends ResolvedPortFinder {
  /** Where the function is defined. */
  readonly from: Provenance;
  /** The package finder it returns the port of, when it wraps one. */
  readonly underlying?: ResolvedPortFinder;
  /** For a check: which argument is the port. */
  readonly portIndex?: number;
}

const HAND_WRITTEN: Omit<PortFinderExport, 'name' | 'display'> = {
  kind: 'finder',
  result: 'port',
  // Nothing says which port it prefers, or whether a callback comes last: suggestions only.
  prefersPortByDefault: true,
};

/**
 * The finder or check a call of an imported project function is, or undefined. `packageFinder`
 * answers for calls inside the other file (get-port and the configured packages).
 */
export function importedFinderOf(
  call: TSESTree.CallExpression,
  scope: Scope,
  name: string,
  packageFinder: (call: TSESTree.CallExpression, scope: Scope) => ResolvedPortFinder | undefined,
): ImportedFinder | undefined {
  const imported = importedFunction(call.callee, scope);
  if (!imported) return undefined;
  const project = projectFile(imported.value.from.file);
  if (!project) return undefined;
  const { fn, value } = imported;
  const display = `${name}()`;
  const { probes, checks } = probesOf(project.sourceCode);
  const portIndex = checks.get(fn);
  if (portIndex !== undefined) {
    return { module: '', export: { name, display, kind: 'check' }, from: value.from, portIndex };
  }
  // The probe is the function itself, not one it merely contains.
  if (probes.has(fn)) {
    return { module: '', export: { name, display, ...HAND_WRITTEN }, from: value.from };
  }
  // `return getPort(…)`, `return await getPort(…)`: the package's port, handed on.
  const find = (node: TSESTree.Node) => project.sourceCode.getScope(node);
  const returned = returnedValues(fn).map((node) => {
    const bare = skipWrappers(node);
    return bare.type === AST_NODE_TYPES.AwaitExpression ? skipWrappers(bare.argument) : bare;
  });
  const underlying = returned.map((node) =>
    node.type === AST_NODE_TYPES.CallExpression ? packageFinder(node, find(node)) : undefined,
  );
  const first = underlying[0];
  if (!first || first.export.kind !== 'finder' || underlying.some((finder) => finder?.module !== first.module)) return undefined;
  return {
    module: '',
    export: { ...first.export, name, display, callback: false },
    from: value.from,
    underlying: first,
  };
}

/** `listen(server, port)` / `closeServer(server)` imported from a file where they bind or close their parameter. */
export function importedHelperOf(call: TSESTree.CallExpression, scope: Scope): ImportedHelper | undefined {
  const imported = importedFunction(call.callee, scope);
  const project = imported && projectFile(imported.value.from.file);
  if (!imported || !project) return undefined;
  const { helpers } = probesOf(project.sourceCode);
  const bind = helpers.binds.get(imported.fn);
  if (bind) return { kind: 'bind', ...bind };
  const close = helpers.closes.get(imported.fn);
  return close === undefined ? undefined : { kind: 'close', server: close };
}
