/**
 * @module surfaces/hooks
 * Agent hooks: each adapter reads one agent's documented pre-tool payload into an Action and
 * renders the gateway's decision in that agent's protocol. Adapters decide nothing; what they
 * cannot read becomes a deny or an opaque action, never an allow. Imports model/ and pipeline/.
 */
import { z } from 'zod'

/** A payload read, or why it could not be: the reason becomes a deny in the agent's protocol. */
export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string }

/** A failed read with its reason. */
export function failed(message: string): { readonly ok: false; readonly message: string } {
  return { ok: false, message }
}

/** The JSON text an agent sent on its hook's standard input, as a value. */
export function readHookJson(text: string): Parsed<unknown> {
  if (text.trim() === '') return failed('the hook payload is empty: expected a JSON object')
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return failed(`the hook payload is not valid JSON: ${reason}`)
  }
}

/** Validates a value; the first issue names its field. */
export function readWith<T>(schema: z.ZodType<T>, value: unknown, what: string): Parsed<T> {
  const result = schema.safeParse(value)
  if (result.success) return { ok: true, value: result.data }
  const issue = result.error.issues[0]
  const field = issue?.path.map(String).join('.') ?? ''
  const message = (issue?.message ?? 'invalid').toLowerCase()
  return failed(field === '' ? `${what}: ${message}` : `${what}: field \`${field}\`: ${message}`)
}

/** Tool arguments as an object, including arguments an agent sends as a JSON string. */
export const TOOL_ARGUMENTS = z.record(z.string(), z.unknown())

/** Reads tool arguments sent either as an object or as a JSON string of one. */
export function readToolArguments(value: unknown, what: string): Parsed<Record<string, unknown>> {
  if (typeof value === 'string') {
    const json = readHookJson(value)
    if (!json.ok) return failed(`${what}: a JSON string that does not parse`)
    return readWith(TOOL_ARGUMENTS, json.value, what)
  }
  if (value === undefined || value === null) return { ok: true, value: {} }
  return readWith(TOOL_ARGUMENTS, value, what)
}

const TEXT = z.string().min(1)

/** A shell tool's input: the command line and, where the agent sends one, why. */
export const SHELL_INPUT = z.looseObject({
  command: z.union([TEXT, z.array(z.string()).min(1)]),
  description: z.string().optional(),
  summary: z.string().optional(),
  dir_path: z.string().optional(),
  cwd: z.string().optional(),
})

/** What a shell tool's input says. */
export type ShellInput = z.output<typeof SHELL_INPUT>

/** A tool input that names one file, under any of the names agents use for it. */
export const FILE_INPUT = z
  .looseObject({
    file_path: TEXT.optional(),
    notebook_path: TEXT.optional(),
    path: TEXT.optional(),
    filePath: TEXT.optional(),
    target_file: TEXT.optional(),
  })
  .refine(
    (input) =>
      [input.file_path, input.notebook_path, input.path, input.filePath, input.target_file].some(
        (path) => path !== undefined,
      ),
    { error: 'names no file: expected `file_path` or `path`' },
  )

/** The file a tool input names. */
export function filePathOf(input: z.output<typeof FILE_INPUT>): string {
  return (
    input.file_path ??
    input.notebook_path ??
    input.path ??
    input.filePath ??
    input.target_file ??
    ''
  )
}

/** Kiro's and Amazon Q's `use_aws` input: one AWS API operation. */
export const USE_AWS_INPUT = z.looseObject({
  service_name: TEXT,
  operation_name: TEXT,
  parameters: z.record(z.string(), z.unknown()).nullish(),
  region: TEXT,
  profile_name: z.string().nullish(),
  label: z.string().nullish(),
})

/** What a `use_aws` call asks for. */
export type UseAwsInput = z.output<typeof USE_AWS_INPUT>
