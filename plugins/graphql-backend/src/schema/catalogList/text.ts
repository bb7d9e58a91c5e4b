import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { CATALOG_TEXT_FIELDS } from '@atrium/plugin-graphql-common';
import { NOTHING, type Predicate } from './filter';

const PAGE = 2500;
/** The most entities a text may match: past this, the caller is asked for a narrower one. */
export const MAX_TEXT_MATCHES = 10_000;

function containsLiterally(entity: Entity, term: string): boolean {
  const { name, title, description, tags } = entity.metadata;
  return [name, title, description, ...(tags ?? [])].some(
    value =>
      typeof value === 'string' &&
      value.toLocaleLowerCase('en-US').includes(term),
  );
}

/**
 * The entities a text matches, as a predicate on their uids, so that the items and every facet count apply the
 * same search (the catalog's facets endpoint takes no `fullTextFilter`).
 *
 * The catalog searches with SQL `LIKE '%term%'` and escapes nothing, so `%` and `_` in a term are wildcards
 * there: it gives a superset, which is checked here against the literal text, case-insensitively (its search
 * values are lower case). Read with the caller's credentials, a page of 2,500 uids at a time, at most
 * MAX_TEXT_MATCHES (an InputError past that: a term that matches most of a large catalog is not a search).
 * Descriptions over 200 characters are not in the catalog's search index, as for its own search.
 */
export async function textPredicate(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  text: string,
): Promise<Predicate> {
  const term = text.toLocaleLowerCase('en-US');
  const literal = /[%_\\]/.test(term);
  const uids: string[] = [];
  let cursor: string | undefined;
  const tooMany = new InputError(
    `The text matches more than ${MAX_TEXT_MATCHES} entities: search for a longer one`,
  );
  for (let page = 0; ; page++) {
    if (page * PAGE > MAX_TEXT_MATCHES) throw tooMany;
    const fields = literal
      ? ['metadata.uid', ...CATALOG_TEXT_FIELDS]
      : ['metadata.uid'];
    const response = await catalog.queryEntities(
      cursor
        ? { cursor, limit: PAGE, fields }
        : {
            fullTextFilter: { term, fields: [...CATALOG_TEXT_FIELDS] },
            limit: PAGE,
            fields,
            totalItems: 'exclude',
          },
      { credentials },
    );
    for (const entity of response.items) {
      if (
        entity.metadata.uid &&
        (!literal || containsLiterally(entity, term))
      ) {
        uids.push(entity.metadata.uid);
      }
    }
    if (uids.length > MAX_TEXT_MATCHES) throw tooMany;
    cursor = response.pageInfo.nextCursor;
    if (!cursor) break;
  }
  return uids.length
    ? ({ 'metadata.uid': { $in: uids } } as Predicate)
    : NOTHING;
}
