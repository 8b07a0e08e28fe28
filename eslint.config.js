// Lint rules. Beyond typescript-eslint's recommended set, this file holds the
// import boundaries from DESIGN.md (engine <- chapters <- assessment <- UI), so
// the layering cannot rot: the engine imports nothing from UI, storage or Astro.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

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

// Outside src/engine, import the engine only through its public entry points: the API
// (index.ts), the trace's types (trace/events.ts) and the fold views replay (trace/replay.ts).
const ENGINE_INTERNALS = {
  regex: '\\.\\./engine/(?!index\\.ts$|trace/events\\.ts$|trace/replay\\.ts$)',
  message: 'import the engine through src/engine/index.ts (or trace/events.ts, trace/replay.ts), not its internals',
};

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
    // No import cycles anywhere in the source (type-only imports included: a cycle of types is a
    // cycle of concepts). Files are resolved as written, with their .ts / .tsx extensions.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'] },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
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
            {
              group: ['**/server/**', 'hono', 'hono/*', 'kysely', 'pg'],
              message: 'the engine knows nothing of the cohort server',
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
    // Node runs these by stripping types (npm run simulate, grade, figures, cohort; the cohort server strips
    // src/progress and src/server/client for the browser): erasable syntax only.
    files: [
      'src/engine/**/*.ts',
      'src/chapters/**/*.ts',
      'src/assessment/**/*.ts',
      'src/server/**/*.ts',
      'src/progress/**/*.ts',
      'scripts/**/*.ts',
      'test/server/**/*.ts',
    ],
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
            ENGINE_INTERNALS,
            { group: ['**/assessment/**'], message: 'assessment builds on chapters, not the reverse' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/assessment/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [UI_AND_PLATFORM[0], UI_AND_PLATFORM[1], ENGINE_INTERNALS] }],
    },
  },
  {
    files: [
      'src/components/**/*.{ts,tsx}',
      'src/runner/**/*.ts',
      'src/progress/**/*.ts',
      'src/site/**/*.ts',
      'src/pages/**/*.ts',
      'src/schemas/**/*.ts',
      'src/server/**/*.ts',
    ],
    rules: { 'no-restricted-imports': ['error', { patterns: [ENGINE_INTERNALS] }] },
  },
);
