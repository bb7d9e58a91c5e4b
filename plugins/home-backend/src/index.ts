/**
 * Atrium's personal Home on the server: widget layouts per user, per team (a default for its members) and for
 * everyone, at `/api/home`.
 *
 * @packageDocumentation
 */
export { homePlugin as default } from './plugin';
