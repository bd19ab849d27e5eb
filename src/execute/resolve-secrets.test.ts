import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { resolveSecrets } from './resolve-secrets.js'

const dir = mkdtempSync(join(tmpdir(), 'airlock-secrets-'))
writeFileSync(join(dir, 'pgpassword'), 'file-secret-value\n')
writeFileSync(join(dir, 'kubeconfig'), 'apiVersion: v1\n')

describe('resolveSecrets', () => {
  it('reads values from the environment and files, passes paths and plain values', async () => {
    const resolved = await resolveSecrets(
      [
        { variable: 'AWS_PROFILE', source: { kind: 'value', value: 'prod' } },
        { variable: 'AWS_SECRET_ACCESS_KEY', source: { kind: 'env', name: 'GW_AWS' } },
        { variable: 'PGPASSWORD', source: { kind: 'file', path: join(dir, 'pgpassword') } },
        { variable: 'KUBECONFIG', source: { kind: 'path', path: join(dir, 'kubeconfig') } },
      ],
      'secrets.prod',
      { GW_AWS: 'env-secret-value' },
    )
    expect(resolved.variables).toEqual({
      AWS_PROFILE: 'prod',
      AWS_SECRET_ACCESS_KEY: 'env-secret-value',
      PGPASSWORD: 'file-secret-value',
      KUBECONFIG: join(dir, 'kubeconfig'),
    })
    expect(resolved.secrets).toEqual([
      { variable: 'AWS_SECRET_ACCESS_KEY', value: 'env-secret-value' },
      { variable: 'PGPASSWORD', value: 'file-secret-value' },
    ])
  })

  it('names the field and the source of a missing secret', async () => {
    await expect(
      resolveSecrets(
        [{ variable: 'X', source: { kind: 'env', name: 'NOPE' } }],
        'secrets.prod',
        {},
      ),
    ).rejects.toThrow('field `secrets.prod.X`: environment variable `NOPE` is not set')
    await expect(
      resolveSecrets(
        [{ variable: 'Y', source: { kind: 'file', path: join(dir, 'missing') } }],
        'secrets.prod',
        {},
      ),
    ).rejects.toThrow(/field `secrets.prod.Y`: cannot read `.*missing` \(ENOENT\)/)
  })
})
