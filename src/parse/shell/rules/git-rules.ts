import type { Effect } from '../../../model/effect.js'
import type { Risk } from '../../../model/risk.js'
import type { CommandRuleTable } from '../command-rule.js'
import { hasOption, readArgs } from '../read-args.js'
import type { ShellCommand } from '../shell-command.js'
import { readEffect, ruleEffect } from './rule-effect.js'

const GIT_GLOBAL_VALUED = [
  '-C',
  '-c',
  '--git-dir',
  '--work-tree',
  '--namespace',
  '--exec-path',
  '--config-env',
]

const READ_ONLY_SUBCOMMANDS = new Set([
  'status',
  'log',
  'diff',
  'show',
  'grep',
  'blame',
  'annotate',
  'rev-parse',
  'rev-list',
  'describe',
  'ls-files',
  'ls-tree',
  'ls-remote',
  'cat-file',
  'shortlog',
  'whatchanged',
  'reflog-show',
  'fetch',
  'help',
  'version',
  'var',
  'check-ignore',
  'check-attr',
  'name-rev',
  'merge-base',
  'cherry',
  'range-diff',
  'count-objects',
  'fsck',
  'verify-commit',
  'verify-tag',
  'for-each-ref',
  'show-ref',
  'show-branch',
  'bisect',
  'archive',
  'format-patch',
  'request-pull',
  'instaweb',
  'difftool',
  'citool',
  'gui',
  'remote-show',
])

const MUTATING_SUBCOMMANDS = new Set([
  'add',
  'commit',
  'pull',
  'merge',
  'rebase',
  'cherry-pick',
  'revert',
  'mv',
  'init',
  'clone',
  'switch',
  'tag',
  'am',
  'apply',
  'submodule',
  'worktree',
  'notes',
  'sparse-checkout',
  'lfs',
  'maintenance',
  'pack-refs',
  'repack',
  'prune',
  'remote',
  'fetch-pack',
  'send-email',
  'mergetool',
  'restore-staged',
  'commit-tree',
  'update-index',
  'replace',
  'bundle',
])

function gitEffect(
  command: ShellCommand,
  risk: Risk,
  verb: Effect['verb'],
  target: string,
  reason: string,
): Effect {
  return ruleEffect(command, { system: 'git', verb, target, scope: 'repository', risk, reason })
}

// `git push`: a force, a `+ref`, `--mirror` or a deletion rewrites or removes remote history.
function analyzePush(command: ShellCommand, args: ShellCommand['args']): Effect {
  const read = readArgs(args, {
    valued: [
      '--repo',
      '--receive-pack',
      '--exec',
      '-o',
      '--push-option',
      '--signed',
      '--recurse-submodules',
    ],
  })
  const force = [...read.options.keys()].find(
    (name) =>
      [
        '-f',
        '--force',
        '--force-with-lease',
        '--force-if-includes',
        '--mirror',
        '--prune',
        '-d',
        '--delete',
      ].includes(name) || name.startsWith('--force-with-lease'),
  )
  const refs = read.positionals.slice(1).map((word) => word.value)
  const plusRef = refs.find((ref) => ref.startsWith('+'))
  const deleteRef = refs.find((ref) => ref.startsWith(':'))
  const target = read.positionals.map((word) => word.value).join(' ') || 'the upstream'
  if (force !== undefined || plusRef !== undefined || deleteRef !== undefined) {
    const how = force ?? plusRef ?? deleteRef ?? ''
    const deletes =
      how === '-d' || how === '--delete' || how === '--prune' || deleteRef !== undefined
    return gitEffect(
      command,
      'destructive',
      deletes ? 'delete' : 'rewrite-history',
      target,
      deletes
        ? `\`git push ${how}\` deletes remote refs on \`${target}\``
        : `\`git push ${how}\` overwrites remote history on \`${target}\``,
    )
  }
  if (hasOption(read, '-n', '--dry-run'))
    return gitEffect(command, 'safe', 'read', target, '`git push --dry-run` changes nothing')
  return gitEffect(
    command,
    'mutating',
    'write',
    target,
    `\`git push\` adds commits to \`${target}\``,
  )
}

