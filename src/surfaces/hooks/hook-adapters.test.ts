import { describe, expect, it } from 'vitest'

import type { ProposalOutcome } from '../../pipeline/gateway.js'
import { awsCommandOf, changesOfPatch } from './hook-actions.js'
import type { HookAgent } from './hook-adapter.js'
import { verdictOf } from './hook-adapter.js'
import { HOOK_ADAPTERS } from './hook-adapters.js'

function actionOf(agent: HookAgent, payload: unknown): unknown {
  const parsed = HOOK_ADAPTERS[agent].parse(JSON.stringify(payload))
  if (!parsed.ok) throw new Error(parsed.message)
  return parsed.value.action
}

const CLAUDE = { session_id: 's', cwd: '/srv/dev/app', hook_event_name: 'PreToolUse' }

describe('hook adapters', () => {
  it('reads a PowerShell command like a Bash one', () => {
    expect(
      actionOf('claude-code', {
        ...CLAUDE,
        tool_name: 'PowerShell',
        tool_input: { command: 'Remove-Item -Recurse C:\\app' },
      }),
    ).toMatchObject({ kind: 'shell', command: 'Remove-Item -Recurse C:\\app', cwd: '/srv/dev/app' })
  })

  it('turns a tool it has no adapter for into a command no analyser knows, arguments included', () => {
    expect(
      actionOf('claude-code', {
        ...CLAUDE,
        tool_name: 'WebFetch',
        tool_input: { url: 'https://x.example', prompt: "it's" },
      }),
    ).toMatchObject({
      kind: 'shell',
      command: `claude-code:WebFetch '{"prompt":"it'\\''s","url":"https://x.example"}'`,
    })
  })

  it('quotes a written path the shell would split', () => {
    expect(
      actionOf('claude-code', {
        ...CLAUDE,
        tool_name: 'NotebookEdit',
        tool_input: { notebook_path: '/srv/prod/my notes.ipynb', new_source: 'x' },
      }),
    ).toMatchObject({
      command: expect.stringMatching(/^tee -- '\/srv\/prod\/my notes\.ipynb' >/) as unknown,
    })
  })

  it('reads the files a Codex patch adds, moves and deletes', () => {
    expect(
      changesOfPatch(
        '*** Begin Patch\n*** Add File: a.ts\n+x\n*** Update File: b.ts\n*** Move to: c.ts\n@@\n-y\n+z\n*** Delete File: d.ts\n*** End Patch',
      ),
    ).toEqual([
      { op: 'write', path: 'a.ts' },
      { op: 'move', from: 'b.ts', to: 'c.ts' },
      { op: 'delete', path: 'd.ts' },
    ])
  })

  it('builds the aws command line use_aws runs, parameters in kebab case and name order', () => {
    expect(
      awsCommandOf({
        service_name: 's3api',
        operation_name: 'delete-bucket',
        region: 'eu-west-1',
        parameters: { ExpectedBucketOwner: '123', Bucket: 'prod-logs', DryRun: '' },
      }).join(' '),
    ).toBe(
      'aws --region eu-west-1 s3api delete-bucket --bucket prod-logs --dry-run --expected-bucket-owner 123',
    )
  })

  it.each([
    [{ tool_name: 'mcp__prod_db__query' }, { server: 'prod_db', tool: 'query' }],
    [{ tool_name: 'mcp_github_list_issues' }, { server: 'github', tool: 'list_issues' }],
    [
      { tool_name: 'mcp_prod_db_query', mcp_context: { server_name: 'prod_db' } },
      { server: 'prod_db', tool: 'query' },
    ],
  ])('splits the Gemini CLI MCP tool name %j', (name, expected) => {
    expect(
      actionOf('gemini-cli', {
        cwd: '/srv/dev',
        hook_event_name: 'BeforeTool',
        tool_input: { sql: 'select 1' },
        ...name,
      }),
    ).toMatchObject({ kind: 'mcp', ...expected })
  })

  it('reads Cursor MCP calls named MCP:server:tool with arguments as a JSON string', () => {
    expect(
      actionOf('cursor', {
        hook_event_name: 'preToolUse',
        workspace_roots: ['/srv/dev'],
        tool_name: 'MCP:linear:delete_issue',
        tool_input: '{"id":"ENG-1"}',
      }),
    ).toMatchObject({
      kind: 'mcp',
      server: 'linear',
      tool: 'delete_issue',
      arguments: { id: 'ENG-1' },
    })
  })

  it('refuses an event it does not answer rather than letting the tool run', () => {
    const parsed = HOOK_ADAPTERS['claude-code'].parse(
      JSON.stringify({
        ...CLAUDE,
        hook_event_name: 'PostToolUse',
        tool_name: 'Bash',
        tool_input: {},
      }),
    )
    expect(parsed).toMatchObject({
      ok: false,
      message: expect.stringContaining('PostToolUse') as unknown,
    })
  })
})

describe('verdictOf', () => {
  const outcome = (decision: object, request?: object): ProposalOutcome =>
    ({ proposal: { decision }, ...(request === undefined ? {} : { request }) }) as ProposalOutcome
  const settings = { onApproval: 'deny' as const, publicUrl: 'https://airlock.example.com/' }

  it('gives the reasons and the safer alternative of a deny', () => {
    expect(
      verdictOf(
        outcome({
          decision: 'deny',
          approvals: 0,
          reasons: ['a freeze covers prod', '`rm -r` deletes `/srv/prod/data`'],
          alternative: 'move it aside',
        }),
        settings,
        true,
      ),
    ).toEqual({
      kind: 'deny',
      message:
        'airlock denied this action: a freeze covers prod; `rm -r` deletes `/srv/prod/data`; safer alternative: move it aside',
    })
  })

  it('asks only when configured to and the agent can', () => {
    const approve = outcome(
      { decision: 'approve', approvals: 2, reasons: ['catastrophic'] },
      { id: 'req_7', needed: 2 },
    )
    const denied = verdictOf(approve, settings, true)
    expect(denied).toEqual({
      kind: 'deny',
      message:
        'airlock request req_7 needs 2 approvals: https://airlock.example.com/requests/req_7; retry the same action after approval (catastrophic)',
    })
    expect(verdictOf(approve, { ...settings, onApproval: 'ask' }, true).kind).toBe('ask')
    expect(verdictOf(approve, { ...settings, onApproval: 'ask' }, false).kind).toBe('deny')
  })
})
