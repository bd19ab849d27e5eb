import { z } from 'zod'

import type { Effect } from '../../../model/effect.js'
import { maxRisk, type Risk } from '../../../model/risk.js'
import type { CommandRuleTable, ShellAnalyzer } from '../command-rule.js'
import {
  classifyPath,
  describePathClass,
  type PathMeaning,
  riskOfDeleting,
  riskOfOverwriting,
} from '../path-meaning.js'
import { hasOption, optionValue, readArgs } from '../read-args.js'
import type { ShellCommand } from '../shell-command.js'
import type { ShellWord } from '../shell-word.js'
import { parseCloudJson } from './cloud-json-schema.js'
import { opaqueEffect, readEffect, ruleEffect } from './rule-effect.js'

function meaningOf(command: ShellCommand, word: ShellWord): PathMeaning {
  return classifyPath(word.value, command.cwd, word.dynamic)
}

function deleteEffect(
  command: ShellCommand,
  word: ShellWord,
  recursive: boolean,
  how: string,
): Effect {
  const meaning = meaningOf(command, word)
  const risk = riskOfDeleting(meaning, recursive)
  const scope =
    meaning.class === 'device'
      ? 'device'
      : meaning.isTreeRoot && recursive
        ? meaning.class === 'filesystem-root'
          ? 'filesystem'
          : 'directory'
        : 'item'
  return ruleEffect(command, {
    system: meaning.class === 'device' ? 'device' : 'fs',
    verb: 'delete',
    target: meaning.path,
    scope,
    risk,
    reversible: risk === 'safe',
    dataLoss: risk !== 'safe',
    reason: `\`${how}\` deletes \`${word.value}\`${recursive ? ' recursively' : ''} (${describePathClass(meaning)})`,
  })
}

function overwriteEffect(
  command: ShellCommand,
  word: ShellWord,
  how: string,
  floor: Risk = 'safe',
): Effect {
  const meaning = meaningOf(command, word)
  const base = riskOfOverwriting(meaning)
  const harmless =
    meaning.class === 'scratch' ||
    meaning.class === 'regenerable' ||
    meaning.class === 'null-device'
  const risk = harmless ? base : maxRisk([base, floor])
  return ruleEffect(command, {
    system: meaning.class === 'device' ? 'device' : 'fs',
    verb: 'overwrite',
    target: meaning.path,
    scope: meaning.class === 'device' ? 'device' : 'item',
    risk,
    reason: `\`${how}\` overwrites \`${word.value}\` (${describePathClass(meaning)})`,
  })
}

function writeEffect(command: ShellCommand, word: ShellWord, how: string): Effect {
  const meaning = meaningOf(command, word)
  const scratch = meaning.class === 'scratch' || meaning.class === 'regenerable'
  return ruleEffect(command, {
    system: 'fs',
    verb: 'write',
    target: meaning.path,
    risk: scratch ? 'safe' : 'mutating',
    reason: `\`${how}\` writes \`${word.value}\` (${describePathClass(meaning)})`,
  })
}

function analyzeRm(command: ShellCommand): Effect[] {
  const read = readArgs(command.args)
  const recursive = hasOption(read, '-r', '-R', '--recursive')
  const targets = [...read.positionals, ...read.rest]
  const how = `${command.name}${recursive ? ' -r' : ''}`
  if (targets.length === 0)
    return [readEffect(command, command.name, `\`${command.name}\` names nothing to delete`)]
  return targets.map((target) => deleteEffect(command, target, recursive, how))
}

function analyzeShred(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, {
    valued: ['-n', '--iterations', '-s', '--size', '--random-source'],
  })
  return [...read.positionals, ...read.rest].map((target) =>
    overwriteEffect(command, target, 'shred', 'destructive'),
  )
}

