/**
 * Test fixtures of the adoption frontend (`@atrium/plugin-adoption/testing`), for the app's tests of what shows
 * adoption figures: a fake AdoptionApi with fixed answers (Jest mocks, so for Jest tests only).
 *
 * @packageDocumentation
 */
export * from './fixtures';
