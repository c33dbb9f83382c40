import exclusiveBind from 'eslint-plugin-exclusive-bind';

// The plugin's config is an array: its rules, and typescript-eslint's parser for .ts/.tsx/.mts/.cts.
export default [...exclusiveBind.configs.recommended];
