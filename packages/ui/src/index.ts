/**
 * What Atrium's frontend plugins and the app share in how they show things.
 *
 * @packageDocumentation
 */
export { formatAgo } from './time';
export { describeError } from './errors';
