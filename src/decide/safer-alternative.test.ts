import { describe, expect, it } from 'vitest'

import type { Action } from '../model/action.js'
import { digestAction } from '../model/action-digest.js'
import { summariseAnalysis } from '../model/analysis.js'
import { createEffect, type EffectInit } from '../model/effect.js'
import { suggestSaferAlternative } from './safer-alternative.js'

const SHELL: Action = { kind: 'shell', command: 'true', cwd: '/srv/app' }

// The statements of the database cases run through psql, so the dump tool is PostgreSQL's.
const PSQL: Action = { kind: 'shell', command: 'psql -d app -f change.sql', cwd: '/srv/app' }

function suggest(effects: readonly EffectInit[], action: Action = SHELL): string | undefined {
  return suggestSaferAlternative(
    summariseAnalysis(action, digestAction(action), effects.map(createEffect), []),
  )
}

function harmful(init: Omit<EffectInit, 'reason' | 'risk'> & Partial<EffectInit>): EffectInit {
  return { risk: 'destructive', reason: 'does harm', ...init }
}

describe('suggestSaferAlternative', () => {
  it.each([
    [
      'terraform destroy',
      harmful({
        system: 'iac',
        verb: 'delete',
        scope: 'environment',
        target: 'terraform:/srv/infra',
        source: 'terraform destroy -auto-approve',
        risk: 'catastrophic',
      }),
      '`terraform plan -destroy` to see what would go, then `-target` the broken resource',
    ],
    [
      'terraform apply -destroy',
      harmful({
        system: 'iac',
        verb: 'delete',
        scope: 'environment',
        target: 'terraform:.',
        source: 'terraform apply -destroy',
      }),
      '`terraform plan -destroy` to see what would go, then `-target` the broken resource',
    ],
    [
      'tofu destroy',
      harmful({
        system: 'iac',
        verb: 'delete',
        scope: 'stack',
        target: 'tofu:.',
        source: 'tofu destroy',
      }),
      '`tofu plan -destroy` to see what would go, then `-target` the broken resource',
    ],
    [
      'pulumi destroy',
      harmful({
        system: 'iac',
        verb: 'delete',
        scope: 'stack',
        target: 'pulumi:.',
        source: 'pulumi destroy --yes',
      }),
      '`pulumi preview --destroy` to see what would go, then `--target` the broken resource',
    ],
    [
      'a cloud stack deletion',
      harmful({
        system: 'cloud',
        verb: 'delete',
        scope: 'stack',
        target: 'aws:cloudformation:prod',
        source: 'aws cloudformation delete-stack --stack-name prod',
      }),
      'delete or replace the one broken resource instead of the environment',
    ],
    [
      'a cluster deletion',
      harmful({
        system: 'cloud',
        verb: 'delete',
        scope: 'cluster',
        target: 'eks:prod',
        source: 'eksctl delete cluster --name prod',
      }),
      'delete or replace the one broken resource instead of the environment',
    ],
    [
      'kubectl delete',
      harmful({
        system: 'k8s',
        verb: 'delete',
        target: 'k8s:prod/deployment/web',
        source: 'kubectl delete deployment web -n prod',
      }),
      '`--dry-run=server` first, or delete the one broken object',
    ],
    [
      'helm uninstall',
      harmful({
        system: 'k8s',
        verb: 'delete',
        scope: 'collection',
        target: 'k8s:/release/web',
        source: 'helm uninstall web',
      }),
      'delete the one broken object instead',
    ],
    [
      'DROP TABLE through psql',
      harmful({
        system: 'database',
        verb: 'delete',
        scope: 'collection',
        target: 'table:users',
        source: 'DROP TABLE users',
      }),
      'snapshot or back up first (`pg_dump -t users`)',
    ],
    [
      'DELETE without WHERE',
      harmful({
        system: 'database',
        verb: 'delete',
        scope: 'collection',
        target: 'table:users',
        source: 'DELETE FROM users',
      }),
      'snapshot or back up first (`pg_dump -t users`), or add a WHERE clause',
    ],
    [
      'UPDATE with a WHERE that matches every row',
      harmful({
        system: 'database',
        verb: 'overwrite',
        scope: 'collection',
        target: 'table:accounts',
        source: 'UPDATE accounts SET balance = 0 WHERE 1=1',
      }),
      'snapshot or back up first (`pg_dump -t accounts`), or narrow the WHERE clause',
    ],
    [
      'DROP SCHEMA',
      harmful({
        system: 'database',
        verb: 'delete',
        scope: 'database',
        target: 'schema:reporting',
        source: 'DROP SCHEMA reporting CASCADE',
      }),
      'snapshot or back up first (`pg_dump -n reporting`)',
    ],
    [
      'a key-value flush',
      harmful({
        system: 'database',
        verb: 'delete',
        scope: 'database',
        target: 'every database',
        source: 'redis-cli FLUSHALL',
      }),
      'snapshot or back up first',
    ],
    [
      'a managed database deletion',
      harmful({
        system: 'cloud',
        verb: 'delete',
        scope: 'database',
        target: 'aws:rds:orders',
        source: 'aws rds delete-db-instance',
      }),
      'take a snapshot first, or delete the one broken resource instead',
    ],
    [
      'rm -rf of a project',
      harmful({ system: 'fs', verb: 'delete', target: '/srv/app/', source: 'rm -rf /srv/app/' }),
      'move it aside (`mv /srv/app /srv/app.bak`) instead of deleting it',
    ],
    [
      'git push --force',
      harmful({
        system: 'git',
        verb: 'rewrite-history',
        scope: 'repository',
        target: 'origin main',
        source: 'git push --force origin main',
      }),
      '`--force-with-lease` on a branch of your own, never the shared one',
    ],
    [
      'git reset --hard',
      harmful({
        system: 'git',
        verb: 'overwrite',
        scope: 'repository',
        target: 'working tree',
        source: 'git reset --hard HEAD~3',
      }),
      '`git stash` first',
    ],
    [
      'git clean',
      harmful({
        system: 'git',
        verb: 'delete',
        scope: 'repository',
        target: 'untracked files',
        source: 'git clean -fdx',
      }),
      '`git clean -n` first to see what would go',
    ],
  ])('suggests a safer way when the action is %s', (_, effect, expected) => {
    expect(suggest([effect], effect.system === 'database' ? PSQL : SHELL)).toBe(expected)
  })

  it.each([
    ['the dialect is MySQL', 'mysql', '`mysqldump … users`'],
    ['the dialect is SQLite', 'sqlite', '`sqlite3 … ".dump users"`'],
  ] as const)('names the dump tool of the dialect when %s', (_, dialect, tool) => {
    const action: Action = { kind: 'sql', dialect, statement: 'DROP TABLE users' }
    const drop = harmful({
      system: 'database',
      verb: 'delete',
      scope: 'collection',
      target: 'table:users',
      source: 'DROP TABLE users',
    })
    expect(suggest([drop], action)).toBe(`snapshot or back up first (${tool})`)
  })

  it('follows the most harmful effect when an action has several', () => {
    expect(
      suggest([
        harmful({
          system: 'git',
          verb: 'rewrite-history',
          target: 'origin main',
          source: 'git push -f',
        }),
        harmful({
          system: 'iac',
          verb: 'delete',
          scope: 'environment',
          target: 'terraform:.',
          source: 'terraform destroy',
          risk: 'catastrophic',
        }),
      ]),
    ).toMatch(/^`terraform plan -destroy`/)
  })

  it.each([
    [
      'the action does no harm',
      {
        system: 'fs',
        verb: 'delete',
        target: '/srv/app/build',
        risk: 'safe',
        reason: 'cache',
        source: 'rm -rf build',
      },
    ],
    [
      'the path is a glob',
      harmful({
        system: 'fs',
        verb: 'delete',
        scope: 'directory',
        target: '/srv/data/*',
        source: 'rm -rf /srv/data/*',
      }),
    ],
    [
      'the path is the filesystem root',
      harmful({
        system: 'fs',
        verb: 'delete',
        scope: 'filesystem',
        target: '/',
        source: 'rm -rf /',
        risk: 'catastrophic',
      }),
    ],
    [
      'the push already uses --force-with-lease',
      harmful({
        system: 'git',
        verb: 'rewrite-history',
        target: 'origin x',
        source: 'git push --force-with-lease origin x',
      }),
    ],
    [
      'no general rule covers it',
      harmful({ system: 'service', verb: 'delete', target: 'crontab', source: 'crontab -r' }),
    ],
  ] as const)('suggests nothing when %s', (_, effect) => {
    expect(suggest([effect as EffectInit])).toBeUndefined()
  })
})
