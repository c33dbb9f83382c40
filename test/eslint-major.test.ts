// The suite runs twice, under ESLint 10 and under ESLint 9 (vitest.config.ts aliases `eslint` to
// the `eslint9` package in the second project). This proves which ESLint actually ran the rules.
import { RuleTester } from '@typescript-eslint/rule-tester';
import { ESLintUtils } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

const expected = process.env.EXPECTED_ESLINT_MAJOR;

describe('ESLint major', () => {
  it('is the one this project run is for', () => {
    expect(expected).toMatch(/^(9|10)$/);
    expect(Linter.version.split('.')[0]).toBe(expected);
  });

  // ESLint 10 removed context.getFilename(); ESLint 9 still has it. The rule tester's Linter decides.
  const probe = ESLintUtils.RuleCreator.withoutDocs({
    meta: { type: 'problem', schema: [], messages: { seen: '{{kind}}' } },
    defaultOptions: [],
    create(context) {
      return {
        Program(node) {
          const kind = typeof (context as unknown as { getFilename?: unknown }).getFilename;
          context.report({ node, messageId: 'seen', data: { kind } });
        },
      };
    },
  });
  new RuleTester().run('eslint-major-probe', probe, {
    valid: [],
    invalid: [
      {
        code: 'x;',
        errors: [{ messageId: 'seen', data: { kind: expected === '9' ? 'function' : 'undefined' } }],
      },
    ],
  });
});
