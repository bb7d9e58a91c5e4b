import type { AuthService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { OPERATIONS_ANNOTATIONS } from '@atrium/plugin-operations-common';
import type { AnnotatedComponents } from './FirstAlertRuleRecorder';

/** Components read at most per page. */
const PAGE = 500;

/**
 * The catalog's components that have an `atrium.dev/alert-matchers` annotation, read as the operations plugin
 * (its own service credentials: the task runs for no one), page by page and only the fields the matchers need;
 * the annotation is checked here (the catalog's filter for a present key is in another package).
 */
export function catalogAnnotatedComponents(
  catalog: Pick<CatalogService, 'queryEntities'>,
  auth: Pick<AuthService, 'getOwnServiceCredentials'>,
): AnnotatedComponents {
  return {
    async components() {
      const credentials = await auth.getOwnServiceCredentials();
      const entities: Entity[] = [];
      let cursor: string | undefined;
      do {
        const page = await catalog.queryEntities(
          cursor
            ? { cursor, limit: PAGE }
            : {
                filter: { kind: 'Component' },
                fields: [
                  'kind',
                  'metadata.name',
                  'metadata.namespace',
                  'metadata.annotations',
                ],
                orderFields: { field: 'metadata.name', order: 'asc' },
                limit: PAGE,
              },
          { credentials },
        );
        entities.push(
          ...page.items.filter(e =>
            e.metadata.annotations?.[
              OPERATIONS_ANNOTATIONS.alertMatchers
            ]?.trim(),
          ),
        );
        cursor = page.pageInfo.nextCursor;
      } while (cursor);
      return entities;
    },
  };
}