function analyzeTruncate(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, { valued: ['-s', '--size', '-r', '--reference'] })
  const size = optionValue(read, '-s', '--size') ?? ''
  const shrinks = !size.startsWith('+') && !size.startsWith('>')
  return [...read.positionals, ...read.rest].map((target) =>
    shrinks
      ? overwriteEffect(command, target, `truncate -s ${size}`, 'destructive')
      : writeEffect(command, target, 'truncate'),
  )
}

function analyzeDd(command: ShellCommand): Effect[] {
  const output = command.args.find((word) => word.value.startsWith('of='))
  if (output === undefined)
    return [readEffect(command, 'dd', '`dd` without `of=` writes to standard output')]
  const target = { value: output.value.slice(3), dynamic: output.dynamic }
  const meaning = meaningOf(command, target)
  return [
    overwriteEffect(
      command,
      target,
      'dd',
      meaning.class === 'ordinary' ? 'mutating' : 'destructive',
    ),
  ]
}

// Formatting or wiping a disk: `mkfs.ext4 /dev/sdb`, `wipefs -a /dev/sdb`.
function analyzeDiskFormat(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, {
    valued: ['-t', '-L', '-b', '-O', '-E', '-N', '-m', '-o', '--offset'],
  })
  const listsOnly =
    (command.name === 'fdisk' && hasOption(read, '-l', '--list')) ||
    (command.name === 'parted' &&
      (hasOption(read, '-l', '--list') ||
        read.positionals.some((word) => word.value === 'print'))) ||
    (command.name === 'sgdisk' && hasOption(read, '-p', '--print')) ||
    (command.name === 'wipefs' && !hasOption(read, '-a', '--all', '-o', '--offset'))
  if (listsOnly)
    return [
      readEffect(command, command.name, `\`${command.name}\` only lists partitions or signatures`),
    ]
  const devices = [...read.positionals, ...read.rest].filter(
    (word) => word.value.startsWith('/dev/') || word.dynamic,
  )
  const targets = devices.length > 0 ? devices : [{ value: '?', dynamic: true }]
  return targets.map((target) =>
    ruleEffect(command, {
      system: 'device',
      verb: 'delete',
      target: target.value,
      scope: 'filesystem',
      risk: 'catastrophic',
      reason: `\`${command.name}\` erases the filesystem on \`${target.value}\``,
    }),
  )
}

function analyzePermissions(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, { valued: ['--reference', '--from'] })
  const recursive = hasOption(read, '-R', '--recursive')
  const modeOrOwner = read.options.has('--reference') ? undefined : read.positionals[0]
  const targets = read.options.has('--reference') ? read.positionals : read.positionals.slice(1)
  const lockout =
    command.name === 'chmod' && /^(0+|(a|ugo)(-rwx|=))$/.test(modeOrOwner?.value ?? '')
  return targets.map((target) => {
    const meaning = meaningOf(command, target)
    const wholeTree =
      recursive &&
      meaning.isTreeRoot &&
      ['filesystem-root', 'home', 'system', 'database-data'].includes(meaning.class)
    const risk: Risk = wholeTree
      ? 'catastrophic'
      : lockout && meaning.class !== 'scratch'
        ? 'destructive'
        : meaning.class === 'scratch'
          ? 'safe'
          : 'mutating'
    return ruleEffect(command, {
      system: 'fs',
      verb: 'permission',
      target: meaning.path,
      scope: recursive ? 'directory' : 'item',
      risk,
      reversible: risk !== 'catastrophic',
      dataLoss: false,
      reason: `\`${command.name}${recursive ? ' -R' : ''} ${modeOrOwner?.value ?? ''}\` changes access to \`${target.value}\` (${describePathClass(meaning)})${lockout ? ', removing all access' : ''}`,
    })
  })
}

const BACKUP_SUFFIX = /(\.bak|\.backup|\.orig|\.old|\.save|\.prev|~)$/

