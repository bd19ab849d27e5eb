import type { Effect } from '../../../model/effect.js'
import type { CommandRuleTable, ShellAnalyzer } from '../command-rule.js'
import { hasOption, optionValue, readArgs } from '../read-args.js'
import type { ShellCommand } from '../shell-command.js'
import { isProductionContext } from './production-context.js'
import { opaqueEffect, readEffect, ruleEffect } from './rule-effect.js'

// What a client does when no statement is given on the command line: reads stdin, or opens a session.
function sqlFromStdin(
  command: ShellCommand,
  analyzer: ShellAnalyzer,
  dialect: 'postgres' | 'mysql' | 'sqlite',
): Effect[] {
  if (command.stdin.kind === 'known')
    return analyzer.analyzeSql(command.stdin.text, dialect, command)
  if (command.stdin.kind === 'unknown')
    return [
      opaqueEffect(
        command,
        `\`${command.name}\` runs SQL read from ${command.stdin.from}, which is only known at run time`,
      ),
    ]
  return [
    opaqueEffect(
      command,
      `\`${command.name}\` opens an interactive session whose statements airlock cannot see`,
    ),
  ]
}

function analyzePsql(command: ShellCommand, analyzer: ShellAnalyzer): Effect[] {
  const read = readArgs(command.args, {
    valued: [
      '-c',
      '--command',
      '-f',
      '--file',
      '-d',
      '--dbname',
      '-h',
      '--host',
      '-p',
      '--port',
      '-U',
      '--username',
      '-v',
      '--variable',
      '--set',
      '-o',
      '--output',
      '-P',
      '--pset',
      '-F',
      '--field-separator',
      '-R',
      '--record-separator',
      '-T',
      '--table-attr',
      '-L',
      '--log-file',
    ],
  })
  if (hasOption(read, '-l', '--list', '-V', '--version', '-?', '--help'))
    return [readEffect(command, 'databases', '`psql -l` lists databases')]
  const statements = read.occurrences.filter(
    (item) => item.name === '-c' || item.name === '--command',
  )
  const files = read.occurrences.filter((item) => item.name === '-f' || item.name === '--file')
  const effects: Effect[] = []
  for (const statement of statements) {
    if (typeof statement.value === 'string')
      effects.push(...analyzer.analyzeSql(statement.value, 'postgres', command))
  }
  for (const file of files) {
    if (file.value === '-') effects.push(...sqlFromStdin(command, analyzer, 'postgres'))
    else
      effects.push(
        opaqueEffect(
          command,
          `\`psql -f ${String(file.value)}\` runs a SQL file airlock cannot see`,
        ),
      )
  }
  if (
    read.dynamic &&
    effects.length > 0 &&
    statements.some((item) => typeof item.value === 'string' && item.value.includes('$'))
  ) {
    effects.push(opaqueEffect(command, '`psql -c` runs SQL only known at run time'))
  }
  return effects.length > 0 ? effects : sqlFromStdin(command, analyzer, 'postgres')
}

function analyzeMysql(command: ShellCommand, analyzer: ShellAnalyzer): Effect[] {
  // `-pSECRET` carries the password glued to the flag; it must not be read as grouped flags.
  const args = command.args.filter((word) => !/^-p.+/.test(word.value))
  const read = readArgs(args, {
    valued: [
      '-e',
      '--execute',
      '-h',
      '--host',
      '-u',
      '--user',
      '-P',
      '--port',
      '-D',
      '--database',
      '-S',
      '--socket',
      '--default-character-set',
      '--defaults-file',
      '--login-path',
    ],
  })
  const statement = optionValue(read, '-e', '--execute')
  if (statement !== undefined) return analyzer.analyzeSql(statement, 'mysql', command)
  return sqlFromStdin(command, analyzer, 'mysql')
}

const SQLITE_SAFE_DOT =
  /^\.(tables|schema|indexes|indices|databases|dbinfo|headers|mode|help|show|width|timer|stats|eqp|nullvalue|separator|dump|fullschema|lint|changes|echo|explain|quit|exit|print|bail|parameter)\b/

