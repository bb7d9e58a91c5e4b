/**
 * Atrium's GraphQL gateway backend plugin (`/api/graphql`).
 *
 * @packageDocumentation
 */
export { graphqlPlugin as default } from './plugin';
