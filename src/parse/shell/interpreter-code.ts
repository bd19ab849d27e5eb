import { createOpaqueEffect, type Effect } from '../../model/effect.js'
import type { InterpreterLanguage, ShellAnalyzer } from './command-rule.js'
import {
  classifyPath,
  describePathClass,
  riskOfDeleting,
  riskOfOverwriting,
} from './path-meaning.js'
import { ruleEffect } from './rules/rule-effect.js'
import type { ShellCommand } from './shell-command.js'
import { literalWord } from './shell-word.js'

type CallKind =
  'delete-tree' | 'delete-file' | 'write-file' | 'shell' | 'argv' | 'sql' | 'dynamic' | 'move'

interface KnownCall {
  readonly pattern: RegExp
  readonly kind: CallKind
}

// Calls with effects, per language. The first argument, when a string literal, is the target.
const KNOWN_CALLS: Readonly<Record<InterpreterLanguage, readonly KnownCall[]>> = {
  python: [
    { pattern: /\bshutil\.rmtree\s*\(/g, kind: 'delete-tree' },
    {
      pattern:
        /\b(?:os\.(?:remove|unlink|rmdir|removedirs)|Path\s*\([^)]*\)\.(?:unlink|rmdir))\s*\(/g,
      kind: 'delete-file',
    },
    {
      pattern: /\b(?:os\.system|os\.popen|subprocess\.(?:getoutput|getstatusoutput))\s*\(/g,
      kind: 'shell',
    },
    { pattern: /\bsubprocess\.(?:run|call|check_call|check_output|Popen)\s*\(/g, kind: 'argv' },
    { pattern: /\bos\.(?:exec\w*|spawn\w*)\s*\(/g, kind: 'argv' },
    { pattern: /\.execute(?:many|script)?\s*\(/g, kind: 'sql' },
    { pattern: /\b(?:shutil\.(?:move|copy\w*)|os\.(?:rename|replace))\s*\(/g, kind: 'move' },
    { pattern: /\bopen\s*\([^)]*,\s*['"][wax]\+?b?['"]/g, kind: 'write-file' },
    {
      pattern:
        /\b(?:exec|eval|compile|__import__|getattr)\s*\(|\bimportlib\b|\bctypes\b|\bpickle\.loads?\b|\bmarshal\b/g,
      kind: 'dynamic',
    },
    {
      pattern:
        /\b(?:requests|httpx|urllib|socket|boto3|paramiko|psycopg2?|pymysql|sqlalchemy|redis|pymongo|kubernetes|google\.cloud|azure)\b/g,
      kind: 'dynamic',
    },
    {
      pattern:
        /\bos\.(?:chmod|chown|kill|truncate|symlink|link|makedirs|mkdir|putenv|setuid)\b|\.write_(?:text|bytes)\s*\(/g,
      kind: 'dynamic',
    },
  ],
  node: [
    { pattern: /\b(?:rmSync|rm|rmdirSync|rmdir)\s*\(/g, kind: 'delete-tree' },
    { pattern: /\b(?:unlinkSync|unlink)\s*\(/g, kind: 'delete-file' },
    {
      pattern:
        /\b(?:writeFileSync|writeFile|appendFileSync|appendFile|truncateSync|truncate|createWriteStream)\s*\(/g,
      kind: 'write-file',
    },
    { pattern: /\b(?:execSync|exec)\s*\(/g, kind: 'shell' },
    { pattern: /\b(?:spawnSync|spawn|execFileSync|execFile|fork)\s*\(/g, kind: 'argv' },
    { pattern: /\b(?:renameSync|rename|copyFileSync|copyFile|cpSync)\s*\(/g, kind: 'move' },
    {
      pattern:
        /\b(?:eval|Function|vm\.\w+|import)\s*\(|\bfetch\s*\(|\bhttps?\.request\b|\bnet\.\w+|\brequire\s*\(\s*[^'"]/g,
      kind: 'dynamic',
    },
    {
      pattern: /\b(?:chmodSync|chownSync|chmod|chown|symlinkSync|mkdirSync|process\.kill)\b/g,
      kind: 'dynamic',
    },
  ],
  perl: [
    { pattern: /\b(?:rmtree|remove_tree)\s*\(?/g, kind: 'delete-tree' },
    { pattern: /\b(?:unlink|rmdir)\s*\(?/g, kind: 'delete-file' },
    { pattern: /\b(?:system|exec)\s*\(?/g, kind: 'shell' },
    { pattern: /`|\bqx\s*[{(/|]/g, kind: 'dynamic' },
    { pattern: /\bopen\s*\(?[^,]*,\s*['"]?\+?[>]/g, kind: 'write-file' },
    {
      pattern: /\beval\b|\bdo\s+['"$]|\brequire\s+\$|\bDBI\b|\bLWP\b|\bIO::Socket\b/g,
      kind: 'dynamic',
    },
    { pattern: /\b(?:rename|chmod|chown|kill|truncate|symlink|mkdir)\b/g, kind: 'dynamic' },
  ],
  ruby: [
    {
      pattern: /\bFileUtils\.(?:rm_rf|rm_r|remove_dir|remove_entry(?:_secure)?|rmtree)\s*\(?/g,
      kind: 'delete-tree',
    },
    {
      pattern:
        /\b(?:FileUtils\.(?:rm|rm_f|remove_file)|File\.(?:delete|unlink)|Dir\.(?:delete|rmdir|unlink))\s*\(?/g,
      kind: 'delete-file',
    },
    { pattern: /\b(?:system|exec|spawn|IO\.popen|Open3\.\w+)\s*\(?/g, kind: 'shell' },
    { pattern: /`|%x[{(|]/g, kind: 'dynamic' },
    { pattern: /\bFile\.(?:write|open\s*\([^)]*['"][wa])/g, kind: 'write-file' },
    {
      pattern:
        /\b(?:eval|instance_eval|class_eval|send|public_send|require)\b|\bNet::HTTP\b|\bActiveRecord\b/g,
      kind: 'dynamic',
    },
  ],
  php: [
    { pattern: /\b(?:unlink|rmdir)\s*\(/g, kind: 'delete-file' },
    { pattern: /\b(?:exec|system|shell_exec|passthru|popen|proc_open)\s*\(/g, kind: 'shell' },
    { pattern: /`/g, kind: 'dynamic' },
    { pattern: /\b(?:file_put_contents|fopen\s*\([^)]*['"][wax])/g, kind: 'write-file' },
    {
      pattern:
        /\b(?:eval|assert|create_function|include|require|include_once|require_once|curl_exec|mysqli|PDO)\b/g,
      kind: 'dynamic',
    },
  ],
}

const STRING_LITERAL = /^\s*(?:[rbuf]{0,2})(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/

// The first argument of a call, when it is a plain string literal.
function literalArgument(code: string, from: number): string | undefined {
  const match = STRING_LITERAL.exec(code.slice(from))
  if (match === null) return undefined
  return (match[1] ?? match[2] ?? '').replace(/\\(.)/g, '$1')
}

// A list literal of strings: `["rm", "-rf", "/x"]`.
function literalList(code: string, from: number): string[] | undefined {
  const rest = code.slice(from)
  const match = /^\s*\[([^\]]*)\]/.exec(rest)
  if (match === null) return undefined
  const items = [...(match[1] ?? '').matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g)].map(
    (item) => item[1] ?? item[2] ?? '',
  )
  return items.length > 0 ? items : undefined
}

/**
 * Reads an interpreter one-liner for its filesystem, process and database effects. Known calls
 * with literal arguments are analysed; calls that run code or reach the network, or known calls
 * with computed arguments, make the one-liner opaque. Code with none of these only computes.
 */
export function analyzeInterpreterCode(
  language: InterpreterLanguage,
  code: string,
  command: ShellCommand,
  analyzer: ShellAnalyzer,
): Effect[] {
  const effects: Effect[] = []
  for (const call of KNOWN_CALLS[language]) {
    for (const match of code.matchAll(call.pattern)) {
      const after = match.index + match[0].length
      const argument = literalArgument(code, after)
      const label = match[0].replace(/\s*\($/, '').trim()
      switch (call.kind) {
        case 'dynamic':
          effects.push(
            createOpaqueEffect(
              'process',
              `\`${label}\` in a ${language} one-liner can do what airlock cannot follow`,
              command.source,
            ),
          )
          break
        case 'delete-tree':
        case 'delete-file': {
          if (argument === undefined) {
            effects.push(
              createOpaqueEffect(
                'fs',
                `\`${label}\` deletes a path computed at run time`,
                command.source,
              ),
            )
            break
          }
          const recursive = call.kind === 'delete-tree'
          const meaning = classifyPath(argument, command.cwd)
          effects.push(
            ruleEffect(command, {
              system: 'fs',
              verb: 'delete',
              target: meaning.path,
              scope: recursive ? 'directory' : 'item',
              risk: riskOfDeleting(meaning, recursive),
              reason: `\`${label}\` deletes \`${argument}\`${recursive ? ' recursively' : ''} (${describePathClass(meaning)})`,
            }),
          )
          break
        }
        case 'write-file':
        case 'move': {
          const target = call.kind === 'move' ? undefined : argument
          if (target === undefined) {
            effects.push(
              ruleEffect(command, {
                system: 'fs',
                verb: 'write',
                target: 'files',
                risk: 'mutating',
                reason: `\`${label}\` writes or moves files`,
              }),
            )
            break
          }
          const meaning = classifyPath(target, command.cwd)
          const risk = riskOfOverwriting(meaning)
          effects.push(
            ruleEffect(command, {
              system: 'fs',
              verb: 'overwrite',
              target: meaning.path,
              risk,
              reason: `\`${label}\` writes \`${target}\` (${describePathClass(meaning)})`,
            }),
          )
          break
        }
        case 'shell':
          if (argument === undefined) {
            const list = literalList(code, after)
            if (list !== undefined)
              effects.push(...analyzer.analyzeArgv(list.map(literalWord), command))
            else
              effects.push(
                createOpaqueEffect(
                  'process',
                  `\`${label}\` runs a command computed at run time`,
                  command.source,
                ),
              )
          } else effects.push(...analyzer.analyzeScript(argument, command))
          break
        case 'argv': {
          const list = literalList(code, after)
          if (list !== undefined)
            effects.push(...analyzer.analyzeArgv(list.map(literalWord), command))
          else if (argument !== undefined && /shell\s*=\s*True/.test(code))
            effects.push(...analyzer.analyzeScript(argument, command))
          else if (argument !== undefined)
            effects.push(...analyzer.analyzeArgv(argument.split(/\s+/).map(literalWord), command))
          else
            effects.push(
              createOpaqueEffect(
                'process',
                `\`${label}\` runs a command computed at run time`,
                command.source,
              ),
            )
          break
        }
        case 'sql':
          if (argument === undefined)
            effects.push(
              createOpaqueEffect(
                'database',
                `\`${label}\` runs SQL computed at run time`,
                command.source,
              ),
            )
          else
            effects.push(
              ...analyzer.analyzeSql(
                argument,
                code.includes('sqlite') ? 'sqlite' : /mysql/i.test(code) ? 'mysql' : 'postgres',
                command,
              ),
            )
          break
      }
    }
  }
  if (effects.length === 0) {
    effects.push(
      ruleEffect(command, {
        system: 'process',
        verb: 'execute',
        target: language,
        risk: 'safe',
        reason: `the ${language} one-liner only computes and prints`,
      }),
    )
  }
  return effects
}
