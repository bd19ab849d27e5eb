import type { ApprovalRequest } from '../model/approval-request.js'
import type { Freeze } from '../model/freeze.js'
import type { Risk } from '../model/risk.js'

/** What the gateway tells notifiers and live views about, after the change is recorded. */
export type GatewayEvent =
  | { readonly kind: 'request.opened'; readonly request: ApprovalRequest }
  | { readonly kind: 'request.closed'; readonly request: ApprovalRequest }
  | { readonly kind: 'freeze.set'; readonly freeze: Freeze }
  | { readonly kind: 'freeze.lifted'; readonly freeze: Freeze }
  | {
      readonly kind: 'velocity.breached'
      readonly agent: string
      readonly risk: Risk
      readonly actionId: string
    }
