/**
 * Atrium operations, shared by the operations backend, its frontend cards and other plugins: metric and alert
 * types, the annotations that tune them, the silence permission, and the REST API's typed client.
 *
 * @packageDocumentation
 */
export * from './api';
export * from './annotations';
export * from './permissions';
export * from './client';
