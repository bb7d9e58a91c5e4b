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
