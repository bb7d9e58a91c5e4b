/**
 * Test fixtures of the compute frontend (`@atrium/plugin-compute/testing`), for the app's tests of what shows
 * compute: Apps, requests for approval and a fake ComputeApi (Jest mocks, so for Jest tests only).
 *
 * @packageDocumentation
 */
export * from './fixtures';
