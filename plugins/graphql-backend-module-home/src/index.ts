/**
 * The personal Home's part of Atrium's GraphQL gateway: `Viewer.checklist`, the first-week checklist.
 *
 * @packageDocumentation
 */
export { graphqlModuleHome as default } from './module';
export { homeSchema } from './schema';