// `mv`/`cp`/`install SOURCE… DEST`: a destination that exists loses its content.
function analyzeCopyOrMove(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, {
    valued: [
      '-t',
      '--target-directory',
      '-S',
      '--suffix',
      '-m',
      '--mode',
      '-o',
      '--owner',
      '-g',
      '--group',
    ],
  })
  const noClobber =
    hasOption(read, '-n', '--no-clobber', '-i', '--interactive') ||
    read.options.get('--update') === 'none'
  const words = [...read.positionals, ...read.rest]
  const targetDir = optionValue(read, '-t', '--target-directory')
  const destination =
    targetDir !== undefined ? { value: targetDir, dynamic: read.dynamic } : words.at(-1)
  const sources = targetDir !== undefined ? words : words.slice(0, -1)
  if (destination === undefined || sources.length === 0)
    return [readEffect(command, command.name, `\`${command.name}\` names no destination`)]
  const effects: Effect[] = []
  if (command.name === 'mv') {
    // Moving into scratch space or a null device is deleting; moving a system tree breaks the host.
    const discards = ['scratch', 'null-device'].includes(meaningOf(command, destination).class)
    for (const source of sources) {
      const meaning = meaningOf(command, source)
      const systemTree =
        meaning.isTreeRoot &&
        ['filesystem-root', 'home', 'system', 'database-data'].includes(meaning.class)
      if (discards || systemTree) {
        effects.push(
          deleteEffect(command, source, true, discards ? `mv to ${destination.value}` : 'mv'),
        )
      }
    }
  }
  const how = command.name
  const truncates = sources.some((source) => ['/dev/null', '/dev/zero'].includes(source.value))
  const restoresOver = sources.some((source) => {
    const name = source.value.split('/').at(-1) ?? ''
    const destName = destination.value.split('/').at(-1) ?? ''
    return BACKUP_SUFFIX.test(name) && name.replace(BACKUP_SUFFIX, '') === destName
  })
  if (noClobber) effects.push(writeEffect(command, destination, `${how} -n`))
  else if (truncates || restoresOver)
    effects.push(overwriteEffect(command, destination, how, 'destructive'))
  else effects.push(overwriteEffect(command, destination, how))
  return effects
}

function analyzeLink(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, { valued: ['-t', '--target-directory', '-S', '--suffix'] })
  const destination = read.positionals.at(-1)
  if (destination === undefined || read.positionals.length < 2)
    return [writeEffect(command, { value: '.', dynamic: false }, 'ln')]
  return hasOption(read, '-f', '--force')
    ? [overwriteEffect(command, destination, 'ln -f')]
    : [writeEffect(command, destination, 'ln')]
}

function analyzeRsync(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, {
    valued: [
      '-e',
      '--rsh',
      '--exclude',
      '--include',
      '--filter',
      '-f',
      '--exclude-from',
      '--include-from',
      '--files-from',
      '--log-file',
      '--chmod',
      '--chown',
      '-B',
      '--block-size',
      '--backup-dir',
      '--suffix',
      '--port',
      '--timeout',
      '--bwlimit',
      '--max-size',
      '--min-size',
      '--password-file',
      '--partial-dir',
      '--temp-dir',
      '-T',
      '--compare-dest',
      '--copy-dest',
      '--link-dest',
    ],
  })
  if (hasOption(read, '-n', '--dry-run', '--list-only'))
    return [readEffect(command, 'rsync', '`rsync -n` is a dry run and changes nothing')]
  const words = [...read.positionals, ...read.rest]
  const destination = words.at(-1)
  if (destination === undefined || words.length < 2)
    return [readEffect(command, 'rsync', '`rsync` lists a source')]
  const remote = /^[^/]*:/.test(destination.value)
  const deletes = [...read.options.keys()].some((name) => name.startsWith('--delete'))
  const effects: Effect[] = []
  if (deletes) {
    effects.push(
      remote
        ? ruleEffect(command, {
            system: 'fs',
            verb: 'delete',
            target: destination.value,
            scope: 'directory',
            risk: 'destructive',
            reason: `\`rsync --delete\` deletes files on \`${destination.value}\` that the source lacks`,
          })
        : {
            ...deleteEffect(command, destination, true, 'rsync --delete'),
            reason: `\`rsync --delete\` deletes files in \`${destination.value}\` that the source lacks`,
          },
    )
  } else {
    effects.push(
      remote
        ? ruleEffect(command, {
            system: 'fs',
            verb: 'write',
            target: destination.value,
            risk: 'mutating',
            reason: `\`rsync\` copies to \`${destination.value}\``,
          })
        : overwriteEffect(command, destination, 'rsync'),
    )
  }
  if (hasOption(read, '--remove-source-files')) {
    for (const source of words.slice(0, -1))
      effects.push(deleteEffect(command, source, true, 'rsync --remove-source-files'))
  }
  return effects
}

