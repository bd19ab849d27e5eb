import type { SqlDialect } from '../../model/action.js'
import { leadingCommentLength } from './sql-comments.js'
import { isCommentStart, skipSqlLiteral } from './sql-text-scanner.js'

/** A command for the SQL client itself (`\dt` in psql, `.tables` in sqlite3), not for the server. */
export interface ClientCommand {
  /** The name without its prefix: `dt+`, `copy`, `!`, `tables`. */
  readonly name: string
  readonly args: string
  /** The command as written, prefix included. */
  readonly text: string
  readonly start: number
}

/** A client script split into the SQL the server receives and the client's own commands. */
export interface SqlScript {
  /**
   * The SQL, as long as the script: each client command is blanked with spaces, and a command
   * that sends the query buffer (`\g`, `\G`) becomes a `;`, so offsets stay those of the script.
   */
  readonly sql: string
  readonly commands: readonly ClientCommand[]
}

// psql commands that send the query buffer to the server, like `;`.
const PSQL_SENDERS = new Set(['g', 'gx', 'gset', 'gexec', 'gdesc', 'watch', 'crosstabview', ';'])
const MYSQL_SENDERS = new Set(['g', 'G'])
// mysql commands whose argument runs to the end of the line.
const MYSQL_LINE_COMMANDS = new Set(['!', '.', 'u', 'C', 'T', 'P', 'R', 'd', 'e'])

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from)
  return end === -1 ? text.length : end
}

function readPsqlCommand(text: string, start: number): { name: string; end: number; args: string } {
  let i = start + 1
  if (/[A-Za-z]/.test(text[i] ?? '')) {
    while (/[\w+]/.test(text[i] ?? '')) i++
  } else if (i < text.length) i++
  const name = text.slice(start + 1, i)
  let end = lineEnd(text, i)
  // `\\` separates a psql command from SQL on the same line.
  const separator = name === '!' ? -1 : text.indexOf('\\\\', i)
  if (separator !== -1 && separator < end) end = separator + 2
  const args = text.slice(i, separator !== -1 && separator < end ? separator : end).trim()
  return { name, end, args }
}

function readMysqlCommand(
  text: string,
  start: number,
): { name: string; end: number; args: string } {
  const name = text[start + 1] ?? ''
  const end = MYSQL_LINE_COMMANDS.has(name) ? lineEnd(text, start + 2) : start + 2
  return { name, end, args: text.slice(start + 2, end).trim() }
}

function isAtLineStart(text: string, index: number): boolean {
  for (let i = index - 1; i >= 0; i--) {
    const char = text[i]
    if (char === '\n') return true
    if (char !== ' ' && char !== '\t' && char !== '\r') return false
  }
  return true
}

const COPY_FROM_STDIN = /^COPY\b[\s\S]*\bFROM\s+STDIN\b/i
const END_OF_DATA = /\n\\\.[ \t]*(?=\r?\n|$)/g

// `COPY … FROM stdin;` in a script (as pg_dump writes) is followed by data rows up to `\.`.
function copyDataEnd(text: string, statementStart: number, semicolon: number): number | undefined {
  const statement = text.slice(statementStart, semicolon)
  if (!COPY_FROM_STDIN.test(statement.slice(leadingCommentLength(statement, 'postgres'))))
    return undefined
  END_OF_DATA.lastIndex = semicolon
  const end = END_OF_DATA.exec(text)
  return end === null ? text.length : end.index + end[0].length
}

/**
 * Separates a client script into SQL and client commands: psql's backslash commands (anywhere
 * outside strings, up to the end of the line), mysql's `\G`-style commands, and sqlite3's dot
 * commands (a line starting with `.` between statements).
 */
export function splitSqlScript(text: string, dialect: SqlDialect): SqlScript {
  if (
    !text.includes('\\') &&
    !(dialect === 'sqlite' && text.includes('.')) &&
    !(dialect === 'postgres' && /\bstdin\b/i.test(text))
  ) {
    return { sql: text, commands: [] }
  }
  const commands: ClientCommand[] = []
  let sql = ''
  let copied = 0
  let betweenStatements = true
  let statementStart = 0
  let i = 0
  while (i < text.length) {
    const skipped = skipSqlLiteral(text, i, dialect)
    if (skipped !== i) {
      if (!isCommentStart(text, i, dialect)) betweenStatements = false
      i = skipped
      continue
    }
    const char = text[i] as string
    const isCommand =
      dialect === 'sqlite'
        ? char === '.' && betweenStatements && isAtLineStart(text, i)
        : char === '\\'
    if (!isCommand) {
      if (char === ';') {
        betweenStatements = true
        const dataEnd = dialect === 'postgres' ? copyDataEnd(text, statementStart, i) : undefined
        if (dataEnd !== undefined) {
          sql += text.slice(copied, i + 1) + text.slice(i + 1, dataEnd).replace(/[^\n]/g, ' ')
          copied = dataEnd
          i = dataEnd
        } else i++
        statementStart = i
        continue
      }
      if (char.trim() !== '') betweenStatements = false
      i++
      continue
    }
    const read =
      dialect === 'postgres'
        ? readPsqlCommand(text, i)
        : dialect === 'mysql'
          ? readMysqlCommand(text, i)
          : (() => {
              const end = lineEnd(text, i)
              const line = text.slice(i + 1, end)
              const name = /^\S*/.exec(line)?.[0] ?? ''
              return { name, end, args: line.slice(name.length).trim() }
            })()
    const sends =
      dialect === 'postgres' ? PSQL_SENDERS.has(read.name) : MYSQL_SENDERS.has(read.name)
    commands.push({
      name: read.name,
      args: read.args,
      text: text.slice(i, read.end).trim(),
      start: i,
    })
    const blank = text.slice(i, read.end).replace(/[^\n]/g, ' ')
    sql += text.slice(copied, i) + (sends ? `;${blank.slice(1)}` : blank)
    copied = read.end
    i = read.end
    if (sends) {
      betweenStatements = true
      statementStart = i
    }
  }
  return { sql: sql + text.slice(copied), commands }
}
