import { describe, expect, it } from 'vitest'

import type { ApprovalRequest, ApprovalVote } from '../model/approval-request.js'
import { checkVoter, countApprovals } from './four-eyes-rule.js'

function request(votes: readonly ApprovalVote[] = [], requester = 'agent:claude'): ApprovalRequest {
  return {
    id: 'req_1',
    actionId: 'act_1',
    digest: 'd'.repeat(64),
    agent: 'claude',
    operator: 'alice',
    requester,
    risk: 'catastrophic',
    needed: 2,
    reasons: [],
    status: 'pending',
    createdAt: 0,
    expiresAt: 3_600_000,
    votes,
  }
}

const approve = (human: string): ApprovalVote => ({ human, verdict: 'approve', at: 1 })

describe('checkVoter', () => {
  it('refuses a human without the approver role', () => {
    expect(checkVoter(request(), { id: 'dave', roles: ['admin'] })).toBe('not_approver')
  })

  it('refuses the human who proposed the action', () => {
    expect(checkVoter(request([], 'human:bob'), { id: 'bob', roles: ['approver'] })).toBe(
      'requester',
    )
  })

  it('refuses a second vote by the same human', () => {
    expect(checkVoter(request([approve('bob')]), { id: 'bob', roles: ['approver'] })).toBe(
      'already_voted',
    )
  })

  it('accepts an approver who has not voted and did not propose', () => {
    expect(checkVoter(request([approve('bob')]), { id: 'carol', roles: ['approver'] })).toBe(
      undefined,
    )
  })
})

describe('countApprovals', () => {
  it('does not count the operator as a non-operator approval', () => {
    expect(countApprovals(request([approve('alice')]))).toEqual({
      count: 1,
      distinctHumans: 1,
      nonOperator: 0,
    })
  })

  it('counts distinct humans once each and ignores denials', () => {
    const votes: ApprovalVote[] = [
      approve('alice'),
      approve('bob'),
      { human: 'carol', verdict: 'deny', at: 2 },
    ]
    expect(countApprovals(request(votes))).toEqual({ count: 2, distinctHumans: 2, nonOperator: 1 })
  })
})
