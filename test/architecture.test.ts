import { readdirSync, readFileSync, statSync } from 'node:fs'
import { builtinModules } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { ESLint } from 'eslint'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// The import boundaries of style.md §2, as data. eslint.config.js enforces the same table with
// `@typescript-eslint/no-restricted-imports`; the last tests below check that the two agree.

const STAGES = ['parse', 'simulate', 'decide', 'approve', 'execute', 'audit'] as const

type SrcFolder = (typeof STAGES)[number] | 'model' | 'pipeline' | 'storage' | 'surfaces' | 'main'

const FOLDERS: readonly SrcFolder[] = [
  'model',
  ...STAGES,
  'pipeline',
  'storage',
  'surfaces',
  'main',
]

const NETWORK_MODULES = ['net', 'http', 'https', 'http2', 'tls', 'dgram']
const IO_MODULES = ['fs', 'fs/promises', 'child_process', ...NETWORK_MODULES]

/** What files in one folder of src/ may import; the folder itself is always allowed. */
interface Boundary {
  readonly folder: SrcFolder
  /** Other src folders it may import. */
  readonly mayImport: readonly SrcFolder[]
  /** Other src folders it may reach with `import type` only. */
  readonly mayImportTypesFrom: readonly SrcFolder[]
  /** Node modules (without `node:`) it may not import at run time. */
  readonly bannedModules: readonly string[]
  /** The rule in words, quoted in every failure. */
  readonly rule: string
}

function pureStage(folder: SrcFolder): Boundary {
  return {
    folder,
    mayImport: ['model'],
    mayImportTypesFrom: [],
    bannedModules: ['child_process', ...NETWORK_MODULES],
    rule: `${folder}/ may import model/ and ${folder}/ only, never a sibling stage, pipeline/, storage/, surfaces/ or main; only execute/ may use child_process or the network`,
  }
}

const BOUNDARIES: readonly Boundary[] = [
  {
    folder: 'model',
    mayImport: [],
    mayImportTypesFrom: [],
    bannedModules: IO_MODULES,
    rule: 'model/ imports nothing else in src/ and no I/O module (node:crypto is fine)',
  },
  pureStage('parse'),
  pureStage('simulate'),
  pureStage('decide'),
  pureStage('approve'),
  pureStage('audit'),
  {
    folder: 'execute',
    mayImport: ['model'],
    mayImportTypesFrom: [],
    bannedModules: [],
    rule: 'execute/ may import model/ and execute/ only; it is the one stage allowed child_process and the network',
  },
  {
    folder: 'pipeline',
    mayImport: ['model', ...STAGES],
    mayImportTypesFrom: [],
    bannedModules: [],
    rule: 'pipeline/ may import model/ and the stages, never storage/, surfaces/ or main',
  },
  {
    folder: 'storage',
    mayImport: ['model'],
    mayImportTypesFrom: [...STAGES, 'pipeline'],
    bannedModules: [],
    rule: 'storage/ may import model/ and storage/, and the ports of the stages and pipeline/ with `import type` only; never surfaces/ or main',
  },
  {
    folder: 'surfaces',
    mayImport: ['model', 'pipeline'],
    mayImportTypesFrom: [],
    bannedModules: [],
    rule: 'surfaces/ may import model/ and pipeline/ only, never stage internals or storage/',
  },
  {
    folder: 'main',
    mayImport: FOLDERS,
    mayImportTypesFrom: [],
    bannedModules: [],
    rule: 'main.ts may import anything',
  },
]

/** Unit tests anywhere in src/ may also use the first-class fakes (style.md §5). */
const TEST_FAKES = 'src/storage/memory/'

const BOUNDARY_RULES = new Set([
  'no-restricted-imports',
  '@typescript-eslint/no-restricted-imports',
])

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** One module reference in a source file. */
interface ImportRef {
  /** `undefined` for `import()` of a computed specifier. */
  readonly specifier: string | undefined
  readonly line: number
  /** Erased at build time: `import type`, `export type`, `typeof import('…')`. */
  readonly typeOnly: boolean
}

