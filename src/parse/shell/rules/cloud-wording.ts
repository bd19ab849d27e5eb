/** Names in backticks for a reason, cut after `max`: `` `a`, `b` and 3 more ``. */
export function quoteNames(names: readonly string[], max = 3): string {
  const shown = names
    .slice(0, max)
    .map((name) => `\`${name}\``)
    .join(', ')
  return names.length > max ? `${shown} and ${names.length - max} more` : shown
}

const IRREGULAR: Readonly<Record<string, string>> = {
  login: 'logs in',
  logout: 'logs out',
  opt: 'opts in or out of',
}

/** The present-tense third person of a CLI verb: `delete` gives `deletes`, `apply` `applies`. */
export function thirdPerson(verb: string): string {
  const irregular = IRREGULAR[verb]
  if (irregular !== undefined) return irregular
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ies`
  if (/(s|sh|ch|x|z)$/.test(verb)) return `${verb}es`
  return `${verb}s`
}

// Service names that end in `s` but are not plurals.
const ACRONYMS = new Set([
  'aks',
  'dns',
  'eks',
  'kms',
  'sns',
  'sqs',
  'ecs',
  'rds',
  'efs',
  'ses',
  'ams',
  'iops',
])

/** The singular of a resource noun as CLIs spell them: `instances`, `policies`, `addresses`. */
export function singularNoun(noun: string): string {
  if (ACRONYMS.has(noun)) return noun
  if (noun.endsWith('ies')) return `${noun.slice(0, -3)}y`
  if (/(ss|x|ch|sh)es$/.test(noun)) return noun.slice(0, -2)
  if (noun.endsWith('s') && !/(ss|us|is)$/.test(noun)) return noun.slice(0, -1)
  return noun
}

/**
 * What a command does to its named targets, for a reason: `terminates 2 instances \`a\`, \`b\``,
 * `deletes table \`sessions\``, `deletes table`.
 */
export function describeAct(verbs: string, noun: string, names: readonly string[]): string {
  const list = names.length === 0 ? '' : ` ${quoteNames(names)}`
  if (noun === '') return `${verbs}${list}`
  if (names.length >= 2 && noun.endsWith('s')) return `${verbs} ${names.length} ${noun}${list}`
  return `${verbs} ${names.length === 1 ? singularNoun(noun) : noun}${list}`
}
