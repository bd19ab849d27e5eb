import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import prettier from 'eslint-config-prettier/flat'
import n from 'eslint-plugin-n'
import simpleImportSort from 'eslint-plugin-simple-import-sort'
import unicorn from 'eslint-plugin-unicorn'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// Import boundaries of style.md §2. test/architecture.test.ts holds the same table as data, scans
// src/ with it and checks that these blocks agree with it: change both together.

const STAGES = ['parse', 'simulate', 'decide', 'approve', 'execute', 'audit']
const PURE_STAGES = STAGES.filter((stage) => stage !== 'execute')

const NETWORK_MODULES = ['net', 'http', 'https', 'http2', 'tls', 'dgram']
const IO_MODULES = ['fs', 'fs/promises', 'child_process', ...NETWORK_MODULES]

/** Why `from/` may not import `to/`, naming the route to take instead. */
function route(from, to) {
  if (to === 'main') {
    return 'main.ts is the composition root and nothing imports it: take what you need as a parameter and let main.ts pass it in'
  }
  if (from === 'model') {
    return `model/ is the shared vocabulary and imports nothing else in src/ (here \`${to}/\`): move the shared type into model/`
  }
  if (to === 'storage') {
    return `${from}/ must not import storage/: depend on the port in its stage (e.g. approve/approval-store.ts) and let main.ts inject the adapter`
  }
  if (to === 'surfaces') {
    return `${from}/ must not import surfaces/: surfaces are edges that call pipeline/ and only main.ts starts them`
  }
  if (from === 'storage') {
    return `storage/ may only \`import type\` a port from \`${to}/\`: write \`import type { … }\`; runtime code a backend needs belongs in model/ or in the backend folder`
  }
  if (to === 'pipeline') {
    return `${from}/ must not import pipeline/: pipeline/ calls the stages, never the reverse; return a model/ value and let pipeline/ hand it on`
  }
  if (from === 'surfaces') {
    return `surfaces/ never reach into stage internals (\`${to}/\`): call pipeline/ and let it run the stage`
  }
  return `${from}/ must not import the sibling stage \`${to}/\`: stages talk only through model/ types handed over by pipeline/; move the shared type into model/`
}

/** Why `from/` may not import the node module `name`. */
function moduleRoute(from, name) {
  if (from === 'model') {
    return `model/ is pure: no \`${name}\` (file, process or network I/O); do I/O in execute/ or storage/ and pass the result in as a model/ value`
  }
  if (name === 'child_process') {
    return `only execute/ may use \`${name}\`: describe the work as a model/ value and let pipeline/ hand it to an execute/ Executor`
  }
  return `only execute/ talks to the network (\`${name}\`): ${from}/ stays pure; let pipeline/ hand the action to an execute/ Executor`
}

/**
 * Per folder: src folders it may not import at all (`forbid`), stage folders it may only
 * `import type` from (`typesOnly`), and node modules it may not import at runtime (`modules`).
 */
const BOUNDARIES = [
  {
    folder: 'model',
    forbid: [...STAGES, 'pipeline', 'storage', 'surfaces', 'main'],
    typesOnly: [],
    modules: IO_MODULES,
  },
  ...PURE_STAGES.map((stage) => ({
    folder: stage,
    forbid: [
      ...STAGES.filter((other) => other !== stage),
      'pipeline',
      'storage',
      'surfaces',
      'main',
    ],
    typesOnly: [],
    modules: ['child_process', ...NETWORK_MODULES],
  })),
  {
    folder: 'execute',
    forbid: [...PURE_STAGES, 'pipeline', 'storage', 'surfaces', 'main'],
    typesOnly: [],
    modules: [],
  },
  { folder: 'pipeline', forbid: ['storage', 'surfaces', 'main'], typesOnly: [], modules: [] },
  {
    folder: 'storage',
    forbid: ['surfaces', 'main'],
    typesOnly: [...STAGES, 'pipeline'],
    modules: [],
  },
  { folder: 'surfaces', forbid: [...STAGES, 'storage', 'main'], typesOnly: [], modules: [] },
]

/**
 * Import globs for a src folder, as written in relative specifiers (`../../parse/shell/x.js`).
 * Unit tests may also use the first-class fakes in storage/memory/ (style.md §5).
 */
function folderGroup(folder, isTest) {
  if (folder === 'main') {
    return ['**/main.js']
  }
  if (folder === 'storage' && isTest) {
    return ['**/storage/*', '!**/storage/memory']
  }
  return [`**/${folder}/**`]
}

