/** The environment classes a target name can reveal, from most to least sensitive. */
export type InferredEnvironment = 'prod' | 'staging' | 'dev'

const PROD = /^(prod|production|prd|live)\d*$/
const STAGING = /^(staging|stage|stg|preprod|preproduction|uat)\d*$/
const DEV = /^(dev|devel|development|test|testing|sandbox|sbx|qa)\d*$/
// `non-prod`, `pre-prod`: the word before `prod` changes what it means.
const NEGATING = new Set(['non', 'not', 'no'])
const PRE = new Set(['pre'])

/** Splits a name into lowercase words: `ApiStack-prod_eu` gives `api`, `stack`, `prod`, `eu`. */
function splitName(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[-_./:\s@,=]+/)
    .filter((word) => word !== '')
}

function classifyWords(words: readonly string[]): InferredEnvironment[] {
  const found: InferredEnvironment[] = []
  words.forEach((word, index) => {
    const before = index > 0 ? (words[index - 1] ?? '') : ''
    if (PROD.test(word)) {
      if (NEGATING.has(before)) return
      found.push(PRE.has(before) ? 'staging' : 'prod')
    } else if (STAGING.test(word)) found.push('staging')
    else if (DEV.test(word)) found.push('dev')
  })
  return found
}

/**
 * Infers which environment a set of names (namespaces, stacks, profiles, directories) belongs
 * to. Matches whole words only, so `product` or `liveness` say nothing. When names disagree the
 * most sensitive class wins: a `prod` anywhere makes the whole target prod.
 */
export function inferEnvironment(names: readonly string[]): InferredEnvironment | undefined {
  const found = new Set(names.flatMap((name) => classifyWords(splitName(name))))
  if (found.has('prod')) return 'prod'
  if (found.has('staging')) return 'staging'
  if (found.has('dev')) return 'dev'
  return undefined
}
