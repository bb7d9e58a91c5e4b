import type { CacheService } from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';
import type { CatalogVersions } from './versions';

/**
 * What an answer was made from: the etag of each entity it shows, the owned-token of each owner it lists, the
 * token of each kind it lists (a `catalog` list: any entity of that kind, or of any kind for `*`), and the
 * caller's starred entities (a hash of them) when it shows which they starred.
 */
export interface AnswerDependencies {
  entities: Record<string, string>;
  owned: Record<string, string>;
  kinds?: Record<string, string>;
  starred?: string;
}

/** What the cache cannot know by itself: the caller's current starred entities (as `starredHash` makes them). */
export interface CallerState {
  starredHash(): Promise<string>;
}

interface CachedAnswer {
  body: string;
  deps: AnswerDependencies;
}

/**
 * Answers per user in Backstage's cache service (memory by default, Redis where `backend.cache` says so), so
 * that every replica shares them. The key is the caller (user ref and ownership refs, since what the catalog
 * shows depends on both), the schema and limits the query was checked against, the query text, the operation,
 * the variables and a hash of the forwarded headers' values (a user's own upstream token is not in the key as
 * such, yet an answer made with it is served only to requests with the same value). An answer is served only
 * while every entity it shows still has the etag it was read with, every owner it lists has the same
 * owned-token, every kind it lists the same kind token, and (for an answer that shows what the caller starred)
 * the caller's starred entities are the ones it was made with; otherwise it is dropped and made again.
 *
 * The starred entities are kept by Backstage's user-settings backend, which tells no backend when they change:
 * an answer that depends on them costs one read of them when it is served (the frontend's star button writes
 * there, so the next `catalog` query shows it at once).
 */
export class ResponseCache {
  constructor(
    private readonly cache: CacheService,
    private readonly versions: CatalogVersions,
  ) {}

  key(parts: {
    userRef: string;
    ownershipRefs: readonly string[];
    /** What the answer was checked against: the schema and the query limits. */
    schema: string;
    query: string;
    operationName?: string;
    variables?: unknown;
    /** The request's forwarded headers (e.g. a user's own upstream token): hashed into the key like the rest. */
    forwardedHeaders?: Readonly<Record<string, string | undefined>>;
  }): string {
    const hash = createHash('sha256');
    hash.update(parts.userRef);
    hash.update('\0');
    hash.update([...parts.ownershipRefs].sort().join(','));
    hash.update('\0');
    hash.update(parts.schema);
    hash.update('\0');
    hash.update(parts.operationName ?? '');
    hash.update('\0');
    hash.update(JSON.stringify(parts.variables ?? {}));
    hash.update('\0');
    // Into the key's own hash, like the rest: the key is a digest, so the values are never kept as such.
    hash.update(
      JSON.stringify(
        Object.entries(parts.forwardedHeaders ?? {})
          .filter(([, value]) => value !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : 1)),
      ),
    );
    hash.update('\0');
    hash.update(parts.query);
    return `answer:${hash.digest('base64url')}`;
  }

  /** The cached answer's body, if there is one and nothing it was made from has changed since. */
  async get(key: string, caller?: CallerState): Promise<string | undefined> {
    const value = (await this.cache.get(key)) as CachedAnswer | undefined;
    if (!value || typeof value.body !== 'string') {
      return undefined;
    }
    if (!(await this.isCurrent(value.deps, caller))) {
      await this.cache.delete(key);
      return undefined;
    }
    return value.body;
  }

  async set(
    key: string,
    body: string,
    deps: AnswerDependencies,
    ttlSeconds: number,
  ): Promise<void> {
    const value: CachedAnswer = { body, deps };
    await this.cache.set(key, value as any, { ttl: ttlSeconds * 1000 });
  }

  private async isCurrent(
    deps: AnswerDependencies,
    caller?: CallerState,
  ): Promise<boolean> {
    const entities = Object.entries(deps.entities);
    const owned = Object.entries(deps.owned);
    const kinds = Object.entries(deps.kinds ?? {});
    const checks = await Promise.all([
      ...(deps.starred === undefined
        ? []
        : [
            // Unreadable (the user-settings backend failing): not served; making the answer again says why.
            caller
              ? caller.starredHash().then(
                  hash => hash === deps.starred,
                  () => false,
                )
              : Promise.resolve(false),
          ]),
      ...kinds.map(
        async ([kind, token]) =>
          (await this.versions.kindToken(kind)) === token,
      ),
      ...entities.map(async ([ref, etag]) => {
        // Unknown to the watcher (not scanned yet, or long unchanged): the TTL bounds it.
        const current = await this.versions.entityEtag(ref);
        return current === undefined || current === etag;
      }),
      ...owned.map(
        async ([ref, token]) => (await this.versions.ownedToken(ref)) === token,
      ),
    ]);
    return checks.every(Boolean);
  }
}
