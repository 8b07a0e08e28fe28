// Lint rules. Beyond typescript-eslint's recommended set, this file holds the
// import boundaries from DESIGN.md (engine <- chapters <- assessment <- UI), so
// the layering cannot rot: the engine imports nothing from UI, storage or Astro.
import tseslint from 'typescript-eslint';

const UI_AND_PLATFORM = [
  {
    group: ['astro', 'astro:*', 'astro/*', 'preact', 'preact/*', 'monaco-editor', 'monaco-editor/*'],
    message: 'the engine and chapter code must not depend on Astro, UI or the editor',
  },
  {
    group: ['**/components/**', '**/pages/**', '**/layouts/**', '**/site/**'],
    message: 'UI and site code may import the engine, never the other way round',
  },
  { group: ['**/progress/**', '**/runner/**'], message: 'storage and the code runner sit above the engine' },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      '.astro/**',
      'node_modules/**',
      'content/**',
      'public/**',
      'test/lint/fixtures/**',
      'test/**/fixtures/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...UI_AND_PLATFORM,
            {
              group: ['**/chapters/**', '**/assessment/**'],
              message: 'chapters and assessment build on the engine, not the reverse',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'the engine runs on virtual time: schedule an event instead' },
        { name: 'setInterval', message: 'the engine runs on virtual time: schedule an event instead' },
        { name: 'window', message: 'the engine runs in Node and workers too' },
        { name: 'document', message: 'the engine runs in Node and workers too' },
        { name: 'localStorage', message: 'the engine has no storage' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'use the seeded PRNG so runs replay from their seed' },
        { object: 'Date', property: 'now', message: 'use virtual time so runs replay from their seed' },
        { object: 'performance', property: 'now', message: 'use virtual time so runs replay from their seed' },
      ],
    },
  },
  {
    // Node runs these by stripping types (npm run simulate, grade, figures): erasable syntax only.
    files: ['src/engine/**/*.ts', 'src/chapters/**/*.ts', 'src/assessment/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'TSParameterProperty', message: 'declare the field and assign it: Node cannot strip this' },
        { selector: 'TSEnumDeclaration', message: 'use a union of string literals: Node cannot strip enums' },
        { selector: 'TSModuleDeclaration[kind="namespace"]', message: 'use a module: Node cannot strip namespaces' },
      ],
    },
  },
  {
    files: ['src/chapters/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...UI_AND_PLATFORM,
            { group: ['**/assessment/**'], message: 'assessment builds on chapters, not the reverse' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/assessment/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [UI_AND_PLATFORM[0], UI_AND_PLATFORM[1]] }],
    },
  },
);
