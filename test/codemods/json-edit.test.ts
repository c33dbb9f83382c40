// The package.json / deno.json edit: one entry added, every other byte kept.
import { describe, expect, it } from 'vitest';
import { addJsonEntry } from '../../codemods/engine/json-edit.js';

const dep = { section: 'dependencies', key: 'exclusive-bind', value: '^0.1.0', sectionBefore: ['devDependencies'] };

describe('addJsonEntry', () => {
  it('inserts in order into sorted dependencies, with their indentation', () => {
    const before = '{\n    "name": "app",\n    "files": ["src"],\n    "dependencies": {\n        "express": "^4.0.0",\n        "zod": "^3.0.0"\n    }\n}\n';
    expect(addJsonEntry(before, dep)).toBe(
      '{\n    "name": "app",\n    "files": ["src"],\n    "dependencies": {\n        "exclusive-bind": "^0.1.0",\n        "express": "^4.0.0",\n        "zod": "^3.0.0"\n    }\n}\n',
    );
  });

  it('appends to unsorted dependencies, keeps tabs and a missing final newline', () => {
    const before = '{\n\t"dependencies": {\n\t\t"zod": "^3.0.0",\n\t\t"a": "1"\n\t}\n}';
    expect(addJsonEntry(before, dep)).toBe('{\n\t"dependencies": {\n\t\t"zod": "^3.0.0",\n\t\t"a": "1",\n\t\t"exclusive-bind": "^0.1.0"\n\t}\n}');
  });

  it('appends after the last sorted key', () => {
    expect(addJsonEntry('{\n  "dependencies": {\n    "a": "1"\n  }\n}\n', dep)).toBe(
      '{\n  "dependencies": {\n    "a": "1",\n    "exclusive-bind": "^0.1.0"\n  }\n}\n',
    );
  });

  it('fills an empty dependencies object', () => {
    expect(addJsonEntry('{\n  "name": "app",\n  "dependencies": {}\n}\n', dep)).toBe(
      '{\n  "name": "app",\n  "dependencies": {\n    "exclusive-bind": "^0.1.0"\n  }\n}\n',
    );
  });

  it('adds a missing dependencies section before devDependencies', () => {
    expect(addJsonEntry('{\n  "name": "app",\n  "devDependencies": {\n    "vitest": "4"\n  }\n}\n', dep)).toBe(
      '{\n  "name": "app",\n  "dependencies": {\n    "exclusive-bind": "^0.1.0"\n  },\n  "devDependencies": {\n    "vitest": "4"\n  }\n}\n',
    );
  });

  it('adds a missing dependencies section last, and keeps CRLF line endings', () => {
    expect(addJsonEntry('{\r\n  "name": "app",\r\n  "version": "1.0.0"\r\n}\r\n', dep)).toBe(
      '{\r\n  "name": "app",\r\n  "version": "1.0.0",\r\n  "dependencies": {\r\n    "exclusive-bind": "^0.1.0"\r\n  }\r\n}\r\n',
    );
  });

  it('keeps a one-line manifest on one line', () => {
    expect(addJsonEntry('{ "name": "app", "dependencies": { "a": "1" } }\n', dep)).toBe(
      '{ "name": "app", "dependencies": { "a": "1", "exclusive-bind": "^0.1.0" } }\n',
    );
    expect(addJsonEntry('{ "name": "app" }', dep)).toBe('{ "name": "app", "dependencies": { "exclusive-bind": "^0.1.0" } }');
  });

  it('fills an empty manifest', () => {
    expect(addJsonEntry('{}\n', dep)).toBe('{\n  "dependencies": {\n    "exclusive-bind": "^0.1.0"\n  }\n}\n');
  });

  it('keeps a byte-order mark and strings holding braces and escaped quotes', () => {
    const before = '\uFEFF{\n  "description": "a \\"quoted\\" {brace}",\n  "dependencies": {\n    "z": "1"\n  }\n}\n';
    expect(addJsonEntry(before, dep)).toBe(
      '\uFEFF{\n  "description": "a \\"quoted\\" {brace}",\n  "dependencies": {\n    "exclusive-bind": "^0.1.0",\n    "z": "1"\n  }\n}\n',
    );
  });

  it('returns the text itself when the key is already there', () => {
    const before = '{ "dependencies": { "exclusive-bind": "0.0.9" } }';
    expect(addJsonEntry(before, dep)).toBe(before);
  });

  it('adds an import-map entry to deno.json', () => {
    expect(addJsonEntry('{\n  "tasks": { "start": "deno run main.ts" }\n}\n', { section: 'imports', key: 'exclusive-bind', value: 'npm:exclusive-bind@^0.1.0' })).toBe(
      '{\n  "tasks": { "start": "deno run main.ts" },\n  "imports": {\n    "exclusive-bind": "npm:exclusive-bind@^0.1.0"\n  }\n}\n',
    );
  });

  it.each([
    ['{ "name": "app", }', SyntaxError],
    ['[1, 2]', /not a JSON object/],
    ['{ "dependencies": [] }', /"dependencies" is not an object/],
  ])('throws on %j and changes nothing', (text, error) => {
    expect(() => addJsonEntry(text, dep)).toThrow(error);
  });
});
