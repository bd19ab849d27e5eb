import type { SqlDialect } from '../model/action.js'
import type { Analysis } from '../model/analysis.js'
import type { Effect, EffectScope } from '../model/effect.js'
import { compareRisk } from '../model/risk.js'

/**
 * One general rule: for a kind of harmful effect, the less dangerous way to reach its goal;
 * `undefined` when the rule does not apply.
 */
type AlternativeRule = (effect: Effect, analysis: Analysis) => string | undefined

const WHOLE_ENVIRONMENT: readonly EffectScope[] = ['environment', 'stack', 'cluster', 'account']

const MOVABLE: readonly EffectScope[] = ['item', 'collection', 'directory', 'repository']

// A path that `mv` can take as it is: no glob, expansion, quote or space.
const PLAIN_PATH = /^(?:\/|~\/|\.\/)[\w./@+-]*[\w@+-]$/

// SQL that changes rows can be narrowed by a WHERE clause.
const ROW_STATEMENT = /^\s*(?:delete|update)\b/i

// First match wins, so the rules go from the most to the least specific.
const RULES: readonly AlternativeRule[] = [
  // terraform destroy, terraform apply -destroy, tofu destroy, pulumi destroy
  (effect, analysis) => {
    if (effect.verb !== 'delete' || !WHOLE_ENVIRONMENT.includes(effect.scope)) {
      return undefined
    }
    if (/\bpulumi\b/.test(effect.source)) {
      return '`pulumi preview --destroy` to see what would go, then `--target` the broken resource'
    }
    const tool = /\btofu\b/.test(effect.source) ? 'tofu' : 'terraform'
    const isTerraform =
      analysis.action.kind === 'terraform-plan' || /\b(?:terraform|tofu)\b/.test(effect.source)
    return isTerraform
      ? `\`${tool} plan -destroy\` to see what would go, then \`-target\` the broken resource`
      : undefined
  },
  // aws cloudformation delete-stack, eksctl delete cluster, az group delete
  (effect) =>
    effect.verb === 'delete' && WHOLE_ENVIRONMENT.includes(effect.scope)
      ? 'delete or replace the one broken resource instead of the environment'
      : undefined,
  // kubectl delete, helm uninstall
  (effect) => {
    if (effect.system !== 'k8s' || effect.verb !== 'delete') {
      return undefined
    }
    return /\bkubectl\b/.test(effect.source)
      ? '`--dry-run=server` first, or delete the one broken object'
      : 'delete the one broken object instead'
  },
  // DROP TABLE, TRUNCATE, DELETE or UPDATE without WHERE, DROP DATABASE, FLUSHALL
  (effect, analysis) => {
    const isBulk = effect.scope === 'collection' || effect.scope === 'database'
    if (effect.system !== 'database' || !isBulk || !['delete', 'overwrite'].includes(effect.verb)) {
      return undefined
    }
    const backup = describeSqlBackup(effect, analysis)
    const narrow = ROW_STATEMENT.test(effect.source)
      ? /\bwhere\b/i.test(effect.source)
        ? ', or narrow the WHERE clause'
        : ', or add a WHERE clause'
      : ''
    return `snapshot or back up first${backup === undefined ? '' : ` (${backup})`}${narrow}`
  },
  // aws rds delete-db-instance, gcloud sql instances delete
  (effect) =>
    effect.verb === 'delete' && effect.dataLoss && effect.scope === 'database'
      ? 'take a snapshot first, or delete the one broken resource instead'
      : undefined,
  // rm -rf of a project directory
  (effect) => {
    const path = effect.target.replace(/\/+$/, '')
    const isMovable =
      effect.system === 'fs' &&
      effect.verb === 'delete' &&
      MOVABLE.includes(effect.scope) &&
      PLAIN_PATH.test(path)
    return isMovable
      ? `move it aside (\`mv ${path} ${path}.bak\`) instead of deleting it`
      : undefined
  },
  // git push --force
  (effect) =>
    effect.system === 'git' &&
    effect.verb === 'rewrite-history' &&
    !effect.source.includes('--force-with-lease')
      ? '`--force-with-lease` on a branch of your own, never the shared one'
      : undefined,
  // git reset --hard, git checkout -- .
  (effect) =>
    effect.system === 'git' && effect.verb === 'overwrite' && /\breset\b/.test(effect.source)
      ? '`git stash` first'
      : undefined,
  // git clean -fdx
  (effect) =>
    effect.system === 'git' && effect.verb === 'delete' && /\bclean\b/.test(effect.source)
      ? '`git clean -n` first to see what would go'
      : undefined,
]

/**
 * A less dangerous way to reach what a harmful action is after, judged from its effects
 * (system, verb, scope, source text) by general rules; `undefined` when none is known or the
 * action does no harm.
 */
export function suggestSaferAlternative(analysis: Analysis): string | undefined {
  const harmful = analysis.effects
    .filter((effect) => compareRisk(effect.risk, 'destructive') >= 0)
    .sort((a, b) => compareRisk(b.risk, a.risk))
  for (const effect of harmful) {
    for (const rule of RULES) {
      const suggestion = rule(effect, analysis)
      if (suggestion !== undefined) {
        return suggestion
      }
    }
  }
  return undefined
}

// `table:users` → `pg_dump -t users`, in the dump tool of the SQL dialect; nothing when the
// statement does not read as SQL or the dialect is unknown.
function describeSqlBackup(effect: Effect, analysis: Analysis): string | undefined {
  if (!/^\s*(?:drop|truncate|delete|update|alter)\b/i.test(effect.source)) {
    return undefined
  }
  const match = /^(table|column|schema|database):([^.]+)/.exec(effect.target)
  const kind = match?.[1]
  const name = match?.[2]
  if (kind === undefined || name === undefined) {
    return undefined
  }
  switch (sqlDialectOf(analysis)) {
    case 'mysql':
      return `\`mysqldump … ${name}\``
    case 'sqlite':
      return kind === 'database' ? '`sqlite3 … .backup`' : `\`sqlite3 … ".dump ${name}"\``
    case 'postgres':
      if (kind === 'database') {
        return `\`pg_dump ${name}\``
      }
      return kind === 'schema' ? `\`pg_dump -n ${name}\`` : `\`pg_dump -t ${name}\``
    case undefined:
      return undefined
  }
}

// The dialect of an SQL action, or of the database client a shell command runs.
function sqlDialectOf(analysis: Analysis): SqlDialect | undefined {
  const { action } = analysis
  if (action.kind === 'sql') {
    return action.dialect
  }
  if (action.kind !== 'shell') {
    return undefined
  }
  if (/\b(?:mysql|mariadb)\b/.test(action.command)) {
    return 'mysql'
  }
  if (/\bsqlite3?\b/.test(action.command)) {
    return 'sqlite'
  }
  return /\b(?:psql|pg_\w+)\b/.test(action.command) ? 'postgres' : undefined
}