function analyzeSqlite(command: ShellCommand, analyzer: ShellAnalyzer): Effect[] {
  const read = readArgs(command.args, {
    valued: [
      '-cmd',
      '-separator',
      '-newline',
      '-nullvalue',
      '-init',
      '-vfs',
      '-maxsize',
      '-pagecache',
      '-lookaside',
      '-mmap',
    ],
  })
  const [database, ...sql] = read.positionals
  const text = sql.map((word) => word.value).join('\n')
  if (sql.length === 0) return sqlFromStdin(command, analyzer, 'sqlite')
  if (text.trimStart().startsWith('.')) {
    return SQLITE_SAFE_DOT.test(text.trimStart())
      ? [readEffect(command, database?.value ?? 'database', '`sqlite3` dot-command only reads')]
      : [
          opaqueEffect(
            command,
            `\`sqlite3\` dot-command \`${text.trim().split(/\s/)[0] ?? ''}\` can run files or shell commands`,
          ),
        ]
  }
  return analyzer.analyzeSql(text, 'sqlite', command)
}

const REDIS_READ = new Set([
  'GET',
  'MGET',
  'KEYS',
  'SCAN',
  'SSCAN',
  'HSCAN',
  'ZSCAN',
  'INFO',
  'PING',
  'TTL',
  'PTTL',
  'TYPE',
  'EXISTS',
  'STRLEN',
  'HGET',
  'HGETALL',
  'HMGET',
  'HKEYS',
  'HVALS',
  'HLEN',
  'HEXISTS',
  'LRANGE',
  'LLEN',
  'LINDEX',
  'SMEMBERS',
  'SCARD',
  'SISMEMBER',
  'ZRANGE',
  'ZRANGEBYSCORE',
  'ZCARD',
  'ZSCORE',
  'ZRANK',
  'DBSIZE',
  'MONITOR',
  'SLOWLOG',
  'MEMORY',
  'OBJECT',
  'DUMP',
  'ECHO',
  'TIME',
  'LASTSAVE',
  'ROLE',
  'COMMAND',
  'XRANGE',
  'XLEN',
  'XINFO',
  'PUBSUB',
  'CLUSTER',
  'LATENCY',
  'GETRANGE',
  'BITCOUNT',
  'PFCOUNT',
  'RANDOMKEY',
  'SUBSCRIBE',
  'PSUBSCRIBE',
  'AUTH',
  'SELECT',
  'HELLO',
  'CLIENT',
])

function analyzeRedisCommand(command: ShellCommand, words: readonly string[]): Effect {
  const verb = (words[0] ?? '').toUpperCase()
  const target = words.slice(1).join(' ')
  if (verb === 'FLUSHALL' || verb === 'FLUSHDB') {
    return ruleEffect(command, {
      system: 'database',
      verb: 'delete',
      target: verb === 'FLUSHALL' ? 'every database' : 'database',
      scope: 'database',
      risk: 'destructive',
      reason: `\`${verb}\` deletes every key${verb === 'FLUSHALL' ? ' in every database' : ' in the database'}`,
    })
  }
  if (verb === 'SHUTDOWN' && /NOSAVE/i.test(target)) {
    return ruleEffect(command, {
      system: 'database',
      verb: 'stop',
      target: 'server',
      risk: 'destructive',
      reason: '`SHUTDOWN NOSAVE` stops the server and loses unsaved data',
    })
  }
  if (REDIS_READ.has(verb) || (verb === 'CONFIG' && /^get/i.test(target)))
    return readEffect(command, target || verb, `\`${verb}\` only reads`)
  if (
    verb === 'EVAL' ||
    verb === 'EVALSHA' ||
    verb === 'FCALL' ||
    verb === 'SCRIPT' ||
    verb === 'MODULE' ||
    verb === 'DEBUG'
  ) {
    return opaqueEffect(command, `\`${verb}\` runs server-side code airlock cannot see`)
  }
  return ruleEffect(command, {
    system: 'database',
    verb: verb === 'DEL' || verb === 'UNLINK' ? 'delete' : 'write',
    target,
    risk: 'mutating',
    reason: `\`${verb}\` changes keys \`${target}\``,
  })
}

function analyzeRedisCli(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, {
    valued: [
      '-h',
      '-p',
      '-s',
      '-a',
      '--user',
      '--pass',
      '-u',
      '-r',
      '-i',
      '-n',
      '-d',
      '-D',
      '--cacert',
      '--cert',
      '--key',
      '--pattern',
      '--count',
      '--rdb',
      '--functions-rdb',
      '--pipe-timeout',
      '--memkeys-samples',
      '--eval',
      '-e',
    ],
  })
  if (
    hasOption(
      read,
      '--scan',
      '--bigkeys',
      '--memkeys',
      '--hotkeys',
      '--latency',
      '--latency-history',
      '--latency-dist',
      '--stat',
      '--rdb',
      '--help',
      '-v',
      '--version',
    )
  ) {
    return [readEffect(command, 'keys', '`redis-cli` reports on keys or latency')]
  }
  if (hasOption(read, '--eval'))
    return [opaqueEffect(command, '`redis-cli --eval` runs a Lua script airlock cannot see')]
  const words = read.positionals.map((word) => word.value)
  if (words.length > 0) return [analyzeRedisCommand(command, words)]
  if (command.stdin.kind === 'known') {
    return command.stdin.text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => analyzeRedisCommand(command, line.trim().split(/\s+/)))
  }
  return [opaqueEffect(command, '`redis-cli` opens a session whose commands airlock cannot see')]
}