function analyzeTar(command: ShellCommand): Effect[] {
  const first = command.args[0]?.value ?? ''
  // Old-style bundled mode letters: `tar czf out.tgz dir`.
  const bundled = /^[a-zA-Z]+$/.test(first) ? `-${first}` : undefined
  const args =
    bundled === undefined
      ? command.args
      : [{ value: bundled, dynamic: false }, ...command.args.slice(1)]
  const read = readArgs(args, {
    valued: [
      '-f',
      '--file',
      '-C',
      '--directory',
      '-T',
      '--files-from',
      '-X',
      '--exclude-from',
      '--exclude',
      '-b',
      '--blocking-factor',
      '-I',
      '--use-compress-program',
    ],
  })
  const file = optionValue(read, '-f', '--file')
  const into = optionValue(read, '-C', '--directory') ?? '.'
  const effects: Effect[] = []
  if (hasOption(read, '-x', '--extract', '--get')) {
    effects.push(writeEffect(command, { value: into, dynamic: read.dynamic }, 'tar -x'))
  } else if (hasOption(read, '-c', '--create', '-r', '--append', '-u', '--update')) {
    if (file !== undefined && file !== '-')
      effects.push(writeEffect(command, { value: file, dynamic: read.dynamic }, 'tar -c'))
    else effects.push(readEffect(command, 'tar', '`tar -c` writes the archive to standard output'))
  } else if (hasOption(read, '--delete')) {
    effects.push(
      overwriteEffect(command, { value: file ?? '-', dynamic: read.dynamic }, 'tar --delete'),
    )
  } else {
    effects.push(readEffect(command, file ?? 'tar', '`tar` lists or compares an archive'))
  }
  if (hasOption(read, '--remove-files')) {
    for (const source of read.positionals)
      effects.push(deleteEffect(command, source, true, 'tar --remove-files'))
  }
  return effects
}

const FIND_VALUED_TESTS = new Set([
  '-name',
  '-iname',
  '-path',
  '-ipath',
  '-wholename',
  '-iwholename',
  '-regex',
  '-iregex',
  '-type',
  '-xtype',
  '-user',
  '-group',
  '-uid',
  '-gid',
  '-perm',
  '-size',
  '-mtime',
  '-mmin',
  '-atime',
  '-amin',
  '-ctime',
  '-cmin',
  '-newer',
  '-anewer',
  '-cnewer',
  '-maxdepth',
  '-mindepth',
  '-links',
  '-inum',
  '-samefile',
  '-lname',
  '-ilname',
  '-fstype',
  '-used',
  '-printf',
  '-fprint0',
  '-context',
  '-newermt',
  '-regextype',
  '-files0-from',
])

