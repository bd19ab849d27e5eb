import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import type { GatewayStore } from '../../src/pipeline/gateway-store.js'
import { testBackends } from '../../src/storage/test-backends.js'
import { ACTIONS, type GatewayUnderTest, startGateway, writeTestConfig } from './gateway-harness.js'

const HOUR = 3_600_000

type Json = Record<string, unknown>

for (const backend of testBackends()) {
  describe(`the gateway API on ${backend.name}`, () => {
    let store: GatewayStore
    let gw: GatewayUnderTest

    beforeEach(async () => {
      store = await backend.open()
      gw = await startGateway(store)
    })

    afterEach(async () => {
      await store.close()
    })

    async function propose(action: Json, as: 'claude' | 'codex' | 'bob' = 'claude') {
      const response = await gw.call(as, 'POST', '/v1/actions', action)
      expect(response.status, JSON.stringify(response.body)).toBe(200)
      return response.body
    }

    async function auditKinds(): Promise<string[]> {
      const records: string[] = []
      for await (const record of gw.gateway.exportAudit()) records.push(record.kind)
      return records
    }

    async function openRequest(action: Json = ACTIONS.destructiveProd): Promise<string> {
      const proposal = await propose(action)
      expect(proposal.decision).toBe('approve')
      return (proposal.request as Json).id as string
    }

    describe('proposals', () => {
      it('allows a safe action and records it before answering', async () => {
        const proposal = await propose(ACTIONS.safe)
        expect(proposal).toMatchObject({ decision: 'allow', status: 'allowed', risk: 'safe' })
        expect(proposal.digest).toMatch(/^[0-9a-f]{64}$/)
        expect(await auditKinds()).toEqual(['action.proposed'])
        const status = await gw.call('claude', 'GET', `/v1/actions/${proposal.id as string}`)
        expect(status.body).toMatchObject({ id: proposal.id, status: 'allowed' })
      })

      it('opens a request bound to the digest when an action needs approval', async () => {
        const proposal = await propose(ACTIONS.destructiveProd)
        expect(proposal).toMatchObject({ decision: 'approve', approvals: 1, status: 'pending' })
        const request = proposal.request as Json
        expect(request).toMatchObject({ status: 'pending', digest: proposal.digest, needed: 1 })
        expect(await auditKinds()).toEqual(['action.proposed', 'approval.opened'])
      })

      it("shows the action, the agent's rationale and the analysis on the request", async () => {
        const id = await openRequest()
        const { body } = await gw.call('bob', 'GET', `/v1/requests/${id}`)
        expect(body.action).toMatchObject({
          kind: 'shell',
          command: ACTIONS.destructiveProd.command,
        })
        expect(body.rationale).toBe('clear a stale cache')
        expect(body.analysis).toMatchObject({ risk: 'destructive', opaque: false })
        expect((body.analysis as Json).effects).not.toHaveLength(0)
      })

      it('answers a retry of a pending action with the same request', async () => {
        const first = await openRequest()
        const retry = await propose(ACTIONS.destructiveProd)
        expect((retry.request as Json).id).toBe(first)
        const { body } = await gw.call('bob', 'GET', '/v1/requests')
        expect(body.requests).toHaveLength(1)
      })

      it('hides one agent’s actions from another agent', async () => {
        const proposal = await propose(ACTIONS.safe)
        const other = await gw.call('codex', 'GET', `/v1/actions/${proposal.id as string}`)
        expect(other.status).toBe(404)
      })
    })

    describe('four-eyes approvals', () => {
      it('never lets the operator alone satisfy a request that needs a non-operator', async () => {
        const id = await openRequest()
        const byOperator = await gw.call('alice', 'POST', `/v1/requests/${id}/approve`, {})
        expect(byOperator.status).toBe(200)
        expect(byOperator.body.grant).toBeUndefined()
        expect((byOperator.body.request as Json).status).toBe('pending')
        const byBob = await gw.call('bob', 'POST', `/v1/requests/${id}/approve`, {})
        expect((byBob.body.request as Json).status).toBe('approved')
        expect(byBob.body.grant).toMatchObject({ requestId: id })
      })

      it('needs two distinct humans for a catastrophic action, one not the operator', async () => {
        const id = await openRequest(ACTIONS.catastrophicProd)
        const first = await gw.call('bob', 'POST', `/v1/requests/${id}/approve`, {})
        expect(first.body.grant).toBeUndefined()
        const second = await gw.call('alice', 'POST', `/v1/requests/${id}/approve`, {})
        expect((second.body.request as Json).status).toBe('approved')
        expect(second.body.grant).toBeDefined()
      })

      it('refuses a second vote by the same human', async () => {
        const id = await openRequest(ACTIONS.catastrophicProd)
        await gw.call('bob', 'POST', `/v1/requests/${id}/approve`, {})
        const again = await gw.call('bob', 'POST', `/v1/requests/${id}/approve`, {})
        expect(again.status).toBe(409)
      })

      it('refuses a human without the approver role', async () => {
        const id = await openRequest()
        const response = await gw.call('dave', 'POST', `/v1/requests/${id}/approve`, {})
        expect(response.status).toBe(403)
      })

      it('never lets the requester approve their own request', async () => {
        const proposal = await propose({ ...ACTIONS.catastrophicProd, agent: 'claude' }, 'bob')
        const id = (proposal.request as Json).id as string
        const response = await gw.call('bob', 'POST', `/v1/requests/${id}/approve`, {})
        expect(response.status).toBe(403)
        expect(JSON.stringify(response.body)).toContain('requester')
        await gw.call('alice', 'POST', `/v1/requests/${id}/approve`, {})
        const second = await gw.call('carol', 'POST', `/v1/requests/${id}/approve`, {})
        expect((second.body.request as Json).status).toBe('approved')
      })

      it('refuses agent tokens on every human endpoint', async () => {
        const id = await openRequest()
        const calls: [string, string, unknown][] = [
          ['GET', '/v1/requests', undefined],
          ['GET', `/v1/requests/${id}`, undefined],
          ['POST', `/v1/requests/${id}/approve`, {}],
          ['POST', `/v1/requests/${id}/deny`, {}],
          ['GET', '/v1/freezes', undefined],
          ['POST', '/v1/freezes', { reason: 'x' }],
          ['POST', '/v1/freezes/lift', { reason: 'x' }],
          ['GET', '/v1/audit/verify', undefined],
          ['GET', '/v1/audit/export', undefined],
        ]
        for (const [method, path, body] of calls) {
          const response = await gw.call('claude', method, path, body)
          expect(response.status, `${method} ${path}`).toBe(403)
        }
        const request = await gw.gateway.getRequest(id)
        expect(request.votes).toHaveLength(0)
      })

      it('ends a request on any deny', async () => {
        const id = await openRequest(ACTIONS.catastrophicProd)
        await gw.call('bob', 'POST', `/v1/requests/${id}/approve`, {})
        const denied = await gw.call('carol', 'POST', `/v1/requests/${id}/deny`, {
          comment: 'not during business hours',
        })
        expect((denied.body.request as Json).status).toBe('denied')
        const late = await gw.call('alice', 'POST', `/v1/requests/${id}/approve`, {})
        expect(late.status).toBe(409)
      })

      it('expires a request after an hour by default', async () => {
        const id = await openRequest()
        gw.clock.advance(HOUR + 1)
        const late = await gw.call('bob', 'POST', `/v1/requests/${id}/approve`, {})
        expect(late.status).toBe(409)
        expect((await gw.gateway.getRequest(id)).status).toBe('expired')
        expect(await auditKinds()).toContain('approval.expired')
      })
    })

    describe('execution grants', () => {
      async function approvedGrant(): Promise<{ grantId: string; actionId: string }> {
        const proposal = await propose(ACTIONS.destructiveProd)
        const id = (proposal.request as Json).id as string
        const approved = await gw.call('bob', 'POST', `/v1/requests/${id}/approve`, {})
        return {
          grantId: (approved.body.grant as Json).id as string,
          actionId: proposal.id as string,
        }
      }

      it('redeems a grant once for the action it was issued for', async () => {
        const { grantId } = await approvedGrant()
        const first = await gw.call('claude', 'POST', `/v1/grants/${grantId}/redeem`, {
          action: ACTIONS.destructiveProd,
        })
        expect(first.status).toBe(200)
        const second = await gw.call('claude', 'POST', `/v1/grants/${grantId}/redeem`, {
          action: ACTIONS.destructiveProd,
        })
        expect(second.status).toBe(409)
        expect((second.body.error as Json).data).toEqual({ reason: 'already_redeemed' })
      })

      it('refuses to redeem a grant for a different action', async () => {
        const { grantId } = await approvedGrant()
        const other = await gw.call('claude', 'POST', `/v1/grants/${grantId}/redeem`, {
          action: { ...ACTIONS.destructiveProd, command: 'rm -rf /srv/prod/app' },
        })
        expect(other.status).toBe(409)
        expect((other.body.error as Json).data).toEqual({ reason: 'digest_mismatch' })
        const right = await gw.call('claude', 'POST', `/v1/grants/${grantId}/redeem`, {
          action: ACTIONS.destructiveProd,
        })
        expect(right.status).toBe(200)
      })

      it("refuses another agent's redemption as if the grant did not exist", async () => {
        const { grantId } = await approvedGrant()
        const response = await gw.call('codex', 'POST', `/v1/grants/${grantId}/redeem`, {
          action: ACTIONS.destructiveProd,
        })
        expect(response.status).toBe(404)
      })

      it('allows the approved action exactly once when the agent proposes it again', async () => {
        await approvedGrant()
        const retry = await propose(ACTIONS.destructiveProd)
        expect(retry).toMatchObject({ decision: 'allow' })
        expect(retry.grant).toBeDefined()
        const again = await propose(ACTIONS.destructiveProd)
        expect(again.decision).toBe('approve')
      })

      it('records the execution outcome of an approved action', async () => {
        await approvedGrant()
        const retry = await propose(ACTIONS.destructiveProd)
        const outcome = await gw.call(
          'claude',
          'POST',
          `/v1/actions/${retry.id as string}/outcome`,
          { status: 'succeeded', exitCode: 0 },
        )
        expect(outcome.body).toMatchObject({ status: 'executed' })
        expect(await auditKinds()).toContain('action.executed')
      })
    })

    describe('the kill switch', () => {
      it('denies the very next non-safe action in a frozen environment, and only there', async () => {
        const frozen = await gw.call('bob', 'POST', '/v1/freezes', {
          scope: { environment: 'prod' },
          reason: 'incident 4711',
        })
        expect(frozen.status).toBe(201)
        expect((await propose(ACTIONS.mutatingProd)).decision).toBe('deny')
        expect((await propose(ACTIONS.mutatingDev)).decision).toBe('allow')
        expect((await propose(ACTIONS.safe)).decision).toBe('allow')
      })

      it('freezes one agent without stopping another', async () => {
        await gw.call('bob', 'POST', '/v1/freezes', { scope: { agent: 'claude' }, reason: 'loop' })
        expect((await propose(ACTIONS.mutatingDev)).decision).toBe('deny')
        expect((await propose(ACTIONS.mutatingDev, 'codex')).decision).toBe('allow')
      })

      it('voids grants not yet redeemed', async () => {
        const id = await openRequest()
        const approved = await gw.call('bob', 'POST', `/v1/requests/${id}/approve`, {})
        const grantId = (approved.body.grant as Json).id as string
        await gw.call('bob', 'POST', '/v1/freezes', { reason: 'stop everything' })
        const redeem = await gw.call('claude', 'POST', `/v1/grants/${grantId}/redeem`, {
          action: ACTIONS.destructiveProd,
        })
        expect(redeem.status).toBe(409)
        expect((redeem.body.error as Json).data).toEqual({ reason: 'voided' })
      })

      it('needs the breakglass role to lift a freeze, and audits the lifting', async () => {
        await gw.call('bob', 'POST', '/v1/freezes', { reason: 'stop' })
        const byBob = await gw.call('bob', 'POST', '/v1/freezes/lift', { reason: 'done' })
        expect(byBob.status).toBe(403)
        const byCarol = await gw.call('carol', 'POST', '/v1/freezes/lift', { reason: 'done' })
        expect(byCarol.status).toBe(200)
        expect((await propose(ACTIONS.mutatingDev)).decision).toBe('allow')
        expect(await auditKinds()).toEqual(expect.arrayContaining(['freeze.set', 'freeze.lifted']))
      })

      it('refuses approvals while the action is frozen', async () => {
        const id = await openRequest()
        await gw.call('bob', 'POST', '/v1/freezes', { scope: { environment: 'prod' }, reason: 'x' })
        const response = await gw.call('bob', 'POST', `/v1/requests/${id}/approve`, {})
        expect(response.status).toBe(409)
      })
    })

    describe('velocity', () => {
      it('denies the action over the budget, freezes the agent and notifies', async () => {
        for (let i = 0; i < 3; i++) {
          const proposal = await propose({
            ...ACTIONS.destructiveProd,
            command: `rm -rf /srv/prod/app/cache${String(i)}`,
          })
          expect(proposal.decision).toBe('approve')
        }
        const fourth = await propose({ ...ACTIONS.destructiveProd, command: 'rm -rf /srv/prod/x' })
        expect(fourth.decision).toBe('deny')
        expect(gw.events.map((event) => event.kind)).toContain('velocity.breached')
        const freezes = await gw.call('bob', 'GET', '/v1/freezes')
        expect(freezes.body.freezes).toEqual([
          expect.objectContaining({ scope: 'agent:claude', by: 'airlock' }),
        ])
        expect((await propose(ACTIONS.mutatingDev)).decision).toBe('deny')
        expect((await propose(ACTIONS.mutatingDev, 'codex')).decision).toBe('allow')
      })

      it('forgets proposals once they leave the window', async () => {
        for (let i = 0; i < 3; i++) {
          await propose({ ...ACTIONS.destructiveProd, command: `rm -rf /srv/prod/c${String(i)}` })
        }
        gw.clock.advance(HOUR + 1)
        const next = await propose({ ...ACTIONS.destructiveProd, command: 'rm -rf /srv/prod/d' })
        expect(next.decision).toBe('approve')
      })
    })

    describe('the audit', () => {
      it('verifies an untouched chain and exports it as JSON lines', async () => {
        const id = await openRequest()
        await gw.call('bob', 'POST', `/v1/requests/${id}/approve`, { comment: 'ok' })
        const verify = await gw.call('bob', 'GET', '/v1/audit/verify')
        expect(verify.body).toMatchObject({ ok: true, records: 5 })
        const response = await gw.app.request('/v1/audit/export?format=jsonl', {
          headers: { authorization: 'Bearer token-bob-approver' },
        })
        const lines = (await response.text()).trim().split('\n')
        expect(lines).toHaveLength(5)
        expect(lines.map((line) => (JSON.parse(line) as Json).kind)).toEqual([
          'action.proposed',
          'approval.opened',
          'approval.voted',
          'approval.approved',
          'grant.issued',
        ])
      })

      it('keeps secrets out of the records', async () => {
        await propose({
          kind: 'shell',
          command: "PGPASSWORD=hunter2-very-secret psql -h db.prod.internal -c 'drop table users'",
          cwd: '/srv/prod/app',
        })
        const response = await gw.app.request('/v1/audit/export', {
          headers: { authorization: 'Bearer token-bob-approver' },
        })
        const text = await response.text()
        expect(text).toContain('psql')
        expect(text).not.toContain('hunter2-very-secret')
      })
    })

    describe('bad requests', () => {
      async function auditCount(): Promise<number> {
        return (await auditKinds()).length
      }

      it.each([
        ['malformed JSON', '{"kind": "shell", ', 400, 'not valid JSON'],
        ['an unknown field', { ...ACTIONS.safe, sudo: true }, 400, 'sudo'],
        ['an unknown kind', { kind: 'telnet' }, 400, 'kind'],
        ['a missing field', { kind: 'shell' }, 400, 'command'],
      ])('refuses %s with a clear 4xx and records nothing', async (_name, body, status, words) => {
        const before = await auditCount()
        const response = await gw.call('claude', 'POST', '/v1/actions', body)
        expect(response.status).toBe(status)
        expect(JSON.stringify(response.body)).toContain(words)
        expect(await auditCount()).toBe(before)
      })

      it('refuses an oversized body with 413', async () => {
        const response = await gw.call('claude', 'POST', '/v1/actions', {
          ...ACTIONS.safe,
          command: `echo ${'x'.repeat(9 * 1024 * 1024)}`,
        })
        expect(response.status).toBe(413)
        expect(await auditCount()).toBe(0)
      })

      it('refuses a missing or unknown token with 401', async () => {
        expect((await gw.call(undefined, 'POST', '/v1/actions', ACTIONS.safe)).status).toBe(401)
        const response = await gw.app.request('/v1/actions', {
          method: 'POST',
          headers: { authorization: 'Bearer not-a-token' },
          body: JSON.stringify(ACTIONS.safe),
        })
        expect(response.status).toBe(401)
        expect(await auditCount()).toBe(0)
      })

      it('refuses a human token on agent endpoints', async () => {
        const response = await gw.call('bob', 'POST', '/v1/grants/grt_1/redeem', {
          action: ACTIONS.safe,
        })
        expect(response.status).toBe(403)
      })

      it('refuses an agent proposing in the name of another agent', async () => {
        const response = await gw.call('claude', 'POST', '/v1/actions', {
          ...ACTIONS.safe,
          agent: 'codex',
        })
        expect(response.status).toBe(400)
        expect(await auditCount()).toBe(0)
      })
    })

    it('answers 503 and allows nothing when the database is gone', async () => {
      await store.close()
      const response = await gw.call('claude', 'POST', '/v1/actions', ACTIONS.safe)
      expect(response.status).toBe(503)
      expect(response.body.decision).toBeUndefined()
      expect((response.body.error as Json).code).toBe('store_unavailable')
      store = await backend.open()
    })

    it('serves an OpenAPI document that lists every route', async () => {
      const { body } = await gw.call(undefined, 'GET', '/openapi.json')
      const documented = Object.keys(body.paths as Json)
      const routes = new Set(
        gw.app.routes
          .filter((route) => route.method !== 'ALL')
          .map((route) => route.path.replace(/:(\w+)/g, '{$1}')),
      )
      expect([...routes].sort()).toEqual([...documented].sort())
    })
  })
}

describe('the gateway after a restart', () => {
  it('keeps freezes, requests and the audit chain in its SQLite file', async () => {
    const { openSqliteStore } = await import('../../src/storage/sqlite/open-sqlite-store.js')
    const configFile = writeTestConfig()
    const file = `${configFile}.db`
    let store = await openSqliteStore({ file })
    let gw = await startGateway(store, { configFile, run: 'first' })
    await gw.call('bob', 'POST', '/v1/freezes', { scope: { environment: 'prod' }, reason: 'x' })
    const proposal = await gw.call('claude', 'POST', '/v1/actions', ACTIONS.destructiveProd)
    expect(proposal.body.decision).toBe('deny')
    await store.close()

    store = await openSqliteStore({ file })
    gw = await startGateway(store, { configFile, run: 'second' })
    const again = await gw.call('claude', 'POST', '/v1/actions', ACTIONS.mutatingProd)
    expect(again.body.decision).toBe('deny')
    const verify = await gw.call('bob', 'GET', '/v1/audit/verify')
    expect(verify.body).toMatchObject({ ok: true, records: 3 })
    await store.close()
  })
})
