import type { HomeService } from '@atrium/plugin-home-node';
import type {
  GatewayContext,
  GraphqlSchemaContribution,
} from '@atrium/plugin-graphql-node';

const typeDefs = /* GraphQL */ `
  extend type Viewer {
    "The first-week checklist, with the viewer's progress."
    checklist: Checklist!
  }

  type Checklist {
    title: String!
    items: [ChecklistItem!]!
  }

  type ChecklistItem {
    id: ID!
    title: String!
    description: String
    "A path in Atrium or an http(s) URL."
    url: String
    done: Boolean!
    "When the viewer ticked it off (ISO 8601)."
    doneAt: String
  }
`;

/** `Viewer.checklist`, read from the home backend on the viewer's behalf. */
export function homeSchema(
  home: Pick<HomeService, 'getChecklist'>,
): GraphqlSchemaContribution {
  return {
    typeDefs,
    listSizes: { 'Checklist.items': 50 },
    resolvers: {
      Viewer: {
        checklist: async (
          _viewer: unknown,
          _: unknown,
          ctx: GatewayContext,
        ) => {
          // The user ticks steps off through the home backend, which the response cache cannot see: an answer
          // that shows the checklist is not cached.
          ctx.cache.maxAge(0);
          return home.getChecklist({ credentials: ctx.credentials });
        },
      },
    },
  };
}
