import { constants } from 'node:fs'
import { access, readFile } from 'node:fs/promises'

import { ApiError } from '../model/errors.js'
import type { SecretBinding } from '../model/gateway-config.js'
import type { SecretValue } from '../model/secret-mask.js'

/** Variables to inject into a process, and the values among them to mask wherever they show. */
export interface ResolvedSecrets {
  readonly variables: Readonly<Record<string, string>>
  /** Values read from the gateway's environment or files: masked in every output. */
  readonly secrets: readonly SecretValue[]
}

/** Nothing to inject. */
export const NO_SECRETS: ResolvedSecrets = { variables: {}, secrets: [] }

/**
 * Reads the values of an environment's credentials where the gateway keeps them: its own
 * environment variables and files only it can read. Errors name the configuration field
 * (`where`, e.g. `secrets.prod`) and the source, never a value.
 */
export async function resolveSecrets(
  bindings: readonly SecretBinding[],
  where: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<ResolvedSecrets> {
  const variables: Record<string, string> = {}
  const secrets: SecretValue[] = []
  for (const { variable, source } of bindings) {
    const field = `${where}.${variable}`
    switch (source.kind) {
      case 'value':
        variables[variable] = source.value
        break
      case 'env': {
        const value = env[source.name]
        if (value === undefined || value === '') {
          throw new ApiError(
            'input_invalid',
            `field \`${field}\`: environment variable \`${source.name}\` is not set in the gateway's environment`,
          )
        }
        variables[variable] = value
        secrets.push({ variable, value })
        break
      }
      case 'file': {
        let text: string
        try {
          text = await readFile(source.path, 'utf8')
        } catch (error) {
          throw new ApiError(
            'input_invalid',
            `field \`${field}\`: cannot read \`${source.path}\` (${errorCode(error)})`,
          )
        }
        // A trailing newline is how editors save a one-line file, not part of the secret.
        const value = text.replace(/\r?\n$/, '')
        variables[variable] = value
        secrets.push({ variable, value })
        break
      }
      case 'path':
        try {
          await access(source.path, constants.R_OK)
        } catch (error) {
          throw new ApiError(
            'input_invalid',
            `field \`${field}\`: cannot read \`${source.path}\` (${errorCode(error)})`,
          )
        }
        variables[variable] = source.path
        break
    }
  }
  return { variables, secrets }
}

function errorCode(error: unknown): string {
  if (error !== null && typeof error === 'object' && 'code' in error) return String(error.code)
  return error instanceof Error ? error.message : String(error)
}
