/**
 * Atrium's service timeline in the app: the Timeline tab on component pages.
 *
 * @packageDocumentation
 */
export { default, timelineApi, timelineEntityContent } from './plugin';
export { TimelineTab } from './TimelineTab';
export { timelineApiRef } from './api';