// `find ROOTS… EXPRESSION`: `-delete` and `-exec` act on what matches.
function analyzeFind(command: ShellCommand, analyzer: ShellAnalyzer): Effect[] {
  const args = command.args
  let i = 0
  const roots: ShellWord[] = []
  for (; i < args.length; i++) {
    const text = args[i]?.value ?? ''
    if (text.startsWith('-') || text === '(' || text === '!' || text === ')') break
    roots.push(args[i] as ShellWord)
  }
  if (roots.length === 0) roots.push({ value: '.', dynamic: false })
  let pattern: string | undefined
  let minDepth = 0
  const effects: Effect[] = []
  const matches = (root: ShellWord): ShellWord => {
    const base = root.value.replace(/\/+$/, '') || '/'
    if (pattern !== undefined) return { value: `${base}/${pattern}`, dynamic: root.dynamic }
    return minDepth >= 1 ? { value: `${base === '/' ? '' : base}/*`, dynamic: root.dynamic } : root
  }
  for (; i < args.length; i++) {
    const text = args[i]?.value ?? ''
    if (text === '-name' || text === '-iname') pattern = args[i + 1]?.value
    if (text === '-mindepth') minDepth = Number(args[i + 1]?.value ?? 0)
    if (FIND_VALUED_TESTS.has(text)) {
      i++
      continue
    }
    if (text === '-delete') {
      for (const root of roots)
        effects.push(deleteEffect(command, matches(root), true, 'find -delete'))
    } else if (text === '-exec' || text === '-execdir' || text === '-ok' || text === '-okdir') {
      const end = args.findIndex(
        (word, index) => index > i && (word.value === ';' || word.value === '+'),
      )
      const inner = args.slice(i + 1, end < 0 ? args.length : end)
      for (const root of roots) {
        const target = matches(root)
        const argv = inner.map((word) =>
          word.value.includes('{}')
            ? {
                value: word.value.replaceAll('{}', target.value),
                dynamic: word.dynamic || target.dynamic,
              }
            : word,
        )
        effects.push(...analyzer.analyzeArgv(argv, command, { stdin: { kind: 'terminal' } }))
      }
      i = end < 0 ? args.length : end
    } else if (
      text === '-fprint' ||
      text === '-fprintf' ||
      text === '-fls' ||
      text === '-fprint0'
    ) {
      const file = args[i + 1]
      if (file !== undefined) effects.push(writeEffect(command, file, `find ${text}`))
      i += text === '-fprintf' ? 2 : 1
    }
  }
  if (effects.length === 0)
    effects.push(
      readEffect(
        command,
        roots.map((root) => root.value).join(' '),
        '`find` only lists matching files',
      ),
    )
  return effects
}

function analyzeCreate(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, {
    valued: [
      '-m',
      '--mode',
      '-d',
      '--date',
      '-r',
      '--reference',
      '-t',
      '-p',
      '--tmpdir',
      '--suffix',
      '-Z',
      '--context',
    ],
  })
  const targets = [...read.positionals, ...read.rest]
  if (command.name === 'mktemp' || targets.length === 0)
    return [readEffect(command, command.name, `\`${command.name}\` creates scratch files`)]
  return targets.map((target) => writeEffect(command, target, command.name))
}

function analyzeTee(command: ShellCommand): Effect[] {
  const read = readArgs(command.args)
  const append = hasOption(read, '-a', '--append')
  return [...read.positionals, ...read.rest].map((target) =>
    append ? writeEffect(command, target, 'tee -a') : overwriteEffect(command, target, 'tee'),
  )
}

function analyzeSed(command: ShellCommand): Effect[] {
  const inPlace = command.args.some(
    (word) => /^(-i|--in-place)/.test(word.value) || /^-[a-zA-Z]*i/.test(word.value),
  )
  if (!inPlace) return [readEffect(command, 'sed', '`sed` without `-i` prints its result')]
  const read = readArgs(command.args, {
    valued: ['-e', '--expression', '-f', '--file', '-l', '--line-length'],
  })
  const scriptGiven = hasOption(read, '-e', '--expression', '-f', '--file')
  const files = scriptGiven ? read.positionals : read.positionals.slice(1)
  return files.map((file) => writeEffect(command, file, 'sed -i'))
}