const MONGO_READ =
  /\.(find|findOne|count|countDocuments|estimatedDocumentCount|distinct|getCollectionNames|getCollectionInfos|listCollections|stats|serverStatus|getIndexes|explain|version|hostInfo|isMaster|hello|currentOp|getName|printjson|toArray|forEach|map|limit|sort|skip|pretty|itcount|getUsers|getRoles|rs\.status|status)\s*\(/g
const MONGO_EFFECT =
  /\.(dropDatabase|drop|deleteMany|deleteOne|remove|updateMany|updateOne|update|replaceOne|insertOne|insertMany|insert|save|findOneAndDelete|findOneAndUpdate|findOneAndReplace|bulkWrite|createCollection|createIndex|createIndexes|dropIndex|dropIndexes|renameCollection|aggregate|runCommand|adminCommand|eval|dropUser|dropAllUsers|createUser|shutdownServer)\s*\(\s*(\{\s*\}|[^)]*)?/g

// Reads the shape of mongosh JavaScript: which collection methods it calls and with what filter.
function analyzeMongoCode(command: ShellCommand, code: string): Effect[] {
  const effects: Effect[] = []
  const production = isProductionContext(command)
  for (const match of code.matchAll(MONGO_EFFECT)) {
    const method = match[1] ?? ''
    const argument = (match[2] ?? '').trim()
    const everything = argument === '' || /^\{\s*\}$/.test(argument)
    const add = (
      risk: Effect['risk'],
      verb: Effect['verb'],
      scope: Effect['scope'],
      reason: string,
    ): void => {
      effects.push(
        ruleEffect(command, { system: 'database', verb, target: method, scope, risk, reason }),
      )
    }
    switch (method) {
      case 'dropDatabase':
        add(
          'catastrophic',
          'delete',
          'database',
          `\`dropDatabase()\` deletes the whole database${production ? ' in production' : ''}`,
        )
        break
      case 'drop':
      case 'dropAllUsers':
        add(
          'destructive',
          'delete',
          'collection',
          `\`${method}()\` deletes a collection and its documents`,
        )
        break
      case 'deleteMany':
      case 'remove':
      case 'updateMany':
      case 'update':
        if (everything)
          add(
            'destructive',
            method.startsWith('update') ? 'overwrite' : 'delete',
            'collection',
            `\`${method}({})\` matches every document`,
          )
        else
          add(
            'mutating',
            method.startsWith('update') ? 'write' : 'delete',
            'item',
            `\`${method}\` with a filter changes matching documents`,
          )
        break
      case 'runCommand':
      case 'adminCommand':
      case 'eval':
      case 'shutdownServer':
        effects.push(
          opaqueEffect(command, `\`${method}()\` runs a server command airlock does not read`),
        )
        break
      case 'aggregate':
        if (/\$out|\$merge/.test(code))
          add(
            'mutating',
            'write',
            'collection',
            '`aggregate` with `$out`/`$merge` writes a collection',
          )
        else effects.push(readEffect(command, method, '`aggregate` only reads'))
        break
      default:
        add('mutating', 'write', 'item', `\`${method}()\` changes documents or indexes`)
    }
  }
  if (effects.length === 0) {
    const reads = [...code.matchAll(MONGO_READ)].length
    effects.push(
      reads > 0
        ? readEffect(command, 'collections', '`mongosh` code only reads')
        : opaqueEffect(command, '`mongosh` code does something airlock does not recognise'),
    )
  }
  return effects
}

function analyzeMongosh(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, {
    valued: [
      '--eval',
      '-f',
      '--file',
      '--host',
      '--port',
      '-u',
      '--username',
      '-p',
      '--password',
      '--authenticationDatabase',
      '--authenticationMechanism',
      '--tlsCAFile',
      '--tlsCertificateKeyFile',
    ],
  })
  const code = read.occurrences
    .filter((item) => item.name === '--eval')
    .map((item) => String(item.value))
    .join(';\n')
  if (code !== '') return analyzeMongoCode(command, code)
  if (
    hasOption(read, '-f', '--file') ||
    read.positionals.some((word) => word.value.endsWith('.js'))
  ) {
    return [opaqueEffect(command, `\`${command.name}\` runs a script file airlock cannot see`)]
  }
  if (command.stdin.kind === 'known') return analyzeMongoCode(command, command.stdin.text)
  return [
    opaqueEffect(command, `\`${command.name}\` opens a session whose commands airlock cannot see`),
  ]
}

