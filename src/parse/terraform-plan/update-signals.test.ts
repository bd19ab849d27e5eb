import { describe, expect, it } from 'vitest'

import { findUpdateSignals } from './update-signals.js'

describe('findUpdateSignals', () => {
  it.each<[unknown, unknown, string[]]>([
    [
      { deletion_protection: true },
      { deletion_protection: false },
      ['turns off `deletion_protection`'],
    ],
    [
      { enable_termination_protection: true },
      { enable_termination_protection: false },
      ['turns off `enable_termination_protection`'],
    ],
    [
      { force_destroy: false },
      { force_destroy: true },
      ['sets `force_destroy`: a later delete also removes everything stored in it'],
    ],
    [
      { skip_final_snapshot: false },
      { skip_final_snapshot: true },
      ['sets `skip_final_snapshot`: a later delete keeps no final snapshot'],
    ],
    [
      { root_block_device: [{ delete_on_termination: false }] },
      { root_block_device: [{ delete_on_termination: true }] },
      ['sets `root_block_device[0].delete_on_termination`: the disk is deleted with its instance'],
    ],
    [
      { deletion_policy: 'ABANDON' },
      { deletion_policy: 'DELETE' },
      ['sets `deletion_policy` to `DELETE`: a later delete removes the real object'],
    ],
    [
      { allocated_storage: 200 },
      { allocated_storage: 100 },
      ['shrinks `allocated_storage` from 200 to 100'],
    ],
    [
      { message_retention_seconds: 1209600 },
      { message_retention_seconds: 3600 },
      ['shortens `message_retention_seconds` from 1209600 to 3600: older data is removed'],
    ],
    [
      { backup_retention_period: 7 },
      { backup_retention_period: 0 },
      ['sets `backup_retention_period` to 0: automated backups are turned off and removed'],
    ],
    [{ retention_in_days: 30 }, { retention_in_days: 0 }, []],
    [{ allocated_storage: 100 }, { allocated_storage: 200 }, []],
    [{ deletion_protection: false }, { deletion_protection: true }, []],
    [{ min_size: 4 }, { min_size: 2 }, []],
    [
      { force_destroy: '(sensitive)' },
      { force_destroy: true },
      ['sets `force_destroy`: a later delete also removes everything stored in it'],
    ],
    [null, { force_destroy: true }, []],
  ])('finds the signals in %j → %j', (before, after, signals) => {
    expect(findUpdateSignals(before, after)).toEqual(signals)
  })
})