function analyzeAwk(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, {
    valued: [
      '-F',
      '-v',
      '-f',
      '--file',
      '-i',
      '--include',
      '-l',
      '--load',
      '--assign',
      '--field-separator',
    ],
  })
  if (hasOption(read, '-f', '--file'))
    return [opaqueEffect(command, `\`${command.name} -f\` runs a program file airlock cannot see`)]
  const program = read.positionals[0]?.value ?? ''
  if (/\bsystem\s*\(|\|\s*"|"\s*\|\s*getline|\|&/.test(program)) {
    return [opaqueEffect(command, `\`${command.name}\` program runs shell commands`)]
  }
  if (/print[f]?[^;}]*>/.test(program) || read.options.get('-i') === 'inplace') {
    return [
      ruleEffect(command, {
        system: 'fs',
        verb: 'write',
        target: 'awk output',
        risk: 'mutating',
        reason: `\`${command.name}\` program writes files`,
      }),
    ]
  }
  return [readEffect(command, command.name, `\`${command.name}\` prints what it computes`)]
}

// Options that give curl a request body, which makes its default method POST.
const CURL_BODY_OPTIONS = [
  '-d',
  '--data',
  '--data-raw',
  '--data-binary',
  '--data-urlencode',
  '--json',
  '-F',
  '--form',
  '-T',
  '--upload-file',
]

function analyzeCurl(command: ShellCommand, analyzer: ShellAnalyzer): Effect[] {
  const read = readArgs(command.args, {
    valued: [
      '-X',
      '--request',
      ...CURL_BODY_OPTIONS,
      '-o',
      '--output',
      '-H',
      '--header',
      '-u',
      '--user',
      '-A',
      '--user-agent',
      '-e',
      '--referer',
      '-b',
      '--cookie',
      '-c',
      '--cookie-jar',
      '-m',
      '--max-time',
      '--connect-timeout',
      '-w',
      '--write-out',
      '-x',
      '--proxy',
      '--retry',
      '-K',
      '--config',
      '--cacert',
      '--cert',
      '--key',
      '-r',
      '--range',
      '--resolve',
      '-E',
    ],
  })
  const sends = hasOption(read, ...CURL_BODY_OPTIONS)
  const method = (
    optionValue(read, '-X', '--request') ??
    (hasOption(read, '-I', '--head') ? 'HEAD' : sends ? 'POST' : 'GET')
  ).toUpperCase()
  const effects: Effect[] = []
  const output = optionValue(read, '-o', '--output')
  if (output !== undefined && output !== '-')
    effects.push(writeEffect(command, { value: output, dynamic: read.dynamic }, 'curl -o'))
  const data = optionValue(read, '-d', '--data', '--data-raw', '--data-binary', '--json')
  const body = data === undefined ? undefined : (parseCloudJson(data, z.unknown()) ?? data)
  for (const word of read.positionals) {
    const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(word.value) ? word.value : `http://${word.value}`
    if (word.dynamic) {
      effects.push(
        opaqueEffect(command, `\`curl\` sends ${method} to a URL only known at run time`),
      )
      continue
    }
    // The request is judged like any HTTP call: method, path and body semantics.
    effects.push(
      ...analyzer.analyzeHttp({ method, url, ...(body === undefined ? {} : { body }) }, command),
    )
  }
  return effects
}

function analyzeWget(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, {
    valued: [
      '-O',
      '--output-document',
      '-P',
      '--directory-prefix',
      '-o',
      '--output-file',
      '-a',
      '--append-output',
      '--post-data',
      '--method',
      '--header',
      '-U',
      '--user-agent',
      '-t',
      '--tries',
      '-T',
      '--timeout',
    ],
  })
  if (hasOption(read, '--spider'))
    return [readEffect(command, 'wget', '`wget --spider` only checks that pages exist')]
  if (hasOption(read, '--post-data', '--method')) {
    return [
      ruleEffect(command, {
        system: 'network',
        verb: 'write',
        target: read.positionals.map((word) => word.value).join(' '),
        risk: 'mutating',
        reason: '`wget` sends data to a server',
      }),
    ]
  }
  const output =
    optionValue(read, '-O', '--output-document') ??
    optionValue(read, '-P', '--directory-prefix') ??
    '.'
  if (output === '-') return [readEffect(command, 'wget', '`wget -O -` prints the download')]
  return [writeEffect(command, { value: output, dynamic: read.dynamic }, 'wget')]
}

