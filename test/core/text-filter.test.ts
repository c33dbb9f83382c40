// File-level text filters: which texts wake a rule, and that a rule registers nothing elsewhere.
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { optionNames, quotedTexts, texts, words } from '../../core/text-filter.js';
import plugin from '../../index.js';
import { withoutTextFilter } from '../../core/rule-creator.js';

describe('words', () => {
  const test = words(['listen', 'serve']);
  it.each(['server.listen(0)', "Bun['serve']({})", 'const { serve } = Bun'])('matches %s', (text) => {
    expect(test.test(text)).toBe(true);
  });
  it.each(['emitter.addListener(x)', 'const listeners = []', 'observe(x)', 'const server = 1'])('does not match %s', (text) => {
    expect(test.test(text)).toBe(false);
  });
});

describe('texts', () => {
  it('matches anywhere, inside a longer word too', () => {
    const test = texts(['setsockopt']);
    expect(test.test("lib.func('int setsockopt(int)')")).toBe(true);
    expect(test.test('const _setsockopt64 = 1')).toBe(true);
    expect(test.test('const getsockopt = 1')).toBe(false);
  });
});

describe('quotedTexts', () => {
  const test = quotedTexts(['get-port']);
  it.each(["import getPort from 'get-port'", 'require("get-port-please")', 'await import(`get-port`)'])('matches %s', (text) => {
    expect(test.test(text)).toBe(true);
  });
  it.each(['// uses get-port', "require('portfinder')"])('does not match %s', (text) => {
    expect(test.test(text)).toBe(false);
  });
});

describe('optionNames', () => {
  const test = optionNames(['reusePort', 'exclusive']);
  it.each([
    'listen({ reusePort: true })',
    "listen({ 'reusePort': true })",
    "listen({ ['reuse' + 'Port']: true })",
    'listen({ [`reuse${x}`]: true })',
    'listen({ exclusive: true })',
  ])('matches %s', (text) => {
    expect(test.test(text)).toBe(true);
  });
  it.each(['listen({ port: 1 })', 'const reuse = 1', 'listen({ reusePorts: true })', "listen({ ['exclu' + 'sive']: 1 })"])('does not match %s', (text) => {
    expect(test.test(text)).toBe(false);
  });
});

describe('rules behind their text filters', () => {
  // A file that names no socket API, option or port finder.
  const unrelated = 'export function add(a, b) {\n  return a + b;\n}\n';
  const ruleNames = Object.keys(plugin.rules);

  function listenersFor(name: string, text: string, options: unknown[] = [], filtered = true): string[] {
    const rule = filtered ? plugin.rules[name as keyof typeof plugin.rules] : withoutTextFilter(plugin.rules[name as keyof typeof plugin.rules]);
    let registered: string[] = [];
    const linter = new Linter();
    linter.verify(text, {
      plugins: {
        probe: {
          rules: {
            [name]: {
              ...rule,
              create(context: Parameters<typeof rule.create>[0]) {
                const listeners = rule.create(context);
                registered = Object.keys(listeners);
                return listeners;
              },
            },
          },
        },
      },
      rules: { [`probe/${name}`]: ['error', ...options] },
    } as Linter.Config);
    return registered;
  }

  it.each(ruleNames)('%s registers no listener on a file that cannot concern it, and does without its filter', (name) => {
    expect(listenersFor(name, unrelated)).toEqual([]);
    // What bench/corpus-report.mjs runs to show that the filter skips no file with a finding.
    expect(listenersFor(name, unrelated, [], false).length).toBeGreaterThan(0);
  });

  // One text per rule that its filter lets through: the rule then listens.
  const relevant: Record<string, string> = {
    'no-reuse-port': 'server.listen({ port: 1, reusePort: true });',
    'no-implicit-reuse-port': 'Bun.serve({ fetch() {} });',
    'valid-socket-option-values': 'server.listen({ port: 1, ipv6Only: 1 });',
    'no-unicast-reuse-addr': "dgram.createSocket({ type: 'udp4', reuseAddr: true });",
    'no-raw-reuse-sockopt': "lib.func('int setsockopt(int, int, int, void*, int)');",
    'no-exclusive-misuse': 'server.listen({ port: 1, exclusive: true });',
    'no-port-probe': 'const s = net.createServer().listen(0); const port = s.address().port; s.close();',
    'no-port-readiness-poll': "cp.spawn('node', ['server.js', port]); await waitOn({ resources: [`tcp:${port}`] }); // 'child_process', 'wait-on'",
  };
  it('covers every rule', () => {
    expect(Object.keys(relevant).sort()).toEqual([...ruleNames].sort());
  });
  it.each(ruleNames)('%s listens on a file that names what it looks for', (name) => {
    expect(listenersFor(name, relevant[name]!).length).toBeGreaterThan(0);
  });

  it('no-port-probe also wakes for a port finder added by option', () => {
    const text = "import pick from 'my-port-picker';\nconst port = await pick();\n";
    expect(listenersFor('no-port-probe', text)).toEqual([]);
    expect(listenersFor('no-port-probe', text, [{ packages: [{ module: 'my-port-picker', exports: ['default'] }] }]).length).toBeGreaterThan(0);
  });
});
