import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { CatalogChangeFeed } from '@atrium/plugin-catalog-change-feed-node';
import { randomUUID } from 'node:crypto';
import type { CatalogVersions } from './versions';

interface Seen {
  etag: string;
  owner?: string;
}

/** An entity that appeared (no before), changed, or went away (no after). */
interface Change {
  ref: string;
  before?: Seen;
  after?: Seen;
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
 * Finds what changed in the catalog since the last scan, and for each entity that appeared, changed or went away
 * records its new etag and a new owned-token for its old and new owner. Cached answers made from an older
 * version are then no longer served.
 *
 * With the catalog's change feed (`catalogChangeFeedServiceRef`), a scan reads only the entities the feed names
 * since its cursor (their etag and owner, in one `getEntitiesByRefs`; one that reads nothing was removed), so
 * its cost follows what changed. Without the feed, or when it answers with a reset (the first scan of a
 * process, a cursor too old, a burst of changes), a scan reads every entity's etag and owner (only those
 * fields, a page of 1,000 at a time, as the gateway itself). The first scan of a process records every entity.
 */
export class CatalogChangeWatcher {
  #seen = new Map<string, Seen>();
  #cursor?: string;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      versions: CatalogVersions;
      logger: LoggerService;
      feed?: CatalogChangeFeed;
    },
  ) {}

  /** One scan. Returns how many entities changed (all of them on the first scan). */
  async scan(): Promise<number> {
    const { feed } = this.deps;
    if (!feed) {
      return this.#scanAll();
    }
    const page = await feed.read(this.#cursor);
    const changed = page.reset
      ? await this.#scanAll()
      : await this.#scanRefs(page.refs);
    // Only once recorded: a scan that fails is read again from the same cursor.
    this.#cursor = page.cursor;
    return changed;
  }

  /** The entities the feed named: each read now, compared with what was seen of it. */
  async #scanRefs(refs: string[]): Promise<number> {
    if (!refs.length) return 0;
    const { catalog, auth } = this.deps;
    const credentials = await auth.getOwnServiceCredentials();
    const now = new Map<string, Seen | undefined>();
    for (let i = 0; i < refs.length; i += PAGE) {
      const chunk = refs.slice(i, i + PAGE);
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: chunk, fields: FIELDS },
        { credentials },
      );
      chunk.forEach((ref, index) => {
        const entity = items[index];
        now.set(
          ref,
          entity
            ? { etag: entity.metadata.etag ?? '', owner: ownerOf(entity) }
            : undefined,
        );
      });
    }
    const changes: Change[] = [];
    for (const [ref, seen] of now) {
      const before = this.#seen.get(ref);
      if (seen) {
        this.#seen.set(ref, seen);
      } else {
        this.#seen.delete(ref);
      }
      // A removed entity this process never saw is recorded as gone all the same: answers of other replicas or
      // of an earlier process may show it.
      if (seen?.etag !== before?.etag || !seen) {
        changes.push({ ref, before, after: seen });
      }
    }
    await this.#record(changes, true);
    return changes.length;
  }

  /** Every entity of the catalog, compared with every one seen. */
  async #scanAll(): Promise<number> {
    const { catalog, auth } = this.deps;
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

    const changes: Change[] = [];
    for (const [ref, seen] of now) {
      const before = this.#seen.get(ref);
      if (before?.etag !== seen.etag) {
        changes.push({ ref, before, after: seen });
      }
    }
    for (const [ref, before] of this.#seen) {
      if (!now.has(ref)) {
        changes.push({ ref, before });
      }
    }
    // On the first scan nothing is known of earlier answers' owners; tokens start at their current value.
    await this.#record(changes, this.#seen.size > 0);
    this.#seen = now;
    return changes.length;
  }

  /**
   * New etags (a unique one for an entity that is gone), new kind tokens and, unless told not to, new
   * owned-tokens.
   */
  async #record(changes: Change[], touchOwners: boolean): Promise<void> {
    const { versions } = this.deps;
    const changedOwners = new Set<string>();
    const changedKinds = new Set<string>();
    const writes: Promise<void>[] = [];
    for (const { ref, before, after } of changes) {
      changedKinds.add(ref.slice(0, ref.indexOf(':')));
      writes.push(
        versions.setEntityEtag(
          ref,
          after ? after.etag : `gone:${randomUUID()}`,
        ),
      );
      if (before?.owner) changedOwners.add(before.owner);
      if (after?.owner) changedOwners.add(after.owner);
    }
    // Lists depend on every entity of their kind (an entity that appears, changes or goes away moves them),
    // and their kind facet on the whole catalog (`*`).
    if (changes.length > 0) {
      const token = randomUUID();
      for (const kind of [...changedKinds, '*']) {
        writes.push(versions.touchKind(kind, token));
      }
    }
    if (touchOwners) {
      const token = randomUUID();
      for (const owner of changedOwners) {
        writes.push(versions.touchOwned(owner, token));
      }
    }
    await Promise.all(writes);
  }
}
