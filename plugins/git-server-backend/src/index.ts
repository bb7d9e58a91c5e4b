/**
 * The embedded default's git server: bare repositories under Atrium's data folder, served by Debian's
 * `git http-backend` (clone and fetch for anyone, push for the scaffolder), and their files as raw URLs for the
 * catalog. Development and tests only.
 *
 * @packageDocumentation
 */
export { gitServerPlugin as default } from './plugin';
