/** Checks and readers for untyped JSON values, shared by the JSON importers. */
export const json = {
  isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
    return typeof value === 'object' && value !== null && !Array.isArray(value)
  },
  /** A non-empty string field, else undefined. */
  string(record: Readonly<Record<string, unknown>>, key: string): string | undefined {
    const value = record[key]
    return typeof value === 'string' && value !== '' ? value : undefined
  },
  record(
    record: Readonly<Record<string, unknown>>,
    key: string,
  ): Readonly<Record<string, unknown>> | undefined {
    const value = record[key]
    return json.isRecord(value) ? value : undefined
  },
  /** `values.root_module.resources[3]` */
  formatPath(path: readonly (string | number)[]): string {
    return path
      .map((segment, index) =>
        typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
      )
      .join('')
  },
}