function analyzeInPlaceEditor(command: ShellCommand): Effect[] {
  const read = readArgs(command.args)
  const files = [...read.positionals, ...read.rest]
  if (files.length === 0 || hasOption(read, '-l', '--list', '-t', '--test'))
    return [readEffect(command, command.name, `\`${command.name}\` reads or lists`)]
  return files.map((file) => writeEffect(command, file, command.name))
}

function analyzeScp(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, { valued: ['-P', '-i', '-o', '-F', '-c', '-l', '-S', '-J'] })
  const destination = read.positionals.at(-1)
  if (destination === undefined) return []
  if (/^[^/]*:/.test(destination.value)) {
    return [
      ruleEffect(command, {
        system: 'fs',
        verb: 'write',
        target: destination.value,
        risk: 'mutating',
        reason: `\`scp\` copies to \`${destination.value}\``,
      }),
    ]
  }
  return [overwriteEffect(command, destination, 'scp')]
}

/** Coreutils and friends that create, change or delete files. */
export const FILE_RULES: CommandRuleTable = {
  rm: analyzeRm,
  unlink: analyzeRm,
  rmdir: (command) =>
    readArgs(command.args).positionals.map((target) => ({
      ...writeEffect(command, target, 'rmdir'),
      verb: 'delete' as const,
      reason: `\`rmdir\` removes the empty directory \`${target.value}\``,
    })),
  shred: analyzeShred,
  truncate: analyzeTruncate,
  dd: analyzeDd,
  mkfs: analyzeDiskFormat,
  'mkfs.ext2': analyzeDiskFormat,
  'mkfs.ext3': analyzeDiskFormat,
  'mkfs.ext4': analyzeDiskFormat,
  'mkfs.xfs': analyzeDiskFormat,
  'mkfs.btrfs': analyzeDiskFormat,
  'mkfs.vfat': analyzeDiskFormat,
  'mkfs.fat': analyzeDiskFormat,
  'mkfs.ntfs': analyzeDiskFormat,
  mke2fs: analyzeDiskFormat,
  mkswap: analyzeDiskFormat,
  wipefs: analyzeDiskFormat,
  fdisk: analyzeDiskFormat,
  sfdisk: analyzeDiskFormat,
  gdisk: analyzeDiskFormat,
  sgdisk: analyzeDiskFormat,
  parted: analyzeDiskFormat,
  blkdiscard: analyzeDiskFormat,
  chmod: analyzePermissions,
  chown: analyzePermissions,
  chgrp: analyzePermissions,
  mv: analyzeCopyOrMove,
  cp: analyzeCopyOrMove,
  install: analyzeCopyOrMove,
  ln: analyzeLink,
  rsync: analyzeRsync,
  tar: analyzeTar,
  find: analyzeFind,
  touch: analyzeCreate,
  mkdir: analyzeCreate,
  mktemp: analyzeCreate,
  tee: analyzeTee,
  sed: analyzeSed,
  awk: analyzeAwk,
  gawk: analyzeAwk,
  mawk: analyzeAwk,
  curl: analyzeCurl,
  wget: analyzeWget,
  scp: analyzeScp,
  split: analyzeInPlaceEditor,
  dos2unix: analyzeInPlaceEditor,
  unix2dos: analyzeInPlaceEditor,
  gzip: analyzeInPlaceEditor,
  gunzip: analyzeInPlaceEditor,
  bzip2: analyzeInPlaceEditor,
  xz: analyzeInPlaceEditor,
  zstd: analyzeInPlaceEditor,
  zip: analyzeInPlaceEditor,
  unzip: analyzeInPlaceEditor,
}
