import { join, resolve } from 'node:path'

import { ApiError } from '../../model/errors.js'
import { STARTING_CONFIG } from '../config/starting-config.js'
import { EXIT } from './cli-error.js'
import type { CliIo } from './cli-io.js'

/** What `airlock init` needs beyond CliIo: writing files. Optional so any CliIo still fits. */
export interface InitIo extends CliIo {
  /** Writes a UTF-8 text file, replacing it if it exists. */
  readonly writeFile?: (path: string, text: string) => Promise<void>
  /** Creates a directory and its parents; succeeds when it already exists. */
  readonly mkdir?: (path: string) => Promise<void>
  readonly exists?: (path: string) => Promise<boolean>
}

/** Options of `airlock init`. */
export interface InitOptions {
  readonly force?: boolean
  readonly dir?: string
}

const CONFIG_FILE = 'airlock.yaml'
const POLICIES_DIR = 'policies'
const README_FILE = 'README.md'

/**
 * `airlock init`: writes a commented starting `airlock.yaml` and a `policies/` directory with a
 * README, then prints the next steps. Refuses to replace an existing `airlock.yaml` unless forced.
 */
export async function runInit(options: InitOptions, io: InitIo): Promise<number> {
  const { writeFile, mkdir, exists } = io
  if (writeFile === undefined || mkdir === undefined || exists === undefined) {
    throw new Error('`airlock init` needs writeFile, mkdir and exists in its io')
  }
  const shown = options.dir ?? ''
  const dir = resolve(io.cwd, options.dir ?? '.')
  const configFile = join(dir, CONFIG_FILE)
  const readmeFile = join(dir, POLICIES_DIR, README_FILE)
  if (options.force !== true && (await exists(configFile))) {
    throw new ApiError(
      'usage_invalid',
      `\`${join(shown, CONFIG_FILE)}\` already exists: pass --force to overwrite it`,
    )
  }
  await mkdir(join(dir, POLICIES_DIR))
  await writeFile(configFile, STARTING_CONFIG.configYaml)
  const lines = [`wrote ${join(shown, CONFIG_FILE)}`]
  if (options.force !== true && (await exists(readmeFile))) {
    lines.push(`kept ${join(shown, POLICIES_DIR, README_FILE)}`)
  } else {
    await writeFile(readmeFile, STARTING_CONFIG.policiesReadme)
    lines.push(`wrote ${join(shown, POLICIES_DIR, README_FILE)}`)
  }
  io.stdout(
    [
      ...lines,
      '',
      'Next steps:',
      `  1. Add Cedar policies to ${join(shown, POLICIES_DIR)}/: copy examples/policies/*.cedar from the airlock package, or write your own.`,
      `  2. Give each human and agent a token and put its hash in tokenHash: printf %s "$TOKEN" | sha256sum`,
      `  3. Try a decision: airlock check --config ${join(shown, CONFIG_FILE)} --agent claude -- terraform destroy`,
      '',
    ].join('\n'),
  )
  return EXIT.ok
}
