import { describe, expect, it } from 'vitest'

import { moduleInstancesOf } from './terraform-address.js'

describe('moduleInstancesOf', () => {
  it.each<[string, string[]]>([
    ['aws_s3_bucket.logs', []],
    ['module.db.aws_db_instance.main', ['module.db']],
    ['module.app["blue"].aws_s3_bucket.x', ['module.app["blue"]']],
    ['module.app[0].module.db.aws_db_instance.main', ['module.app[0]', 'module.app[0].module.db']],
    ['module.gh["a.b]c"].github_branch.main', ['module.gh["a.b]c"]']],
    ['module.gh["say \\"hi\\""].x.y', ['module.gh["say \\"hi\\""]']],
    ['module.data.data.aws_ami.ubuntu', ['module.data']],
    ['module.broken["open.aws_s3_bucket.x', []],
  ])('finds the module instances of `%s`', (address, prefixes) => {
    expect(moduleInstancesOf(address)).toEqual(prefixes)
  })
})