/** One broken rule, printed as `file:line: message`. */
interface Violation {
  readonly file: string
  readonly line: number
  readonly message: string
}

function formatViolation({ file, line, message }: Violation): string {
  return `${file}:${line}: ${message}`
}

function lineOf(sourceFile: ts.SourceFile, position: number): number {
  return sourceFile.getLineAndCharacterOfPosition(position).line + 1
}

function parseSource(file: string, source: string): ts.SourceFile {
  return ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
}

/** Every static import, re-export, `import()` and `import('…')` type in a source. */
function findImports(file: string, source: string): ImportRef[] {
  const sourceFile = parseSource(file, source)
  const refs: ImportRef[] = []
  const add = (node: ts.Node, specifier: ts.Node | undefined, typeOnly: boolean): void => {
    refs.push({
      specifier:
        specifier !== undefined && ts.isStringLiteral(specifier) ? specifier.text : undefined,
      line: lineOf(sourceFile, node.getStart(sourceFile)),
      typeOnly,
    })
  }
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      // `import { type A } from 'x'` still loads `x` under verbatimModuleSyntax.
      add(
        node,
        node.moduleSpecifier,
        node.importClause?.phaseModifier === ts.SyntaxKind.TypeKeyword,
      )
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined) {
      add(node, node.moduleSpecifier, node.isTypeOnly)
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference)
    ) {
      add(node, node.moduleReference.expression, node.isTypeOnly)
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0], false)
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal, true)
    }
    ts.forEachChild(node, visit)
  }
  visit(sourceFile)
  return refs
}

/** Every comment in a source, found through the tokens so strings and templates never match. */
function findComments(file: string, source: string): { text: string; line: number }[] {
  const sourceFile = parseSource(file, source)
  const ranges = new Map<number, ts.CommentRange>()
  const visit = (node: ts.Node): void => {
    const around = [
      ...(ts.getLeadingCommentRanges(source, node.pos) ?? []),
      ...(ts.getTrailingCommentRanges(source, node.pos) ?? []),
    ]
    for (const range of around) {
      ranges.set(range.pos, range)
    }
    for (const child of node.getChildren(sourceFile)) {
      visit(child)
    }
  }
  visit(sourceFile)
  return [...ranges.values()].map((range) => ({
    text: source.slice(range.pos, range.end),
    line: lineOf(sourceFile, range.pos),
  }))
}

/** Directives that switch the boundary rules off: named, or a blanket `eslint-disable`. */
function findBoundaryDisables(file: string, source: string): Violation[] {
  return findComments(file, source).flatMap(({ text, line }) => {
    const body = text
      .replace(/^\/\/|^\/\*|\*\/$/g, '')
      .replace(/^[\s*]+/, '')
      .split(/\s--\s/)[0]
      ?.trim()
    const directive = /^(eslint-disable(?:-next-line|-line)?|eslint)(?:\s+([\s\S]*))?$/.exec(
      body ?? '',
    )
    if (directive === null) {
      return []
    }
    const [, kind = '', ruleList = ''] = directive
    const rules = ruleList
      .split(',')
      .map((rule) => rule.split(':')[0]?.trim() ?? '')
      .filter((rule) => rule !== '')
    const isBlanket = kind !== 'eslint' && rules.length === 0
    if (!isBlanket && !rules.some((rule) => BOUNDARY_RULES.has(rule))) {
      return []
    }
    return [
      {
        file,
        line,
        message: `\`${text}\` switches off the import boundary rules: fix the import instead (style.md §2)`,
      },
    ]
  })
}

/** The top-level folder of a repo-relative path under src/, `main` for src/main.ts. */
function folderOf(file: string): string | undefined {
  const [top, first, ...rest] = file.split('/')
  if (top !== 'src' || first === undefined) {
    return undefined
  }
  if (rest.length > 0) {
    return first
  }
  return first.replace(/\.[jt]s$/, '') === 'main' ? 'main' : undefined
}

function boundaryOf(folder: string | undefined): Boundary | undefined {
  return BOUNDARIES.find((boundary) => boundary.folder === folder)
}

