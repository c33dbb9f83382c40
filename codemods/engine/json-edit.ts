/**
 * Adds one entry to an object inside a JSON file (package.json `dependencies`, deno.json
 * `imports`) as a text edit: every other byte stays as it was, so the file keeps its indentation,
 * key order, line endings, inline arrays and final newline. JSON.stringify would reformat it all.
 */

interface Member {
  readonly key: string;
  /** Index of the key's opening quote. */
  readonly keyStart: number;
  readonly valueStart: number;
  readonly valueEnd: number;
}

interface ObjectNode {
  readonly start: number;
  readonly end: number;
  readonly members: readonly Member[];
}

class JsonScanner {
  constructor(private readonly text: string) {}

  skipSpace(i: number): number {
    while (i < this.text.length && /[ \t\r\n]/.test(this.text[i]!)) i++;
    return i;
  }

  /** End of the value starting at `i` (after white space); objects are returned with their members. */
  value(i: number): { start: number; end: number; object?: ObjectNode } {
    const start = this.skipSpace(i);
    const c = this.text[start];
    if (c === '{') {
      const object = this.object(start);
      return { start, end: object.end, object };
    }
    if (c === '[') return { start, end: this.array(start) };
    if (c === '"') return { start, end: this.string(start) };
    const literal = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.text.slice(start));
    if (!literal) throw new SyntaxError(`unexpected ${c === undefined ? 'end of file' : JSON.stringify(c)} at offset ${start}`);
    return { start, end: start + literal[0].length };
  }

  private string(start: number): number {
    let i = start + 1;
    while (i < this.text.length && this.text[i] !== '"') i += this.text[i] === '\\' ? 2 : 1;
    if (i >= this.text.length) throw new SyntaxError(`unterminated string at offset ${start}`);
    return i + 1;
  }

  private expect(i: number, char: string): number {
    const at = this.skipSpace(i);
    if (this.text[at] !== char) throw new SyntaxError(`expected ${char} at offset ${at}`);
    return at + 1;
  }

  private array(start: number): number {
    let i = this.skipSpace(start + 1);
    if (this.text[i] === ']') return i + 1;
    for (;;) {
      i = this.skipSpace(this.value(i).end);
      if (this.text[i] === ']') return i + 1;
      i = this.expect(i, ',');
    }
  }

  private object(start: number): ObjectNode {
    const members: Member[] = [];
    let i = this.skipSpace(start + 1);
    if (this.text[i] === '}') return { start, end: i + 1, members };
    for (;;) {
      const keyStart = this.skipSpace(i);
      if (this.text[keyStart] !== '"') throw new SyntaxError(`expected a key at offset ${keyStart}`);
      const keyEnd = this.string(keyStart);
      const key = JSON.parse(this.text.slice(keyStart, keyEnd)) as string;
      const value = this.value(this.expect(keyEnd, ':'));
      members.push({ key, keyStart, valueStart: value.start, valueEnd: value.end });
      i = this.skipSpace(value.end);
      if (this.text[i] === '}') return { start, end: i + 1, members };
      i = this.expect(i, ',');
    }
  }
}

function lineIndentBefore(text: string, index: number): string {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  const before = text.slice(lineStart, index);
  return /^[ \t]*$/.test(before) ? before : '';
}

/** The file's indentation unit: that of the first member of the top-level object, else two spaces. */
function indentUnit(text: string, root: ObjectNode): string {
  const first = root.members[0];
  const indent = first ? lineIndentBefore(text, first.keyStart) : '';
  return indent || '  ';
}

function isSorted(keys: readonly string[]): boolean {
  return keys.every((key, i) => i === 0 || keys[i - 1]!.localeCompare(key, 'en') <= 0);
}

/** Inserts `"key": value` into `object`: in order if its keys are sorted, else last. */
function insertMember(text: string, object: ObjectNode, entry: string, key: string, unit: string, depth: number): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const { members } = object;
  if (members.length === 0) {
    const outer = unit.repeat(depth - 1);
    return `${text.slice(0, object.start)}{${eol}${outer}${unit}${entry}${eol}${outer}}${text.slice(object.end)}`;
  }
  const multiline = text.slice(object.start, members[0]!.keyStart).includes('\n');
  const sorted = isSorted(members.map((m) => m.key));
  const before = sorted ? members.find((m) => m.key.localeCompare(key, 'en') > 0) : undefined;
  if (before) {
    const separator = multiline ? `,${eol}${lineIndentBefore(text, before.keyStart)}` : ', ';
    return `${text.slice(0, before.keyStart)}${entry}${separator}${text.slice(before.keyStart)}`;
  }
  const last = members.at(-1)!;
  const separator = multiline ? `,${eol}${lineIndentBefore(text, last.keyStart) || unit.repeat(depth)}` : ', ';
  return `${text.slice(0, last.valueEnd)}${separator}${entry}${text.slice(last.valueEnd)}`;
}

export interface AddEntry {
  /** The top-level member holding the entries (`dependencies`, `imports`). */
  readonly section: string;
  readonly key: string;
  readonly value: string;
  /** Where a missing section goes: before the first of these top-level keys present, else last. */
  readonly sectionBefore?: readonly string[];
}

/**
 * `text` with the entry added, or `text` itself when the section already has the key.
 * Throws a SyntaxError when `text` is not a JSON object (the caller reports it; nothing is written).
 */
export function addJsonEntry(text: string, { section, key, value, sectionBefore = [] }: AddEntry): string {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = text.slice(bom.length);
  JSON.parse(body); // the same errors as everywhere else for a file that is not JSON
  const scanner = new JsonScanner(body);
  const root = scanner.value(0).object;
  if (!root) throw new SyntaxError('not a JSON object');
  const unit = indentUnit(body, root);
  const entry = `${JSON.stringify(key)}: ${JSON.stringify(value)}`;
  const existing = root.members.find((m) => m.key === section);
  if (existing) {
    const object = scanner.value(existing.valueStart).object;
    if (!object) throw new SyntaxError(`"${section}" is not an object`);
    if (object.members.some((m) => m.key === key)) return text;
    return bom + insertMember(body, object, entry, key, unit, 2);
  }
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  const multiline = root.members.length === 0 || body.slice(root.start, root.members[0]!.keyStart).includes('\n');
  const sectionText = multiline
    ? `${JSON.stringify(section)}: {${eol}${unit}${unit}${entry}${eol}${unit}}`
    : `${JSON.stringify(section)}: { ${entry} }`;
  const before = root.members.find((m) => sectionBefore.includes(m.key));
  if (before) {
    const separator = multiline ? `,${eol}${lineIndentBefore(body, before.keyStart)}` : ', ';
    return bom + body.slice(0, before.keyStart) + sectionText + separator + body.slice(before.keyStart);
  }
  if (root.members.length === 0) {
    return bom + body.slice(0, root.start) + `{${eol}${unit}${sectionText}${eol}}` + body.slice(root.end);
  }
  const last = root.members.at(-1)!;
  const separator = multiline ? `,${eol}${lineIndentBefore(body, last.keyStart) || unit}` : ', ';
  return bom + body.slice(0, last.valueEnd) + separator + sectionText + body.slice(last.valueEnd);
}
