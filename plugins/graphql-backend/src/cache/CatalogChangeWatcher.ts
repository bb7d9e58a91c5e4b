import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { randomUUID } from 'node:crypto';
import type { CatalogVersions } from './versions';

interface Seen {
  etag: string;
  owner?: string;
}

const PAGE = 1000;
/** A scan stops after this many pages (10 million entities) rather than loop forever on a broken cursor. */
const MAX_PAGES = 10_000;
/** All a scan reads of an entity. */
const FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.etag',
  'spec.owner',
];

function ownerOf(entity: Entity): string | undefined {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) {
    return undefined;
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/**
 * Finds what changed in the catalog since the last scan: it reads every entity's etag and owner (only those
 * fields, a page of 1,000 at a time, as the gateway itself), and for each entity that appeared, changed or went
 * away records its new etag and a new owned-token for its old and new owner. The first scan of a process
 * records every entity. Cached answers made from an older version are then no longer served.
 */
export class CatalogChangeWatcher {
  #seen = new Map<string, Seen>();

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      versions: CatalogVersions;
      logger: LoggerService;
    },
  ) {}

  /** One scan. Returns how many entities changed (all of them on the first scan). */
  async scan(): Promise<number> {
    const { catalog, auth, versions } = this.deps;
    const credentials = await auth.getOwnServiceCredentials();
    const now = new Map<string, Seen>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      // `fields` goes with every page: a cursor carries the query's filter and order but not its fields, so
      // without them every page after the first would bring whole entities.
      const response = await catalog.queryEntities(
        { ...(cursor ? { cursor } : {}), limit: PAGE, fields: FIELDS },
        { credentials },
      );
      for (const entity of response.items) {
        now.set(stringifyEntityRef(entity).toLocaleLowerCase('en-US'), {
          etag: entity.metadata.etag ?? '',
          owner: ownerOf(entity),
        });
      }
      cursor = response.pageInfo.nextCursor;
      if (!cursor) {
        break;
      }
    }

    const changedOwners = new Set<string>();
    const writes: Promise<void>[] = [];
    let changed = 0;
    for (const [ref, seen] of now) {
      const before = this.#seen.get(ref);
      if (before?.etag === seen.etag) {
        continue;
      }
      changed += 1;
      writes.push(versions.setEntityEtag(ref, seen.etag));
      if (before?.owner) changedOwners.add(before.owner);
      if (seen.owner) changedOwners.add(seen.owner);
    }
    for (const [ref, before] of this.#seen) {
      if (!now.has(ref)) {
        changed += 1;
        writes.push(versions.setEntityEtag(ref, `gone:${randomUUID()}`));
        if (before.owner) changedOwners.add(before.owner);
      }
    }
    // On the first scan nothing is known of earlier answers' owners; tokens start at their current value.
    if (this.#seen.size > 0) {
      const token = randomUUID();
      for (const owner of changedOwners) {
        writes.push(versions.touchOwned(owner, token));
      }
    }
    await Promise.all(writes);
    this.#seen = now;
    return changed;
  }
}
