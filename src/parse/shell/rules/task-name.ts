import type { Risk } from '../../../model/risk.js'

/** How risky a named task (`make destroy`, `npm run db:reset`, `rake db:drop`) is by its name. */
export interface TaskJudgement {
  readonly risk: Risk
  readonly opaque: boolean
  readonly reason: string
}

const SAFE_TASK =
  /^(all|default|runserver|server|s|test|tests|spec|check|lint|fmt|format|format:check|typecheck|type-check|types|tsc|build|compile|dev|start|serve|watch|docs|doc|help|preview|storybook|bench|benchmark|coverage|clean|distclean|clobber|clean:.*|lint:.*|test:.*|build:.*|check:.*|e2e|ci|verify|validate|audit|outdated|list|ls|routes|about|stats|version|plan|diff|show|status|db:version|db:migrate:status|assets:precompile|tmp:clear|log:clear|cache:clear)$/
const MUTATING_TASK =
  /^(install|i|ci|add|update|upgrade|setup|bootstrap|deploy|deploy:.*|release|publish|migrate|db:migrate|db:seed|db:create|db:setup|db:prepare|apply|up|rollout|restart|reload|seed|generate|codegen|fix|lint:fix|format:write|package|dist|bundle|docker|docker:.*|push|tag|sync|backup|snapshot)$/
const DATA_LOSS_TASK =
  /(^|[:_-])(drop|reset|purge|wipe|flush|truncate|nuke|obliterate|erase|clear-data|reset-data|rollback|schema:load|structure:load|fresh|refresh)([:_-]|$)/
const ENVIRONMENT_LOSS_TASK =
  /(^|[:_-])(destroy|teardown|tear-down|down|decommission|delete-env|delete-stack|delete-cluster|uninstall)([:_-]|$)/

/**
 * Judges a task by its name. Destroy-style tasks are catastrophic in production or for
 * infrastructure, data-resetting tasks destructive (catastrophic in production), routine tasks
 * safe or mutating, and anything else opaque.
 */
export function judgeTaskName(
  task: string,
  context: { production: boolean; infrastructure: boolean },
): TaskJudgement {
  const name = task.toLowerCase()
  if (ENVIRONMENT_LOSS_TASK.test(name)) {
    const whole = context.production || context.infrastructure
    return {
      risk: whole ? 'catastrophic' : 'destructive',
      opaque: false,
      reason: `task \`${task}\` tears down ${whole ? 'an environment' : 'what it manages'}`,
    }
  }
  if (DATA_LOSS_TASK.test(name)) {
    return {
      risk: context.production ? 'catastrophic' : 'destructive',
      opaque: false,
      reason: `task \`${task}\` deletes or resets data`,
    }
  }
  if (SAFE_TASK.test(name))
    return {
      risk: 'safe',
      opaque: false,
      reason: `task \`${task}\` builds, checks or cleans build output`,
    }
  if (MUTATING_TASK.test(name))
    return {
      risk: 'mutating',
      opaque: false,
      reason: `task \`${task}\` changes state that can be rolled forward or back`,
    }
  return {
    risk: 'destructive',
    opaque: true,
    reason: `task \`${task}\` runs commands airlock cannot see`,
  }
}