function nodeModuleName(specifier: string): string | undefined {
  const name = specifier.replace(/^node:/, '')
  return specifier.startsWith('node:') || builtinModules.includes(name) ? name : undefined
}

/** Violations of the boundary table by the imports of one file (repo-relative, posix). */
function checkImports(file: string, imports: readonly ImportRef[]): Violation[] {
  const boundary = boundaryOf(folderOf(file))
  if (boundary === undefined) {
    return [{ file, line: 1, message: `is outside the folders of style.md §1` }]
  }
  const { folder } = boundary
  const isTest = file.endsWith('.test.ts')
  return imports.flatMap(({ specifier, line, typeOnly }): Violation[] => {
    if (specifier === undefined) {
      return folder === 'main'
        ? []
        : [
            {
              file,
              line,
              message: `import() of a computed specifier cannot be checked: ${boundary.rule}`,
            },
          ]
    }
    const moduleName = nodeModuleName(specifier)
    if (moduleName !== undefined) {
      return !typeOnly && boundary.bannedModules.includes(moduleName)
        ? [{ file, line, message: `\`${specifier}\` is banned here: ${boundary.rule}` }]
        : []
    }
    if (!specifier.startsWith('.')) {
      return []
    }
    const target = path.posix.join(path.posix.dirname(file), specifier)
    if (!target.startsWith('src/')) {
      return [
        {
          file,
          line,
          message: `\`${specifier}\` leaves src/: src/ imports only src/ and packages`,
        },
      ]
    }
    const targetFolder = folderOf(target)
    const isAllowed =
      targetFolder === folder ||
      boundary.mayImport.some((allowed) => allowed === targetFolder) ||
      (typeOnly && boundary.mayImportTypesFrom.some((allowed) => allowed === targetFolder)) ||
      (isTest && target.startsWith(TEST_FAKES))
    return isAllowed
      ? []
      : [
          {
            file,
            line,
            message: `\`${specifier}\` reaches ${describeTarget(targetFolder, target)}: ${boundary.rule}`,
          },
        ]
  })
}

function describeTarget(targetFolder: string | undefined, target: string): string {
  if (targetFolder === undefined) {
    return target
  }
  return targetFolder === 'main' ? 'main.ts' : `${targetFolder}/`
}

function scanImports(file: string, source: string): Violation[] {
  return checkImports(file, findImports(file, source))
}

function listFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .map((entry) => path.posix.join(dir, entry.split(path.sep).join('/')))
    .filter((file) => statSync(path.join(ROOT, file)).isFile())
    .sort()
}

const SRC_FILES = listFiles('src')
const SRC_TS_FILES = SRC_FILES.filter((file) => file.endsWith('.ts'))

function readSource(file: string): string {
  return readFileSync(path.join(ROOT, file), 'utf8')
}

function scanFolder(folder: SrcFolder): Violation[] {
  return SRC_TS_FILES.filter((file) => folderOf(file) === folder).flatMap((file) =>
    scanImports(file, readSource(file)),
  )
}

const KEBAB_SEGMENT = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$/

