/**
 * Atrium compute, shared by the compute backend, the compute frontend and other plugins: the App and Scaler
 * resources, the REST API's types and its typed client, the change causes of revisions, and the signal that
 * announces an applied action.
 *
 * @packageDocumentation
 */
export * from './resources';
export * from './api';
export * from './client';
export * from './approvals';
export * from './quantity';
export * from './changeCause';
export * from './signals';
export * from './owner';
