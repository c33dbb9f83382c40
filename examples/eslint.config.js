import exclusiveBind from 'eslint-plugin-exclusive-bind';
import tseslint from 'typescript-eslint';

export default [
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
  },
  exclusiveBind.configs.recommended,
];
