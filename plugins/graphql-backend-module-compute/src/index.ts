/**
 * The compute part of Atrium's GraphQL gateway: `Entity.compute`, a component's workloads in brief.
 *
 * @packageDocumentation
 */
export { graphqlModuleCompute as default } from './module';
export { computeSchema, summarize } from './schema';