/** Sample sources with exactly one forbidden edge on line 2, to prove the scanner can fail. */
const VIOLATING_SAMPLES = [
  {
    edge: 'a stage imports a sibling stage',
    file: 'src/decide/decide.ts',
    source: `import type { Action } from '../model/action.js'\nimport { parseShell } from '../parse/shell/parse-shell.js'\n`,
  },
  {
    edge: 'a surface re-exports a stage',
    file: 'src/surfaces/http/app.ts',
    source: `import { runGateway } from '../../pipeline/gateway.js'\nexport { decide } from '../../decide/decide.js'\n`,
  },
  {
    edge: 'a surface imports storage dynamically',
    file: 'src/surfaces/cli/run-cli.ts',
    source: `export {}\nconst store = await import('../../storage/sqlite/sqlite-approval-store.js')\n`,
  },
  {
    edge: 'storage imports a stage value',
    file: 'src/storage/sqlite/sqlite-approval-store.ts',
    source: `import type { ApprovalStore } from '../../approve/approval-store.js'\nimport { approve } from '../../approve/approval-transitions.js'\n`,
  },
  {
    edge: 'storage keeps a stage module loaded through an inline type qualifier',
    file: 'src/storage/memory/memory-audit-log.ts',
    source: `import type { AuditLog } from '../../audit/audit-log.js'\nimport { type AuditEvent } from '../../audit/audit-event.js'\n`,
  },
  {
    edge: 'model imports an I/O module',
    file: 'src/model/clock.ts',
    source: `import { randomUUID } from 'node:crypto'\nimport { readFileSync } from 'node:fs'\n`,
  },
  {
    edge: 'a stage imports child_process without the node: prefix',
    file: 'src/parse/shell/bash-grammar.ts',
    source: `import { readFile } from 'node:fs/promises'\nimport { spawn } from 'child_process'\n`,
  },
  {
    edge: 'a stage imports the composition root',
    file: 'src/audit/hash-chain.ts',
    source: `import { sha256 } from './sha256.js'\nimport { config } from '../main.js'\n`,
  },
  {
    edge: 'an import leaves src/',
    file: 'src/pipeline/gateway.ts',
    source: `import { decide } from '../decide/decide.js'\nimport pkg from '../../package.json' with { type: 'json' }\n`,
  },
  {
    edge: 'a unit test imports a real storage backend',
    file: 'src/pipeline/gateway.test.ts',
    source: `import { MemoryApprovalStore } from '../storage/memory/memory-approval-store.js'\nimport { SqliteAuditLog } from '../storage/sqlite/sqlite-audit-log.js'\n`,
  },
]

const ALLOWED_SAMPLE = {
  file: 'src/storage/postgres/postgres-approval-store.ts',
  source: [
    `import { createHash } from 'node:crypto'`,
    `import { connect } from 'node:net'`,
    `import pg from 'pg'`,
    `import type { ApprovalStore } from '../../approve/approval-store.js'`,
    `import type { Action } from '../../model/action.js'`,
    `import { ACTION_KINDS } from '../../model/action.js'`,
    `import { toRow } from '../memory/to-row.js'`,
    `import { SQL } from './sql.js'`,
    `export type { AuditLog } from '../../audit/audit-log.js'`,
    `type Engine = import('../../decide/policy-engine.js').PolicyEngine`,
    `// import { decide } from '../../decide/decide.js'`,
    `const text = "import { decide } from '../../decide/decide.js'"`,
  ].join('\n'),
}

/** Sample comments on line 2, each of which must be reported. */
const DISABLING_SAMPLES = [
  '// eslint-disable-next-line @typescript-eslint/no-restricted-imports',
  '// eslint-disable-line no-restricted-imports -- needed for the demo',
  '/* eslint-disable @typescript-eslint/no-restricted-imports, no-console */',
  '/* eslint-disable */',
  '/* eslint @typescript-eslint/no-restricted-imports: "off" */',
]

const HARMLESS_COMMENTS = [
  '// eslint-disable-next-line no-console',
  '/* eslint-disable @typescript-eslint/no-explicit-any */',
  'const hint = `// eslint-disable-next-line no-restricted-imports`',
  "const hint = '/* eslint-disable */'",
]

/** Lints sample sources with the real eslint.config.js, boundary rule only, no type information. */
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === '@typescript-eslint/no-restricted-imports',
})

/** One static import per src folder and node module, as value and as type, from a file in `folder`. */
function crossCheckSample(folder: SrcFolder): string {
  const up = folder === 'main' ? './' : '../'
  const targets = [
    ...FOLDERS.map((to) => (to === 'main' ? `${up}main.js` : `${up}${to}/target.js`)),
    `${up}storage/memory/fake.js`,
    `${up}${folder === 'main' ? 'surfaces' : folder}/sub/sibling.js`,
    ...(folder === 'main' ? [] : ['./sibling.js']),
    ...[...IO_MODULES, 'crypto'].flatMap((name) => [`node:${name}`, name]),
  ]
  return targets
    .flatMap((target, index) => [
      `import { value${index} } from '${target}'`,
      `import type { Type${index} } from '${target}'`,
    ])
    .join('\n')
}

