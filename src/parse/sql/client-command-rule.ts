import type { SqlDialect } from '../../model/action.js'
import { createEffect, type Effect } from '../../model/effect.js'
import {
  createOpaqueSqlEffect,
  createSqlEffect,
  createSqlReadEffect,
  quoteSql,
} from './sql-effect.js'
import type { ClientCommand } from './sql-script.js'

// Word lists are written as text: one name per word.
function words(text: string): string[] {
  return text.trim().split(/\s+/)
}

// psql commands that only read, print or change how psql itself behaves.
const PSQL_SAFE = new Set(
  words(`
  l l+ list list+ x timing conninfo q quit ? h help pset a t T C f H html encoding echo qecho
  warn set unset prompt c connect sf sf+ sv sv+ errverbose copyright z z+ if elif else endif
  gset gdesc watch crosstabview p print r reset bind bind_named parse close_prepared
  startpipeline endpipeline syncpipeline flushrequest flush getresults cd setenv restrict
  unrestrict lo_list lo_list+ g gx ; o out s
`),
)
// psql commands that run something airlock cannot read: a shell, a file, an editor, query output.
const PSQL_OPAQUE: Readonly<Record<string, string>> = {
  '!': 'runs a shell command',
  i: 'runs the sql in a file airlock cannot read',
  ir: 'runs the sql in a file airlock cannot read',
  include: 'runs the sql in a file airlock cannot read',
  include_relative: 'runs the sql in a file airlock cannot read',
  gexec: 'runs every value the query returns as sql',
  e: 'opens an editor and runs what is written there',
  edit: 'opens an editor and runs what is written there',
  ef: 'opens an editor on a function and runs what is written there',
  ev: 'opens an editor on a view and runs what is written there',
}
// psql commands whose argument is an output file, or `|command` to pipe into a shell.
const PSQL_OUTPUT = new Set(['o', 'out', 'g', 'gx', 'w', 'write', 's'])

const MYSQL_SAFE = new Set([
  'G',
  'g',
  'c',
  'q',
  's',
  'h',
  '?',
  'u',
  'C',
  'W',
  'w',
  'R',
  't',
  'n',
  'p',
  'r',
  '#',
])
const MYSQL_OPAQUE: Readonly<Record<string, string>> = {
  '!': 'runs a shell command',
  '.': 'runs the sql in a file airlock cannot read',
  d: 'changes the statement delimiter, which airlock does not follow',
  e: 'opens an editor and runs what is written there',
  P: 'sends the output through a program',
}

const SQLITE_SAFE = new Set(
  words(`
  tables table schema fullschema indexes indices headers header mode databases dump quit exit
  help show width timer echo nullvalue separator print dbinfo lint eqp explain bail changes
  stats open dbconfig parameter prompt scanstats timeout version vfsinfo vfslist vfsname limit
  connection sha3sum selftest expert binary trace
`),
)
const SQLITE_OPAQUE: Readonly<Record<string, string>> = {
  shell: 'runs a shell command',
  system: 'runs a shell command',
  read: 'runs the sql in a file airlock cannot read',
  load: 'loads a native extension',
  excel: 'opens the output in another program',
  edit: 'opens an editor',
}
const SQLITE_WRITES: Readonly<Record<string, string>> = {
  output: 'writes query output to a file',
  once: 'writes query output to a file',
  log: 'writes a log file',
  backup: 'writes a copy of the database to a file',
  save: 'writes a copy of the database to a file',
  clone: 'writes a copy of the database to a file',
  import: 'loads rows from a file into a table',
  archive: 'changes an archive',
  ar: 'changes an archive',
}

function outputEffect(command: ClientCommand, target: string): Effect {
  if (target.startsWith('|')) {
    return createEffect({
      system: 'shell',
      verb: 'unknown',
      target,
      scope: 'unknown',
      risk: 'destructive',
      opaque: true,
      reason: `${quoteSql(command.text)} pipes query output into a shell command`,
      source: command.text,
    })
  }
  return createEffect({
    system: 'fs',
    verb: 'overwrite',
    target: target.replace(/^'(.*)'$/, '$1'),
    scope: 'item',
    risk: 'mutating',
    reason: `${quoteSql(command.text)} writes query output to the file ${quoteSql(target)}`,
    source: command.text,
  })
}

