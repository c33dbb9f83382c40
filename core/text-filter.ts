/**
 * File-level text filters. Each rule names the words a file must contain for the rule to have
 * anything to say (an option it reports is written somewhere in the file; a call it follows is
 * named there). A file without them is skipped whole: the rule registers no listeners, and the
 * codemods do not even parse it. The filter must let through every file the rule can report in:
 * the rule tests run through it, and `bench/corpus-report.mjs` compares every rule with and
 * without its filter over the corpus.
 *
 * The one thing a filter gives up: a name the rules would evaluate statically but that is not
 * written in the file, not even its first word in a string (`['re' + 'usePort']`, an escaped
 * identifier such as `re\u0075sePort`). Nobody writes that to configure a server; a file that
 * does is skipped, which can only mean a missed report, never a wrong one.
 *
 * Nearly every file mentions none of the words, so on a typical code base the filters are most
 * of what the plugin costs: each is one search through the text, a plain substring search where
 * that is enough (much faster than a regular expression with word boundaries).
 */

/**
 * A test on a file's raw text, given the rule's options as ESLint passes them (ESLint merges in
 * `meta.defaultOptions` from 9.15 on; before that an option may be missing): false means the rule
 * has nothing to report there.
 */
export type TextFilter<Options extends readonly unknown[] = readonly unknown[]> = (
  source: string,
  options: Readonly<Partial<Options>>,
) => boolean;

export interface TextTest {
  test(source: string): boolean;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Any of the texts anywhere, inside a longer word too. */
export function texts(list: readonly string[]): TextTest {
  if (list.length === 1) {
    const [text] = list as [string];
    return { test: (source) => source.includes(text) };
  }
  return new RegExp(list.map(escape).join('|'));
}

/** Any of the words as a whole word: `listen` but not `listener`, `serve` but not `observe`. */
export function words(list: readonly string[]): TextTest {
  return new RegExp(`\\b(?:${list.map(escape).join('|')})\\b`);
}

/** Any of the texts at the start of a string literal: module specifiers. */
export function quotedTexts(list: readonly string[]): TextTest {
  return new RegExp(`['"\`](?:${list.map(escape).join('|')})`);
}

/**
 * A file that may set one of these options: the name as a word, or its first camel-case piece
 * at the start of a string literal, because the rules also read keys built from parts, such as
 * `['reuse' + 'Port']` or a template literal, statically. The piece is searched for first, as a
 * plain substring: most files do not contain it.
 */
export function optionNames(list: readonly string[]): TextTest {
  const pieces = [...new Set(list.map((name) => name.split(/(?=[A-Z])/)[0]!))];
  const pattern = new RegExp(`\\b(?:${list.map(escape).join('|')})\\b|['"\`](?:${pieces.map(escape).join('|')})`);
  return { test: (source) => pieces.some((piece) => source.includes(piece)) && pattern.test(source) };
}
