import { beforeAll, describe, expect, it } from 'vitest'

import type { Risk } from '../../../model/risk.js'
import { loadParsers } from '../../load-parsers.js'
import { analyzeShell } from '../shell-analyzer.js'

beforeAll(loadParsers)

function analyze(command: string) {
  return analyzeShell(command, { cwd: '/srv/ops' })
}

describe('ansible rules', () => {
  it.each<[string, string, Risk]>([
    ['reads when hosts are pinged', 'ansible webservers -i inventory/prod -m ping', 'safe'],
    [
      'reads when facts are gathered',
      'ansible all -m setup -a "filter=ansible_distribution*"',
      'safe',
    ],
    ['reads when an info module runs', 'ansible db -m ansible.builtin.service_facts', 'safe'],
    [
      'reads when the command module runs a read-only command',
      `ansible web -m command -a 'uptime'`,
      'safe',
    ],
    [
      'reads when the default module runs a read-only command',
      `ansible web -a 'df -h /data'`,
      'safe',
    ],
    [
      'reads when the shell module runs after chdir',
      `ansible web -m shell -a 'chdir=/srv/app ls -la'`,
      'safe',
    ],
    [
      'changes nothing in check mode',
      `ansible web -m shell -a 'systemctl restart nginx' --check`,
      'safe',
    ],
    ['lists hosts only', 'ansible all -i inventory/prod --list-hosts', 'safe'],
    [
      'mutates when a package module runs',
      `ansible web -m apt -a 'name=nginx state=latest' -b`,
      'mutating',
    ],
    [
      'mutates when a service is restarted',
      `ansible web -m service -a 'name=nginx state=restarted' --become`,
      'mutating',
    ],
    [
      'destroys when the file module removes a path',
      `ansible web -m file -a 'path=/srv/app/data state=absent'`,
      'destructive',
    ],
    [
      'destroys when the shell module removes a data directory',
      `ansible db -m shell -a 'rm -rf /srv/app/data'`,
      'destructive',
    ],
    [
      'deletes a database directory catastrophically through the shell module',
      `ansible db -i inventory/prod -m shell -a 'rm -rf /var/lib/postgresql' -b`,
      'catastrophic',
    ],
    [
      'mutates when a playbook runs',
      'ansible-playbook -i inventory/staging site.yml --limit web',
      'mutating',
    ],
    [
      'changes nothing when a playbook runs in check mode',
      'ansible-playbook -i inventory/prod site.yml --check --diff',
      'safe',
    ],
    [
      'changes nothing when a playbook is only syntax checked',
      'ansible-playbook site.yml --syntax-check',
      'safe',
    ],
  ])('%s', (_name, command, risk) => {
    expect(analyze(command).risk).toBe(risk)
  })

  it('is opaque when the script module runs a local script', () => {
    expect(analyze('ansible web -m script -a ./cleanup.sh').opaque).toBe(true)
  })

  it('names the inventory and its environment in the playbook reason', () => {
    const [effect] = analyze('ansible-playbook -i inventory/staging site.yml --limit web').effects
    expect(effect?.reason).toBe(
      '`ansible-playbook` runs `site.yml` against `inventory/staging` limited to `web` (staging)',
    )
  })
})
