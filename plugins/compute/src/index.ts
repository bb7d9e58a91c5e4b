/**
 * Atrium compute frontend: the Compute tab on component pages and the team workloads card on group pages.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export {
  computeApi,
  computeEntityContent,
  computeTeamEntityCard,
} from './plugin';
export { computeApiRef } from './api';
export {
  actionNoun,
  describeApprovalChange,
  formatUntil,
  formatWhen,
  teamName,
  whoMayApprove,
} from './lib/approvals';
export { ReasonList } from './components/dialogs/ApprovalNotice';
export { APPROVALS_HOME_PATH } from './components/dialogs/ApprovalRequested';