function analyzeGit(command: ShellCommand): Effect[] {
  const global = readArgs(command.args, { valued: GIT_GLOBAL_VALUED, stopAtPositional: true })
  const [sub, ...rest] = global.rest
  if (sub === undefined) return [readEffect(command, 'git', '`git` with no subcommand prints help')]
  const name = sub.value
  const read = readArgs(rest, {
    valued: [
      '-m',
      '--message',
      '-b',
      '-B',
      '-C',
      '-c',
      '--format',
      '--pretty',
      '-n',
      '--max-count',
      '--author',
      '--since',
      '--until',
      '-S',
      '-G',
      '--depth',
      '--branch',
      '-o',
      '--origin',
      '-X',
      '--strategy-option',
      '-s',
      '--strategy',
      '--expire',
      '--onto',
      '--exec',
    ],
  })
  const has = (...names: string[]): boolean => hasOption(read, ...names)
  const words = read.positionals.map((word) => word.value)
  switch (name) {
    case 'push':
      return [analyzePush(command, rest)]
    case 'reset':
      if (has('--hard', '--merge', '--keep'))
        return [
          gitEffect(
            command,
            'destructive',
            'overwrite',
            'working tree',
            '`git reset --hard` discards uncommitted changes and moves the branch',
          ),
        ]
      return [
        gitEffect(
          command,
          'mutating',
          'write',
          'index',
          `\`git reset${has('--soft') ? ' --soft' : ''}\` moves the branch and keeps the changes`,
        ),
      ]
    case 'clean':
      if (has('-n', '--dry-run'))
        return [
          readEffect(command, 'working tree', '`git clean -n` only lists what it would remove'),
        ]
      if (has('-f', '--force')) {
        return [
          gitEffect(
            command,
            'destructive',
            'delete',
            'untracked files',
            `\`git clean\` deletes untracked${has('-x', '-X') ? ' and ignored' : ''} files for good`,
          ),
        ]
      }
      return [readEffect(command, 'working tree', '`git clean` without `-f` refuses to delete')]
    case 'checkout':
      if (read.rest.length > 0 || words.includes('.') || has('-f', '--force')) {
        return [
          gitEffect(
            command,
            'destructive',
            'overwrite',
            'working tree',
            '`git checkout -- <paths>` discards uncommitted changes to those files',
          ),
        ]
      }
      return [
        gitEffect(
          command,
          'mutating',
          'write',
          words[0] ?? 'branch',
          '`git checkout` switches branches',
        ),
      ]
    case 'restore':
      if (has('--staged', '-S') && !has('--worktree', '-W'))
        return [
          gitEffect(
            command,
            'mutating',
            'write',
            'index',
            '`git restore --staged` unstages changes',
          ),
        ]
      return [
        gitEffect(
          command,
          'destructive',
          'overwrite',
          'working tree',
          '`git restore` discards uncommitted changes to files',
        ),
      ]
    case 'branch':
      if (has('-D') || (has('-d', '--delete') && has('-f', '--force'))) {
        return [
          gitEffect(
            command,
            'destructive',
            'delete',
            words.join(' '),
            `\`git branch -D\` deletes \`${words.join(' ')}\` even when unmerged`,
          ),
        ]
      }
      if (
        has(
          '-d',
          '--delete',
          '-m',
          '-M',
          '--move',
          '-c',
          '-C',
          '--set-upstream-to',
          '-u',
          '--unset-upstream',
        ) ||
        (words.length > 0 &&
          !has('--list', '-l', '-a', '-r', '-v', '-vv', '--contains', '--merged', '--no-merged'))
      ) {
        return [
          gitEffect(command, 'mutating', 'write', words.join(' '), '`git branch` changes branches'),
        ]
      }
      return [readEffect(command, 'branches', '`git branch` lists branches')]
    case 'stash': {
      const action = words[0] ?? 'push'
      if (action === 'drop' || action === 'clear')
        return [
          gitEffect(
            command,
            'destructive',
            'delete',
            'stash',
            `\`git stash ${action}\` deletes stashed changes`,
          ),
        ]
      if (action === 'list' || action === 'show')
        return [readEffect(command, 'stash', `\`git stash ${action}\` only reads`)]
      return [
        gitEffect(
          command,
          'mutating',
          'write',
          'stash',
          `\`git stash ${action}\` keeps changes aside`,
        ),
      ]
    }
    case 'reflog':
      if (words[0] === 'expire' || words[0] === 'delete')
        return [
          gitEffect(
            command,
            'destructive',
            'delete',
            'reflog',
            `\`git reflog ${words[0]}\` removes the record needed to recover lost commits`,
          ),
        ]
      return [readEffect(command, 'reflog', '`git reflog` shows history')]
    case 'gc':
      if (
        [...read.options.entries()].some(
          ([option, value]) => option === '--prune' && value === 'now',
        ) ||
        has('--prune=now')
      ) {
        return [
          gitEffect(
            command,
            'destructive',
            'delete',
            'objects',
            '`git gc --prune=now` deletes unreachable commits for good',
          ),
        ]
      }
      return [gitEffect(command, 'mutating', 'write', 'objects', '`git gc` packs objects')]
    case 'filter-branch':
    case 'filter-repo':
      return [
        gitEffect(
          command,
          'destructive',
          'rewrite-history',
          'history',
          `\`git ${name}\` rewrites the whole history`,
        ),
      ]
    case 'update-ref':
      return [
        gitEffect(
          command,
          has('-d') ? 'destructive' : 'mutating',
          has('-d') ? 'delete' : 'write',
          words[0] ?? 'ref',
          `\`git update-ref\` ${has('-d') ? 'deletes' : 'moves'} a ref`,
        ),
      ]
    case 'rm':
      return [
        gitEffect(
          command,
          'mutating',
          'delete',
          words.join(' '),
          has('--cached')
            ? '`git rm --cached` stops tracking files'
            : '`git rm` deletes tracked files; history keeps them',
        ),
      ]
    case 'config':
      if (has('--get', '--get-all', '--list', '-l', '--get-regexp') || words.length <= 1)
        return [readEffect(command, 'config', '`git config` reads settings')]
      return [gitEffect(command, 'mutating', 'write', 'config', '`git config` changes a setting')]
    case 'tag':
      if (has('-d', '--delete'))
        return [
          gitEffect(
            command,
            'mutating',
            'delete',
            words.join(' '),
            '`git tag -d` deletes a local tag',
          ),
        ]
      if (words.length === 0 || has('-l', '--list'))
        return [readEffect(command, 'tags', '`git tag` lists tags')]
      return [gitEffect(command, 'mutating', 'write', words.join(' '), '`git tag` creates a tag')]
    case 'remote':
      if (
        words.length === 0 ||
        words[0] === 'show' ||
        words[0] === 'get-url' ||
        has('-v', '--verbose')
      )
        return [readEffect(command, 'remotes', '`git remote` lists remotes')]
      return [
        gitEffect(
          command,
          'mutating',
          'write',
          'remotes',
          `\`git remote ${words[0] ?? ''}\` changes remotes`,
        ),
      ]
    case 'worktree':
      if (words[0] === 'list')
        return [readEffect(command, 'worktrees', '`git worktree list` only reads')]
      if (words[0] === 'remove' && has('-f', '--force'))
        return [
          gitEffect(
            command,
            'destructive',
            'delete',
            words[1] ?? 'worktree',
            '`git worktree remove --force` deletes a worktree with its changes',
          ),
        ]
      return [
        gitEffect(command, 'mutating', 'write', 'worktree', '`git worktree` changes worktrees'),
      ]
    default:
      if (READ_ONLY_SUBCOMMANDS.has(name))
        return [readEffect(command, name, `\`git ${name}\` only reads`)]
      if (MUTATING_SUBCOMMANDS.has(name))
        return [
          gitEffect(
            command,
            'mutating',
            'write',
            words.join(' ') || 'repository',
            `\`git ${name}\` records changes that can be undone`,
          ),
        ]
      return [
        ruleEffect(command, {
          system: 'git',
          verb: 'unknown',
          target: name,
          scope: 'repository',
          risk: 'destructive',
          opaque: true,
          reason: `\`git ${name}\` is not a subcommand airlock knows`,
        }),
      ]
  }
}

/** Git: reading, committing and pushing are routine; rewriting or discarding history is not. */
export const GIT_RULES: CommandRuleTable = { git: analyzeGit }