function boundaryBlock({ folder, forbid, typesOnly, modules }, isTest) {
  const moduleNames = modules.flatMap((name) => [`node:${name}`, name])
  return {
    name: `airlock/boundaries/${folder}${isTest ? '/tests' : ''}`,
    files: [isTest ? `src/${folder}/**/*.test.ts` : `src/${folder}/**/*.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: moduleNames.map((name) => ({
            name,
            message: moduleRoute(folder, name.replace(/^node:/, '')),
            allowTypeImports: true,
          })),
          patterns: [
            ...forbid.map((to) => ({ group: folderGroup(to, isTest), message: route(folder, to) })),
            ...typesOnly.map((to) => ({
              group: folderGroup(to, isTest),
              message: route(folder, to),
              allowTypeImports: true,
            })),
          ],
        },
      ],
    },
  }
}

const CHILD_PROCESS = '/^(node:)?child_process$/'

const EXEC_BANS = [
  {
    selector: `:matches(ImportDeclaration, ExportNamedDeclaration)[source.value=${CHILD_PROCESS}] > :matches(ImportSpecifier[imported.name=/^exec(Sync)?$/], ExportSpecifier[local.name=/^exec(Sync)?$/])`,
    message:
      'exec()/execSync() run a command string through a shell, so quoting decides what runs: use execFile() or spawn() with an argv array',
  },
  {
    selector: `ImportDeclaration[source.value=${CHILD_PROCESS}] > :matches(ImportNamespaceSpecifier, ImportDefaultSpecifier)`,
    message:
      'import execFile or spawn by name from node:child_process, so that the ban on string-form exec()/execSync() sees every call',
  },
  {
    selector: `ImportExpression[source.value=${CHILD_PROCESS}]`,
    message:
      'import execFile or spawn statically and by name from node:child_process, so that the ban on string-form exec()/execSync() sees every call',
  },
]

const JSON_PARSE_BAN = {
  selector: "MemberExpression[object.name='JSON'][property.name='parse']",
  message:
    'JSON.parse returns an unchecked any: parse JSON through a schema-validating helper (a *-schema.ts module) so that bad input becomes an issue, not a crash',
}

export default defineConfig(
  globalIgnores(['dist/', 'coverage/', 'test/fixtures/', '.airlock/']),

  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  js.configs.recommended,

  {
    name: 'airlock/base',
    files: ['**/*.ts', '**/*.js'],
    extends: [tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: {
      n,
      'simple-import-sort': simpleImportSort,
      unicorn,
    },
    settings: {
      // src/ is published as dist/: a devDependency imported from src/ is an unpublished import.
      n: {
        convertPath: [
          {
            include: ['src/**/*.ts'],
            exclude: ['**/*.test.ts'],
            replace: ['^src/(.+)\\.ts$', 'dist/$1.js'],
          },
        ],
      },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports' },
      ],
      // Under verbatimModuleSyntax `import { type A } from 'x'` still loads `x` at run time.
      '@typescript-eslint/no-import-type-side-effects': 'error',
      // stylistic wants `x!` where strict's no-non-null-assertion forbids it; strict wins.
      '@typescript-eslint/non-nullable-type-assertion-style': 'off',
      // Matches tsc, which lets `_`-prefixed names go unused (`const { id: _id, ...rest } = x`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          varsIgnorePattern: '^_',
        },
      ],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        {
          allowAny: false,
          allowArray: false,
          allowBoolean: true,
          allowNever: false,
          allowNullish: false,
          allowNumber: true,
          allowRegExp: false,
        },
      ],
      'simple-import-sort/imports': 'error',
      'simple-import-sort/exports': 'error',
      'n/prefer-node-protocol': 'error',
      'n/no-extraneous-import': 'error',
      'n/no-unpublished-import': ['error', { allowModules: [] }],
      'unicorn/filename-case': ['error', { case: 'kebabCase' }],
      'no-console': 'error',
      'no-restricted-syntax': ['error', ...EXEC_BANS, JSON_PARSE_BAN],
    },
  },

  {
    name: 'airlock/plain-js',
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },

  {
    name: 'airlock/console-allowed',
    files: ['src/surfaces/cli/**', 'bench/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },

  {
    name: 'airlock/json-parse-allowed',
    files: ['**/*-schema.ts', '**/*.test.ts', 'test/**', 'bench/**'],
    rules: { 'no-restricted-syntax': ['error', ...EXEC_BANS] },
  },

  BOUNDARIES.map((boundary) => boundaryBlock(boundary, false)),
  BOUNDARIES.map((boundary) => boundaryBlock(boundary, true)),

  prettier,
)
