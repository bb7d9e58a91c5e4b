/**
 * Atrium's service timeline, shared by the timeline backend, its sources and the frontend: the event types, the
 * kinds and the typed client of `/api/timeline`.
 *
 * @packageDocumentation
 */
export * from './api';
export * from './client';
