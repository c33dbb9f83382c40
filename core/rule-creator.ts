import { ESLintUtils } from '@typescript-eslint/utils';

export const REPOSITORY_URL = 'https://github.com/exclusive-bind/exclusive-bind';

export interface ExclusiveBindDocs {
  description: string;
}

export const createRule = ESLintUtils.RuleCreator<ExclusiveBindDocs>(
  (name) => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`,
);
