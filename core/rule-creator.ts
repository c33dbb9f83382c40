import { ESLintUtils, type TSESLint } from '@typescript-eslint/utils';
import type { TextFilter } from './text-filter.js';
import { beginFileLint } from './file-cache.js';
import { projectImportTexts, registerRelevance } from './value-flow/project-files.js';
import { crossFileOff } from './value-flow/modules.js';

/** Imported texts whose filter verdict a rule keeps (a whole monorepo's worth); then it starts over. */
const MAX_REMEMBERED_TEXTS = 5000;

export const REPOSITORY_URL = 'https://github.com/exclusive-bind/exclusive-bind';

export interface ExclusiveBindDocs {
  description: string;
}

const createNamedRule = ESLintUtils.RuleCreator<ExclusiveBindDocs>(
  (name) => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`,
);

type RuleDefinition<Options extends readonly unknown[], MessageIds extends string> = Parameters<
  typeof createNamedRule<Options, MessageIds>
>[0] & {
  /** Files this rules out are skipped whole, before options are resolved or listeners made. */
  readonly textFilter: TextFilter<Options>;
};

/**
 * typescript-eslint's rule creator (docs URL, options with defaults), behind the rule's text
 * filter: most files never mention what a rule looks for, and for them the rule costs one
 * substring search.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>({
  textFilter,
  ...definition
}: RuleDefinition<Options, MessageIds>): TSESLint.RuleModule<MessageIds, Options, ExclusiveBindDocs> {
  const rule = createNamedRule<Options, MessageIds>(definition);
  // What this rule looks for makes a project file worth reading for an import.
  registerRelevance((text) => textFilter(text, [] as unknown as Readonly<Partial<Options>>));
  // An imported file's text is tested again for every file that imports it: remember the answer
  // per text (one string per file content, from the file cache) and per options.
  const importedVerdicts = new Map<string, Map<string, boolean>>();
  const filtered: TSESLint.RuleModule<MessageIds, Options, ExclusiveBindDocs> = {
    ...rule,
    create(context) {
      // A `modules` setting can make any import stand for a tracked module, whose name the
      // text filter then never sees.
      const optionsKey = context.options.length === 0 ? '' : JSON.stringify(context.options);
      let verdicts = importedVerdicts.get(optionsKey);
      if (!verdicts) importedVerdicts.set(optionsKey, (verdicts = new Map()));
      if (verdicts.size > MAX_REMEMBERED_TEXTS) verdicts.clear();
      const importedPasses = (text: string) => {
        let verdict = verdicts.get(text);
        if (verdict === undefined) verdicts.set(text, (verdict = textFilter(text, context.options)));
        return verdict;
      };
      const passes = (text: string) => textFilter(text, context.options);
      return passes(context.sourceCode.text) || mapsModules(context.settings) || importsPass(context, importedPasses) ? rule.create(context) : {};
    },
  };
  unfiltered.set(filtered, rule);
  return filtered;
}

/** A project file the linted file imports passes the filter: what the rule looks for may come from there. */
function importsPass(
  context: { readonly sourceCode: { readonly text: string; readonly ast: object }; readonly filename: string; readonly settings: unknown },
  passes: (text: string) => boolean,
): boolean {
  if (crossFileOff(context.settings)) return false;
  // Stats taken for the imports belong to this file's lint.
  beginFileLint(context.sourceCode.ast);
  return projectImportTexts(context.sourceCode, context.filename).some(passes);
}

function mapsModules(settings: unknown): boolean {
  const own = (settings as Record<string, { modules?: unknown } | undefined> | undefined)?.['exclusive-bind'];
  return typeof own?.modules === 'object' && own.modules !== null && Object.keys(own.modules).length > 0;
}

const unfiltered = new WeakMap<object, object>();

/**
 * The rule as it runs without its text filter, to check on real code that the filter skips no
 * file the rule reports in (bench/corpus-report.mjs).
 */
export function withoutTextFilter<Rule extends object>(rule: Rule): Rule {
  return (unfiltered.get(rule) as Rule | undefined) ?? rule;
}
