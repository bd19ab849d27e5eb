import { describe, expect, it } from 'vitest'

import { maskSecrets, maskSecretsDeep, SecretMasker } from './secret-mask.js'

const SECRETS = [
  { variable: 'PGPASSWORD', value: 'hunter2-very-secret' },
  { variable: 'AWS_SECRET_ACCESS_KEY', value: 'wJalrXUtnFEMI/K7MDENG' },
  { variable: 'SHORT', value: 'on' },
]

describe('maskSecrets', () => {
  it('replaces every occurrence with the variable name and leaves short values alone', () => {
    expect(maskSecrets('pw=hunter2-very-secret; again hunter2-very-secret; on', SECRETS)).toBe(
      'pw=[secret PGPASSWORD]; again [secret PGPASSWORD]; on',
    )
  })

  it('masks strings anywhere in a JSON-like value', () => {
    expect(
      maskSecretsDeep(
        { content: [{ type: 'text', text: 'key wJalrXUtnFEMI/K7MDENG' }], n: 1 },
        SECRETS,
      ),
    ).toEqual({ content: [{ type: 'text', text: 'key [secret AWS_SECRET_ACCESS_KEY]' }], n: 1 })
  })
})

describe('SecretMasker', () => {
  it('masks a secret split across chunks and never shows a part of it', () => {
    const masker = new SecretMasker(SECRETS)
    const shown: string[] = []
    for (const chunk of ['password: hun', 'ter2-very', '-secret\nbye ', 'hunt']) {
      shown.push(masker.push(chunk))
    }
    shown.push(masker.flush())
    expect(shown.join('')).toBe('password: [secret PGPASSWORD]\nbye hunt')
    expect(shown.slice(0, 2).join('')).not.toContain('hun')
  })

  it('passes text through at once when nothing could be a secret', () => {
    const masker = new SecretMasker(SECRETS)
    expect(masker.push('plain output\n')).toBe('plain output\n')
    expect(masker.flush()).toBe('')
  })
})