/** The sample's lines at `lineNumbers`, in order, e.g. `3: import { value1 } from '../parse/target.js'`. */
function quoteLines(source: string, lineNumbers: readonly number[]): string[] {
  const lines = source.split('\n')
  return [...new Set(lineNumbers)]
    .sort((a, b) => a - b)
    .map((lineNumber) => `${lineNumber}: ${lines[lineNumber - 1] ?? ''}`)
}

async function eslintFlaggedLines(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(ROOT, file) })
  const messages = result?.messages ?? []
  const fatal = messages.find((message) => message.fatal === true)
  if (fatal !== undefined) {
    throw new Error(`eslint could not parse the sample for ${file}: ${fatal.message}`)
  }
  return quoteLines(
    source,
    messages.map((message) => message.line),
  )
}

function scannerFlaggedLines(file: string, source: string): string[] {
  return quoteLines(
    source,
    scanImports(file, source).map((violation) => violation.line),
  )
}

/** A sample file per folder of the table, and a unit test beside it where that differs. */
interface CrossCheck {
  readonly folder: SrcFolder
  readonly file: string
}

const CROSS_CHECKS: readonly CrossCheck[] = BOUNDARIES.flatMap(({ folder }): CrossCheck[] =>
  folder === 'main'
    ? [{ folder, file: 'src/main.ts' }]
    : [
        { folder, file: `src/${folder}/sample.ts` },
        { folder, file: `src/${folder}/sample.test.ts` },
      ],
)

describe('architecture', () => {
  it('finds TypeScript files to scan when listing src', () => {
    expect(SRC_TS_FILES.length).toBeGreaterThan(0)
  })

  it('places every src file in a folder of the layout when scanning src', () => {
    const misplaced = SRC_TS_FILES.filter((file) => boundaryOf(folderOf(file)) === undefined)
    expect(
      misplaced,
      'src/ holds model/, the stages, pipeline/, storage/, surfaces/ and main.ts',
    ).toEqual([])
  })

  it.each(BOUNDARIES)(
    'keeps $folder imports within the boundary table when scanning src',
    ({ folder }) => {
      expect(scanFolder(folder).map(formatViolation)).toEqual([])
    },
  )

  it('names every file and folder under src in kebab-case when scanning src', () => {
    const misnamed = SRC_FILES.filter((file) =>
      file
        .split('/')
        .slice(1)
        .some((segment) => !KEBAB_SEGMENT.test(segment)),
    )
    expect(misnamed, 'style.md §3: files are kebab-case').toEqual([])
  })

  it('finds no eslint directive that switches off the import boundaries when scanning src', () => {
    const disables = SRC_TS_FILES.flatMap((file) => findBoundaryDisables(file, readSource(file)))
    expect(disables.map(formatViolation)).toEqual([])
  })

  it.each(VIOLATING_SAMPLES)('reports the import when $edge', ({ file, source }) => {
    expect(scanImports(file, source).map((violation) => violation.line)).toEqual([2])
  })

  it('reports nothing when a sample keeps to its boundary', () => {
    expect(scanImports(ALLOWED_SAMPLE.file, ALLOWED_SAMPLE.source).map(formatViolation)).toEqual([])
  })

  it.each(DISABLING_SAMPLES)('reports the directive when a sample contains %s', (comment) => {
    const source = `import type { Action } from '../model/action.js'\n${comment}\nexport type A = Action\n`
    expect(findBoundaryDisables('src/decide/decide.ts', source).map((found) => found.line)).toEqual(
      [2],
    )
  })

  it.each(HARMLESS_COMMENTS)('reports nothing when a sample contains %s', (comment) => {
    expect(findBoundaryDisables('src/decide/decide.ts', `${comment}\n`)).toEqual([])
  })

  it.each(CROSS_CHECKS)(
    'flags the same imports in eslint as in the table when linting a $file sample',
    async ({ folder, file }) => {
      const source = crossCheckSample(folder)
      expect(
        await eslintFlaggedLines(file, source),
        'eslint.config.js disagrees with the table',
      ).toEqual(scannerFlaggedLines(file, source))
    },
  )
})
