import type { ShellCommand } from '../shell-command.js'

const PRODUCTION = /^(prod|production|prd|live)$/i
const ENVIRONMENT_VARIABLES = [
  'ENV',
  'ENVIRONMENT',
  'APP_ENV',
  'RAILS_ENV',
  'RACK_ENV',
  'NODE_ENV',
  'MIX_ENV',
  'STAGE',
  'DJANGO_ENV',
  'FLASK_ENV',
  'TF_WORKSPACE',
  'AWS_PROFILE',
]

/**
 * True when a command targets production: the action says so, an environment variable names
 * it (`RAILS_ENV=production`), or an argument does (`ENV=prod`, `--env prod`, `-e production`).
 */
export function isProductionContext(command: ShellCommand): boolean {
  if (command.environment !== undefined) return PRODUCTION.test(command.environment)
  for (const name of ENVIRONMENT_VARIABLES) {
    const value = command.variables.get(name)
    if (value?.split(/[-_.]/).some((part) => PRODUCTION.test(part)) === true) return true
  }
  const words = command.args.map((word) => word.value)
  return words.some((word, index) => {
    const assignment = /^[A-Za-z_]+=(.*)$/.exec(word)
    if (assignment !== null) return PRODUCTION.test(assignment[1] ?? '')
    const previous = words[index - 1] ?? ''
    return /^(--env|--environment|-e|--stage|-s)$/.test(previous) && PRODUCTION.test(word)
  })
}

/** True when a command works on infrastructure code (`make -C infra`, cwd `…/terraform`). */
export function isInfrastructureContext(command: ShellCommand, directory?: string): boolean {
  const place = `${command.cwd}/${directory ?? ''}`
  return /(^|\/)(infra|infrastructure|terraform|tf|iac|ops|platform|deploy|deployment|cluster|k8s|environments?)(\/|$)/i.test(
    place,
  )
}
