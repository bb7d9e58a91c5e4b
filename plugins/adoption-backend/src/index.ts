/**
 * Atrium adoption analytics and NPS backend.
 *
 * @packageDocumentation
 */
export { adoptionPlugin as default } from './plugin';
