import { runApprovalStoreSuite } from '../approval-store.case.test.js'
import { runAuditLogSuite } from '../audit-log.case.test.js'
import { forEachBackend } from '../for-each-backend.case.test.js'
import { runFreezeStoreSuite } from '../freeze-store.case.test.js'
import { runGatewayStoreSuite } from '../gateway-store.case.test.js'
import { runGrantStoreSuite } from '../grant-store.case.test.js'
import { runProposalStoreSuite } from '../proposal-store.case.test.js'
import { runVelocityStoreSuite } from '../velocity-store.case.test.js'

forEachBackend({ kinds: ['postgres'] }, (backend) => {
  runGatewayStoreSuite(backend)
  runProposalStoreSuite(backend)
  runApprovalStoreSuite(backend)
  runGrantStoreSuite(backend)
  runFreezeStoreSuite(backend)
  runVelocityStoreSuite(backend)
  runAuditLogSuite(backend)
})