function analyzeDropdb(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, {
    valued: ['-h', '--host', '-p', '--port', '-U', '--username', '--maintenance-db'],
  })
  const name = read.positionals.map((word) => word.value).join(' ')
  return [
    ruleEffect(command, {
      system: 'database',
      verb: 'delete',
      target: `database:${name}`,
      scope: 'database',
      risk: 'catastrophic',
      reason: `\`dropdb\` deletes the database \`${name}\``,
    }),
  ]
}

function analyzePgRestore(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, {
    valued: [
      '-d',
      '--dbname',
      '-h',
      '--host',
      '-p',
      '--port',
      '-U',
      '--username',
      '-f',
      '--file',
      '-n',
      '--schema',
      '-t',
      '--table',
      '-j',
      '--jobs',
      '-F',
      '--format',
      '-L',
      '--use-list',
    ],
  })
  if (hasOption(read, '-l', '--list'))
    return [readEffect(command, 'archive', '`pg_restore -l` lists an archive')]
  if (!hasOption(read, '-d', '--dbname'))
    return [readEffect(command, 'archive', '`pg_restore` without `-d` prints SQL')]
  const clean = hasOption(read, '-c', '--clean')
  return [
    ruleEffect(command, {
      system: 'database',
      verb: clean ? 'overwrite' : 'write',
      target: optionValue(read, '-d', '--dbname') ?? 'database',
      scope: 'database',
      risk: clean ? 'destructive' : 'mutating',
      reason: clean
        ? '`pg_restore --clean` drops objects before recreating them from the archive'
        : '`pg_restore` loads an archive into the database',
    }),
  ]
}

function analyzeMysqladmin(command: ShellCommand): Effect[] {
  const words = command.args.filter((word) => !word.value.startsWith('-')).map((word) => word.value)
  const verb = words[0] ?? 'status'
  if (verb === 'drop')
    return [
      ruleEffect(command, {
        system: 'database',
        verb: 'delete',
        target: `database:${words[1] ?? ''}`,
        scope: 'database',
        risk: 'catastrophic',
        reason: `\`mysqladmin drop\` deletes the database \`${words[1] ?? ''}\``,
      }),
    ]
  if (['status', 'ping', 'variables', 'extended-status', 'processlist', 'version'].includes(verb))
    return [readEffect(command, 'server', `\`mysqladmin ${verb}\` only reads`)]
  return [
    ruleEffect(command, {
      system: 'database',
      verb: 'write',
      target: 'server',
      risk: 'mutating',
      reason: `\`mysqladmin ${verb}\` changes the server`,
    }),
  ]
}

/** Database command-line clients: the SQL or commands they send are analysed as what they are. */
export const DATABASE_CLIENT_RULES: CommandRuleTable = {
  psql: analyzePsql,
  mysql: analyzeMysql,
  mariadb: analyzeMysql,
  sqlite3: analyzeSqlite,
  sqlite: analyzeSqlite,
  'redis-cli': analyzeRedisCli,
  'valkey-cli': analyzeRedisCli,
  mongosh: analyzeMongosh,
  mongo: analyzeMongosh,
  dropdb: analyzeDropdb,
  createdb: (command) => [
    ruleEffect(command, {
      system: 'database',
      verb: 'create',
      target: 'database',
      scope: 'database',
      risk: 'mutating',
      reason: '`createdb` creates a database',
    }),
  ],
  pg_dump: (command) => [
    readEffect(command, 'database', '`pg_dump` reads the database into a dump'),
  ],
  pg_dumpall: (command) => [
    readEffect(command, 'cluster', '`pg_dumpall` reads every database into a dump'),
  ],
  mysqldump: (command) => [
    readEffect(command, 'database', '`mysqldump` reads the database into a dump'),
  ],
  pg_isready: (command) => [readEffect(command, 'server', '`pg_isready` checks the server')],
  pg_restore: analyzePgRestore,
  mysqladmin: analyzeMysqladmin,
}
