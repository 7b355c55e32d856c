// ESLint 9 flat config: typescript-eslint's type-unaware `recommended` (fast enough for CI on two
// cores), the import boundaries between the layers of src/ (docs/ARCHITECTURE.md, STYLE.md rule 1),
// functions that fit on a screen (STYLE.md rule 13), and eslint-config-prettier last so that no rule
// argues with Prettier about layout.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

const features = [
  'announcements',
  'authorities',
  'calendar',
  'charts',
  'concepts',
  'events',
  'exports',
  'limits',
  'managers',
  'market',
  'people',
  'performance',
  'playground',
  'products',
  'search',
].map((name) => `./src/${name}`);

// `target` is the importing file, `from` the imported one; `except` is relative to `from`. Paths are
// relative to this file (basePath), so the rule means the same from any working directory.
const boundaries = [
  {
    target: './src/core',
    from: './src',
    except: ['./core'],
    message: 'src/core is the ground floor: it imports nothing else under src/.',
  },
  {
    target: './src/core',
    from: ['./ormconfig.ts', './seed', './migrations'],
    message: 'src/core is the ground floor: it imports neither ormconfig.ts, seed/ nor migrations/.',
  },
  {
    target: './src/config',
    from: './src',
    except: ['./core', './config'],
    message: 'src/config may import src/core only.',
  },
  {
    target: './src/config',
    from: ['./ormconfig.ts', './seed', './migrations'],
    message: 'src/config may import src/core only.',
  },
  {
    target: './src/database',
    from: ['./src/api', './src/http', './src/cli'],
    message: 'src/database may import core, config and the feature folders (entities), not api/, http/ or cli/.',
  },
  {
    target: features,
    from: ['./src/http', './src/cli'],
    message: 'A feature folder does not import the HTTP edge or the command line.',
  },
  {
    target: './src/api',
    from: ['./src/http', './src/cli'],
    message: 'src/api does not import the HTTP edge or the command line.',
  },
  {
    target: './src/http',
    from: './src/cli',
    message: 'src/http does not import the command line.',
  },
  {
    target: './seed',
    from: ['./src/http', './src/cli'],
    message: 'seed/ does not import the HTTP edge or the command line.',
  },
];

export default tseslint.config(
  {
    ignores: ['dist/', 'node_modules/', 'test-results/', 'coverage/', 'schema/', 'bench/data/', 'bench/results/'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: globals.node },
  },
  {
    files: ['src/**/*.ts', 'seed/**/*.ts', 'migrations/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts', 'ormconfig.ts'],
    extends: [tseslint.configs.recommended],
    plugins: { 'import-x': importX },
    languageOptions: { globals: globals.node },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: `${root}/tsconfig.json` })],
    },
    rules: {
      // Boundaries between the layers.
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: boundaries }],
      // tsc already refuses an unresolved import; this is here so that a broken resolver setting fails
      // loudly instead of silently switching the boundary rule off (it skips what it cannot resolve).
      'import-x/no-unresolved': 'error',

      // `any` is used deliberately at the edges (raw driver rows, GraphQL AST walking, JSON);
      // typing every one is a rewrite, not a lint fix. Shown, not failing.
      '@typescript-eslint/no-explicit-any': 'warn',
      // Matching control characters is the point where this code does it (input checks, tests of them).
      'no-control-regex': 'off',
      // Unused bindings: `_`-prefixed arguments and rest siblings are the idiom for "deliberately unused".
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
  {
    // STYLE.md rule 13: functions fit on a screen. Specs are left out: a describe() block is one function.
    files: ['src/**/*.ts', 'seed/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // STYLE.md rules 7 and 12: config is the only reader of the environment, and one module knows the
    // database driver. What those two modules do, nothing else in the application may.
    files: ['src/**/*.ts', 'seed/**/*.ts', 'migrations/**/*.ts', 'ormconfig.ts'],
    ignores: ['src/config/config.ts', 'src/core/dialect.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read settings through src/config/config.ts, the only reader of process.env.',
        },
        {
          selector: "MemberExpression[object.property.name='options'][property.name='type']",
          message: 'Ask src/core/dialect.ts (dialectOf) which database this is; nothing else reads options.type.',
        },
        {
          selector: "MemberExpression[property.name='databaseConnection']",
          message: "better-sqlite3's handle is reached through src/core/dialect.ts (sqliteHandle) only.",
        },
      ],
    },
  },
  prettier,
);
