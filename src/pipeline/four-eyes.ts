/** Four-eyes progress of a request, for surfaces that show it to the humans who vote. */
export {
  describeFourEyes,
  type EligibleApprover,
  type FourEyesProgress,
} from '../approve/four-eyes-progress.js'
