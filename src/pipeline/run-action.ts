import { NO_SECRETS, type ResolvedSecrets, resolveSecrets } from '../execute/resolve-secrets.js'
import { type OutputStream, runCommand } from '../execute/run-command.js'
import type { Action, ShellAction } from '../model/action.js'
import { ApiError } from '../model/errors.js'
import { describeRedeemRefusal, type ExecutionGrant } from '../model/execution-grant.js'
import type { GatewayConfig } from '../model/gateway-config.js'
import type { Principal } from '../model/principal.js'
import { maskSecrets } from '../model/secret-mask.js'
import type { Gateway } from './gateway.js'

export type { OutputStream } from '../execute/run-command.js'

/** The process environment the gateway was started with: where its credentials live. */
export type ProcessEnv = Readonly<Record<string, string | undefined>>

/** Variables of the gateway's environment a command keeps: enough to find programs and a home. */
const BASE_VARIABLES = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'USER', 'LOGNAME', 'TMPDIR']

/** How a run ended, as the executor saw it. */
export interface RunOutcome {
  readonly actionId: string
  readonly exitCode?: number
  readonly signal?: string
  /** Why the command could not start; masked. */
  readonly error?: string
}

/** A run whose grant is redeemed and whose credentials are read; it only has to start. */
export interface PreparedRun {
  readonly grant: ExecutionGrant
  /** Runs the command, streaming its masked output, and records the outcome in the audit. */
  start(
    onOutput: (stream: OutputStream, text: string) => void,
    signal?: AbortSignal,
  ): Promise<RunOutcome>
}

/**
 * Reads the credentials of an environment where the gateway keeps them. Errors name the
 * configuration field and the missing source, never a value.
 */
export function credentialsFor(
  config: GatewayConfig,
  environment: string | undefined,
  env: ProcessEnv,
): Promise<ResolvedSecrets> {
  const bindings = environment === undefined ? undefined : config.secrets.get(environment)
  if (environment === undefined || bindings === undefined) return Promise.resolve(NO_SECRETS)
  return resolveSecrets(bindings, `secrets.${environment}`, env)
}

/** Reads every environment's credentials once, so that a missing one stops `serve` at start. */
export async function checkCredentials(config: GatewayConfig, env: ProcessEnv): Promise<void> {
  for (const environment of config.secrets.keys()) await credentialsFor(config, environment, env)
}

/**
 * Runs approved shell commands for `airlock exec`: only on a grant redeemed for the exact
 * action, with the environment's credentials injected into the command's process alone.
 */
export class ActionRunner {
  readonly #gateway: Gateway
  readonly #env: ProcessEnv

  constructor(gateway: Gateway, env: ProcessEnv) {
    this.#gateway = gateway
    this.#env = env
  }

  /**
   * Redeems the grant for the action and reads the credentials; throws ApiError when the
   * grant is not the agent's, spent, voided or for another action. The grant is spent even
   * when the credentials then cannot be read: that failure is recorded, and nothing runs.
   */
  async prepare(principal: Principal, grantId: string, action: Action): Promise<PreparedRun> {
    if (action.kind !== 'shell') {
      throw new ApiError(
        'input_invalid',
        `field \`action.kind\`: airlock runs shell commands only; got \`${action.kind}\``,
      )
    }
    const outcome = await this.#gateway.redeem(principal, grantId, action)
    if (outcome.kind === 'refused') {
      throw new ApiError('state_conflict', describeRedeemRefusal(grantId, outcome.reason), {
        data: { reason: outcome.reason },
      })
    }
    const { grant } = outcome
    let credentials: ResolvedSecrets
    try {
      credentials = await credentialsFor(this.#gateway.config, grant.environment, this.#env)
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error)
      await this.#gateway.recordExecution(principal, grant.actionId, {
        status: 'failed',
        detail: `not started: credentials unavailable: ${detail}`,
      })
      throw new ApiError('state_conflict', `the command was not started: ${detail}`)
    }
    return {
      grant,
      start: (onOutput, signal) =>
        this.#start(principal, grant, action, credentials, onOutput, signal),
    }
  }

  async #start(
    principal: Principal,
    grant: ExecutionGrant,
    action: ShellAction,
    credentials: ResolvedSecrets,
    onOutput: (stream: OutputStream, text: string) => void,
    signal?: AbortSignal,
  ): Promise<RunOutcome> {
    const base: Record<string, string> = {}
    for (const name of BASE_VARIABLES) {
      const value = this.#env[name]
      if (value !== undefined) base[name] = value
    }
    const result = await runCommand({
      command: action.command,
      cwd: action.cwd,
      env: { ...base, ...credentials.variables },
      secrets: credentials.secrets,
      onOutput,
      ...(signal === undefined ? {} : { signal }),
    })
    const error =
      result.error === undefined ? undefined : maskSecrets(result.error, credentials.secrets)
    const detail =
      error !== undefined
        ? `not started: ${error}`
        : result.signal !== undefined
          ? `ended by ${result.signal}`
          : undefined
    await this.#gateway.recordExecution(principal, grant.actionId, {
      status: result.exitCode === 0 ? 'succeeded' : 'failed',
      ...(result.exitCode === undefined ? {} : { exitCode: result.exitCode }),
      ...(detail === undefined ? {} : { detail }),
    })
    return {
      actionId: grant.actionId,
      ...(result.exitCode === undefined ? {} : { exitCode: result.exitCode }),
      ...(result.signal === undefined ? {} : { signal: result.signal }),
      ...(error === undefined ? {} : { error }),
    }
  }
}
