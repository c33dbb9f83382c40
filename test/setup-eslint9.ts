// For the `eslint9` test project: make CommonJS `require('eslint')` (used inside
// @typescript-eslint/rule-tester and utils) load the `eslint9` alias package, as the vite alias
// does for ESM imports. Runs before test/setup.ts loads the rule tester.
import Module from 'node:module';

type Resolve = (request: string, ...rest: unknown[]) => string;
const internals = Module as unknown as { _resolveFilename: Resolve };
const original = internals._resolveFilename;
internals._resolveFilename = function (request, ...rest) {
  const rewritten = /^eslint(\/|$)/.test(request) ? request.replace(/^eslint/, 'eslint9') : request;
  return original.call(this, rewritten, ...rest);
};
