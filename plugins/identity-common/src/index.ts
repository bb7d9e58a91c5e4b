/**
 * Atrium's identity family, shared by its frontend and backend packages: the permission for acting on an
 * entity's software and the shape of the sign-in audit.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './audit';