function judgePsqlCommand(
  command: ClientCommand,
  analyzeCopy: (sql: string) => Effect[],
): Effect[] {
  const { name, args, text } = command
  if (name === 'copy') return analyzeCopy(`COPY ${args}`)
  if (PSQL_OUTPUT.has(name) && args !== '') return [outputEffect(command, args)]
  if (name.startsWith('d') || PSQL_SAFE.has(name)) {
    return [
      createSqlReadEffect(
        'client',
        `${quoteSql(text)} only reads the catalog or sets psql options`,
        text,
      ),
    ]
  }
  const opaque = PSQL_OPAQUE[name]
  if (opaque !== undefined) return [createOpaqueSqlEffect(`${quoteSql(text)} ${opaque}`, text)]
  if (name === 'lo_unlink') {
    return [
      createSqlEffect({
        verb: 'delete',
        target: `large-object:${args}`,
        risk: 'destructive',
        reason: `${quoteSql(text)} deletes a large object`,
        source: text,
      }),
    ]
  }
  if (name === 'lo_import' || name === 'lo_export') {
    return [
      createSqlEffect({
        verb: 'write',
        target: `large-object:${args}`,
        risk: 'mutating',
        reason: `${quoteSql(text)} copies a large object between a local file and the database`,
        source: text,
      }),
    ]
  }
  return [createOpaqueSqlEffect(`${quoteSql(text)} is a psql command airlock does not know`, text)]
}

function judgeTable(
  command: ClientCommand,
  safe: ReadonlySet<string>,
  opaque: Readonly<Record<string, string>>,
  writes: Readonly<Record<string, string>>,
  client: string,
): Effect[] {
  const { name, text } = command
  if (safe.has(name)) {
    return [
      createSqlReadEffect('client', `${quoteSql(text)} only reads or sets ${client} options`, text),
    ]
  }
  const hidden = opaque[name]
  if (hidden !== undefined) return [createOpaqueSqlEffect(`${quoteSql(text)} ${hidden}`, text)]
  const write = writes[name]
  if (write !== undefined) {
    return [
      createSqlEffect({
        verb: 'write',
        target: command.args === '' ? 'client' : command.args,
        risk: 'mutating',
        reason: `${quoteSql(text)} ${write}`,
        source: text,
      }),
    ]
  }
  if (name === 'restore') {
    return [
      createSqlEffect({
        verb: 'overwrite',
        target: 'database',
        scope: 'database',
        risk: 'destructive',
        reason: `${quoteSql(text)} replaces the database with the content of a file`,
        source: text,
      }),
    ]
  }
  return [
    createOpaqueSqlEffect(`${quoteSql(text)} is a ${client} command airlock does not know`, text),
  ]
}

// Commands that only send the query buffer, like `;`: the SQL they send is judged as SQL.
const TERMINATORS: Readonly<Record<SqlDialect, ReadonlySet<string>>> = {
  postgres: new Set(['g', 'gx', 'gset', 'watch', 'crosstabview', ';']),
  mysql: new Set(['g', 'G']),
  sqlite: new Set(),
}

/**
 * Judges a command for the SQL client itself. Reads and display settings are safe; shell
 * escapes, included files and executed query output are opaque. `\copy` is judged as the
 * `COPY` it stands for, through `analyzeCopy`.
 */
export function judgeClientCommand(
  command: ClientCommand,
  dialect: SqlDialect,
  analyzeCopy: (sql: string) => Effect[],
): Effect[] {
  if (command.args === '' && TERMINATORS[dialect].has(command.name)) return []
  switch (dialect) {
    case 'postgres':
      return judgePsqlCommand(command, analyzeCopy)
    case 'mysql':
      return judgeTable(
        command,
        MYSQL_SAFE,
        MYSQL_OPAQUE,
        { T: 'copies all output to a file' },
        'mysql',
      )
    case 'sqlite':
      return judgeTable(command, SQLITE_SAFE, SQLITE_OPAQUE, SQLITE_WRITES, 'sqlite3')
  }
}
